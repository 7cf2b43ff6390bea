import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openidFor } from '../helpers/fake-wechat.js';
import { bearer, createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await createHarness();
  token = await h.login('alice');
});
afterEach(async () => {
  await h.close();
});

const presign = (body: object = {}, t = token) =>
  h.app.inject({ method: 'POST', url: '/v1/contracts/pre-sign', headers: bearer(t), payload: body });
const sub = () => h.identity.subMerchants[0]!;

describe('POST /v1/contracts/pre-sign', () => {
  it('creates a contract and calls WeChat Pay with the session’s identity, never the client’s', async () => {
    const res = await presign();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.out_contract_code).toMatch(/^[0-9A-Za-z]{1,32}$/);
    expect(body).toMatchObject({ sign_mp_appid: 'wxbd687630cd02ce1d' });
    expect(Date.parse(body.expires_at)).toBe(h.clock.now + 2 * 3600_000);
    const sent = h.fake.calls('presign')[0]!.json!;
    expect(sent).toEqual({
      sp_appid: 'wxsp00000000000001',
      sub_mchid: sub().sub_mchid,
      sub_appid: sub().sub_appid,
      sub_openid: openidFor(sub().sub_appid, 'alice'),
      service_id: sub().service_id,
      out_contract_code: body.out_contract_code,
      notify_url: h.config.wechatpay.notifyUrl,
      contract_display_account: sub().contract_display_account,
    });
    const view = await h.app.inject({
      url: `/v1/contracts/${body.out_contract_code}`,
      headers: bearer(token),
    });
    expect(view.json()).toMatchObject({ state: 'PRESIGNED', expires_at: body.expires_at });
  });

  it('refuses a client-chosen contract_display_account: the sub-merchant’s configuration decides', async () => {
    for (const body of [{ contract_display_account: 'acct-one' }, { unexpected: 1 }]) {
      const res = await presign(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect(h.fake.calls('presign')).toHaveLength(0);
    expect((await presign()).statusCode).toBe(200);
    expect(h.fake.calls('presign')[0]!.json!.contract_display_account).toBe(sub().contract_display_account);
  });

  it('reuses the caller’s unexpired pre-sign without calling WeChat Pay while > 15 min remain', async () => {
    const first = (await presign()).json();
    h.clock.now += 100 * 60_000; // 20 min left
    const again = await presign();
    expect(again.json()).toEqual(first);
    expect(h.fake.calls('presign')).toHaveLength(1);

    // Another user gets their own.
    const bob = await h.login('bob');
    const other = (await presign({}, bob)).json();
    expect(other.out_contract_code).not.toBe(first.out_contract_code);

    h.clock.now += 6 * 60_000; // 14 min left: ask WeChat (not signed) and issue a fresh one
    const fresh = (await presign()).json();
    expect(fresh.out_contract_code).not.toBe(first.out_contract_code);
    expect(h.fake.calls('query').map((r) => r.path)).toEqual([
      expect.stringContaining(first.out_contract_code),
    ]);
  });

  it('answers 409 CONTRACT_ALREADY_ACTIVE when the user has a signed contract', async () => {
    const { out_contract_code } = (await presign()).json();
    h.fake.sign(out_contract_code);
    const view = await h.app.inject({ url: `/v1/contracts/${out_contract_code}`, headers: bearer(token) });
    expect(view.json().state).toBe('SIGNED');
    const res = await presign();
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONTRACT_ALREADY_ACTIVE');
    // Another sub-merchant of the same provider is a different contract.
    const other = await h.login('alice', h.identity.subMerchants[1]!.sub_appid);
    expect((await presign({}, other)).statusCode).toBe(200);
  });

  it('retries an upstream 500 with the same out_contract_code', async () => {
    h.fake.faults.presign.push({ kind: 'status', status: 500 });
    const res = await presign();
    expect(res.statusCode).toBe(200);
    const calls = h.fake.calls('presign');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toBe(calls[0]!.body);
    expect(calls[0]!.json!.out_contract_code).toBe(res.json().out_contract_code);
  });

  it('stores the code before the call: after upstream failure a retry reuses it', async () => {
    for (let i = 0; i < 3; i++) h.fake.faults.presign.push({ kind: 'status', status: 500 });
    const failed = await presign();
    expect(failed.statusCode).toBe(503);
    expect(failed.json().code).toBe('UPSTREAM_UNAVAILABLE');
    const ok = await presign();
    expect(ok.statusCode).toBe(200);
    const codes = new Set(h.fake.calls('presign').map((c) => c.json!.out_contract_code));
    expect(codes).toEqual(new Set([ok.json().out_contract_code]));
    expect(h.fake.calls('presign')).toHaveLength(4);
  });

  it('an unsigned 2xx is forged: 502 UPSTREAM_UNVERIFIED, and so is a bad signature', async () => {
    h.fake.faults.presign.push({ kind: 'unsigned' });
    const unsigned = await presign();
    expect(unsigned.statusCode).toBe(502);
    expect(unsigned.json().code).toBe('UPSTREAM_UNVERIFIED');
    h.fake.faults.presign.push({ kind: 'bad_signature' });
    const bad = await presign();
    expect(bad.statusCode).toBe(502);
    expect(bad.json().code).toBe('UPSTREAM_UNVERIFIED');
  });

  it('an upstream 4xx is 502 UPSTREAM_REJECTED, not retried, with WeChat’s code and Request-ID logged', async () => {
    h.fake.faults.presign.push({
      kind: 'status',
      status: 400,
      body: { code: 'PARAM_ERROR', message: '参数错误' },
    });
    const res = await presign();
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('UPSTREAM_REJECTED');
    expect(h.fake.calls('presign')).toHaveLength(1);
    const line = h.logs.find((l) => l.includes('PARAM_ERROR'));
    expect(line).toBeDefined();
    expect(line).toContain('REQ-FAKE-1');
  });

  it('uses the backup host when the primary is down', async () => {
    await h.close();
    h = await createHarness({ env: { WECHATPAY_BASE_URL: 'http://127.0.0.1:9' } });
    token = await h.login('alice');
    const res = await presign();
    expect(res.statusCode).toBe(200);
    expect(h.fake.calls('presign')).toHaveLength(1);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE when both hosts are down', async () => {
    await h.close();
    h = await createHarness({
      env: { WECHATPAY_BASE_URL: 'http://127.0.0.1:9', WECHATPAY_BACKUP_BASE_URL: 'http://127.0.0.1:9' },
    });
    token = await h.login('alice');
    const res = await presign();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('rate-limits pre-sign per user', async () => {
    await h.close();
    h = await createHarness({
      tweak: (c) => {
        c.rateLimits.presignPerUser = { max: 2, timeWindowMs: 60_000 };
      },
    });
    token = await h.login('alice');
    const bob = await h.login('bob');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await presign()).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await presign({}, bob)).statusCode).toBe(200);
  });

  it('accepts an absent or empty body (wx.request without data) like {}', async () => {
    const bare = await h.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: bearer(token),
    });
    expect(bare.statusCode).toBe(200);
    const empty = await h.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.json()).toEqual(bare.json());
    const broken = await h.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '{"contract_display_account":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('VALIDATION_FAILED');
  });

  it('requires a session', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/contracts/pre-sign', payload: {} });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});
