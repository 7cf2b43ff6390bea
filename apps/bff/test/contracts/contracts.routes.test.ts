import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { bearer, createHarness, type Harness, loginWithPresign } from '../helpers/harness.js';

let h: Harness;
let alice: string;
let code: string;
beforeEach(async () => {
  h = await createHarness();
  ({ token: alice, code } = await loginWithPresign(h, 'alice'));
});
afterEach(async () => {
  await h.close();
});

const get = (c: string, t = alice) => h.app.inject({ url: `/v1/contracts/${c}`, headers: bearer(t) });
const current = (t = alice) => h.app.inject({ url: '/v1/contracts/current', headers: bearer(t) });
const terminate = (c: string, t = alice, payload: object = {}) =>
  h.app.inject({ method: 'POST', url: `/v1/contracts/${c}/terminate`, headers: bearer(t), payload });
const events = () => createContractsRepo(h.database.db, () => 'x').events(code);

describe('GET /v1/contracts/:out_contract_code', () => {
  it('shows the owner’s PRESIGNED contract and asks WeChat Pay at most once per 5 s', async () => {
    const first = await get(code);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      out_contract_code: code,
      state: 'PRESIGNED',
      sub_mchid: h.identity.subMerchants[0]!.sub_mchid,
      service_id: h.identity.subMerchants[0]!.service_id,
    });
    await get(code);
    expect(h.fake.calls('query')).toHaveLength(1);
    h.clock.now += 5_000;
    h.fake.sign(code, { contract_id: 'CT0001' });
    const signed = (await get(code)).json();
    expect(signed).toMatchObject({
      state: 'SIGNED',
      contract_id: 'CT0001',
      signed_at: '2026-11-28T02:00:00.000Z',
    });
    expect(signed.expires_at).toBeUndefined();
    expect(h.fake.calls('query')).toHaveLength(2);
    await get(code);
    expect(h.fake.calls('query')).toHaveLength(2);
    expect((await events()).map((e) => [e.from_state, e.to_state, e.source])).toEqual([
      ['PRESIGNED', 'SIGNED', 'query'],
    ]);
  });

  it('answers 404 for someone else’s code (IDOR), an unknown code, and 400 for a malformed one', async () => {
    const bob = await h.login('bob');
    const idor = await get(code, bob);
    expect(idor.statusCode).toBe(404);
    expect(idor.json().code).toBe('NOT_FOUND');
    expect((await get('a'.repeat(32))).statusCode).toBe(404);
    const bad = await get('bad-code!');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect((await terminate(code, bob)).statusCode).toBe(404);
  });

  it('turns a pre-sign WeChat Pay never saw signed into EXPIRED after 2 h', async () => {
    h.clock.now += 2 * 3600_000 + 1;
    alice = await h.login('alice'); // the session expired too; the same user logs in again
    const res = (await get(code)).json();
    expect(res.state).toBe('EXPIRED');
    expect(res.expires_at).toBeDefined();
    // Forward only: nothing moves an EXPIRED contract back.
    h.clock.now += 10_000;
    expect((await get(code)).json().state).toBe('EXPIRED');
  });

  it('keeps showing PRESIGNED when the query API is down', async () => {
    for (let i = 0; i < 3; i++) h.fake.faults.query.push({ kind: 'status', status: 500 });
    const res = await get(code);
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('PRESIGNED');
  });
});

describe('GET /v1/contracts/current', () => {
  it('a pre-sign that was never signed is not a status: 404 NO_CONTRACT', async () => {
    const res = await current();
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NO_CONTRACT');
    // It asked WeChat Pay about the live pre-sign first (throttled like GET /:code).
    expect(h.fake.calls('query')).toHaveLength(1);
    await current();
    expect(h.fake.calls('query')).toHaveLength(1);
    const bob = await h.login('bob');
    expect((await current(bob)).statusCode).toBe(404);
  });

  it('shows a pre-sign signed with its notification lost as SIGNED', async () => {
    h.fake.sign(code, { contract_id: 'CT-LOST' });
    expect((await current()).json()).toMatchObject({ out_contract_code: code, state: 'SIGNED' });
  });

  it('keeps showing TERMINATED after a new pre-sign (已解约 stays until signed again)', async () => {
    h.fake.sign(code);
    expect((await terminate(code)).json().state).toBe('TERMINATED');
    const next = await h.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: bearer(alice),
      payload: {},
    });
    expect(next.json().out_contract_code).not.toBe(code);
    expect((await current()).json()).toMatchObject({ out_contract_code: code, state: 'TERMINATED' });
    h.fake.sign(next.json().out_contract_code);
    h.clock.now += 5_000;
    expect((await current()).json()).toMatchObject({
      out_contract_code: next.json().out_contract_code,
      state: 'SIGNED',
    });
  });
});

