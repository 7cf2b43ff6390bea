import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimHarness, type SimHarness, type SimUser } from '../helpers/sim-harness.js';

/** Within the last 15 min of a pre-sign's 2 h the BFF issues a fresh one. */
const NEAR_EXPIRY_S = 2 * 3600 - 10 * 60;

let h: SimHarness;
beforeEach(async () => {
  h = await createSimHarness();
});
afterEach(async () => {
  await h?.close();
});

/** Two signable pre-signs: the first one close to its expiry, then a fresh one. */
async function twoPresigns(user: SimUser) {
  const first = (await user.presign()).json;
  await h.advance(NEAR_EXPIRY_S);
  const second = await user.presign();
  expect(second.status).toBe(200);
  expect(second.json.out_contract_code).not.toBe(first.out_contract_code);
  return { first, second: second.json };
}

describe('regression: a second pre-sign hid the signed first one (current showed PRESIGNED)', () => {
  it('the old reproduction body is refused: the display account is not the client’s', async () => {
    const alice = await h.login('alice');
    const res = await alice.presign({ contract_display_account: 'acct-one' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('VALIDATION_FAILED');
  });

  it('pre-sign twice, sign the first → current SIGNED first, pre-sign 409, terminate works', async () => {
    const alice = await h.login('alice');
    const { first, second } = await twoPresigns(alice);
    expect((await h.confirm(first.pre_entrustweb_id)).status).toBe(200);
    await h.notificationsSettled(first.out_contract_code, 1);

    const current = await alice.current();
    expect(current.status).toBe(200);
    expect(current.json).toMatchObject({ out_contract_code: first.out_contract_code, state: 'SIGNED' });
    const again = await alice.presign();
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('CONTRACT_ALREADY_ACTIVE');

    const ended = await alice.terminate(first.out_contract_code);
    expect(ended.status).toBe(200);
    expect(ended.json.state).toBe('TERMINATED');
    expect((await alice.current()).json).toMatchObject({
      out_contract_code: first.out_contract_code,
      state: 'TERMINATED',
    });
    // The second pre-sign was never signed: it is handed out again, not shown as the status.
    expect((await alice.presign()).json.out_contract_code).toBe(second.out_contract_code);
  });

  it('signing the OLDER pre-sign with its notification lost is still found and shown', async () => {
    const alice = await h.login('alice');
    const { first, second } = await twoPresigns(alice);
    h.dropNotifications = true;
    expect((await h.confirm(first.pre_entrustweb_id)).status).toBe(200);
    await h.notificationsSettled(first.out_contract_code, 1);
    expect(h.dropped).toHaveLength(1);
    expect((await h.repo.findByCode(first.out_contract_code))?.state).toBe('PRESIGNED');

    await h.advance(5); // past the query throttle of the refresh done by the second pre-sign
    expect((await alice.current()).json).toMatchObject({
      out_contract_code: first.out_contract_code,
      state: 'SIGNED',
    });
    expect((await alice.presign()).status).toBe(409);
    expect((await h.repo.findByCode(second.out_contract_code))?.state).toBe('PRESIGNED');
  });

  it('a pre-sign call during the overlap notices the signed older one too (409)', async () => {
    const alice = await h.login('alice');
    const { first } = await twoPresigns(alice);
    h.dropNotifications = true;
    await h.confirm(first.pre_entrustweb_id);
    await h.advance(5);
    const res = await alice.presign();
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('CONTRACT_ALREADY_ACTIVE');
  });

  it('a pre-sign signed with its notification lost shows as SIGNED (current asks WeChat Pay)', async () => {
    const alice = await h.login('alice');
    const presign = (await alice.presign()).json;
    h.dropNotifications = true;
    await h.confirm(presign.pre_entrustweb_id);
    expect((await alice.current()).json).toMatchObject({
      out_contract_code: presign.out_contract_code,
      state: 'SIGNED',
    });
  });
});

describe('regression: after 解约 and a reload, the pre-fetched pre-sign replaced 已解约 (page said 未开通)', () => {
  for (const where of ['in the app', 'inside WeChat'] as const) {
    it(`terminated ${where}, then a new pre-sign: current still shows TERMINATED`, async () => {
      const alice = await h.login('alice');
      const presign = (await alice.presign()).json;
      const code = presign.out_contract_code as string;
      await h.confirm(presign.pre_entrustweb_id);
      await h.notificationsSettled(code, 1);
      if (where === 'in the app') {
        expect((await alice.terminate(code)).json.state).toBe('TERMINATED');
      } else {
        expect((await h.userTerminate(code)).status).toBe(200);
      }
      await h.notificationsSettled(code, 2);
      expect((await h.repo.findByCode(code))?.state).toBe('TERMINATED');

      const reload = await alice.presign(); // the page pre-fetches for the next tap
      expect(reload.status).toBe(200);
      expect(reload.json.out_contract_code).not.toBe(code);
      const current = await alice.current();
      expect(current.status).toBe(200);
      expect(current.json).toMatchObject({ out_contract_code: code, state: 'TERMINATED' });
      expect(current.json.terminated_at).toBeDefined();
    });
  }
});