describe('POST /v1/contracts/:code/terminate', () => {
  it('terminates a signed contract through WeChat Pay and is idempotent', async () => {
    h.fake.sign(code);
    const res = await terminate(code, alice, { remark: '不再需要' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'TERMINATED',
      termination_mode: 'MERCHANT_TERMINATE',
      terminated_at: '2026-11-28T04:00:00.000Z',
    });
    const call = h.fake.calls('terminate')[0]!;
    expect(call.json).toEqual({ contract_termination_remark: '不再需要' });
    const again = await terminate(code);
    expect(again.statusCode).toBe(200);
    expect(again.json().state).toBe('TERMINATED');
    expect(h.fake.calls('terminate')).toHaveLength(1);
    expect((await events()).map((e) => e.to_state)).toEqual(['SIGNED', 'TERMINATED']);
    expect((await current()).json().state).toBe('TERMINATED');
  });

  it('answers 409 CONTRACT_NOT_ACTIVE for a contract that was never signed', async () => {
    const res = await terminate(code);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONTRACT_NOT_ACTIVE');
    expect(h.fake.calls('terminate')).toHaveLength(0);
  });

  it('treats "already terminated in WeChat" as success after asking the query API', async () => {
    h.fake.sign(code);
    expect((await get(code)).json().state).toBe('SIGNED');
    // The user terminated inside WeChat; our terminate call is refused.
    h.fake.contracts.get(code)!.contract_terminate_info = { contract_termination_mode: 'USER_TERMINATE' };
    const res = await terminate(code);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'TERMINATED', termination_mode: 'USER_TERMINATE' });
  });

  it('maps upstream failures: 4xx → 502 UPSTREAM_REJECTED, 5xx → 503, unsigned → 502 UPSTREAM_UNVERIFIED', async () => {
    h.fake.sign(code);
    await get(code);
    h.fake.faults.terminate.push({
      kind: 'status',
      status: 403,
      body: { code: 'NO_AUTH', message: '无权限' },
    });
    expect((await terminate(code)).json().code).toBe('UPSTREAM_REJECTED');
    for (let i = 0; i < 3; i++) h.fake.faults.terminate.push({ kind: 'status', status: 503 });
    expect((await terminate(code)).statusCode).toBe(503);
    h.fake.faults.terminate.push({ kind: 'unsigned' });
    const unverified = await terminate(code);
    expect(unverified.statusCode).toBe(502);
    expect(unverified.json().code).toBe('UPSTREAM_UNVERIFIED');
    // Still SIGNED here: nothing was recorded for failed calls.
    expect((await get(code)).json().state).toBe('SIGNED');
  });

  it('a contract WeChat Pay does not know (terminate and query both say so) ends as not active', async () => {
    h.fake.sign(code);
    expect((await get(code)).json().state).toBe('SIGNED');
    h.fake.contracts.delete(code); // e.g. the record came from another environment
    const res = await terminate(code);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'TERMINATED', termination_mode: 'UNKNOWN_TO_WECHATPAY' });
    expect(h.fake.calls('terminate')).toHaveLength(1);
    expect(h.fake.calls('query').length).toBeGreaterThanOrEqual(2);
    // The user is not stuck: a new pre-sign works.
    const again = await h.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: bearer(alice),
      payload: {},
    });
    expect(again.statusCode).toBe(200);
  });

  it('a "no such contract" refusal that the query API contradicts changes nothing', async () => {
    h.fake.sign(code);
    await get(code);
    h.fake.faults.terminate.push({
      kind: 'status',
      status: 404,
      body: { code: 'RESOURCE_NOT_EXISTS', message: '协议不存在' },
    });
    const res = await terminate(code);
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('UPSTREAM_REJECTED');
    expect((await get(code)).json().state).toBe('SIGNED');
  });

  it('validates the remark', async () => {
    const res = await terminate(code, alice, { remark: 'x'.repeat(257) });
    expect(res.statusCode).toBe(400);
  });
});
