import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimHarness, type SimHarness, type SimUser } from '../helpers/sim-harness.js';

let h: SimHarness;
let alice: SimUser;
let code: string;
let preEntrustwebId: string;
beforeEach(async () => {
  h = await createSimHarness();
  alice = await h.login('alice');
  const presign = (await alice.presign()).json;
  code = presign.out_contract_code;
  preEntrustwebId = presign.pre_entrustweb_id;
});
afterEach(async () => {
  await h?.close();
});

const outcomes = async () =>
  (await h.database.db.selectFrom('processed_notifications').select('outcome').execute()).map(
    (r) => r.outcome,
  );
const state = async () => (await h.repo.findByCode(code))?.state;

describe('regression: a correctly signed but thin or foreign notification was applied', () => {
  it('{out_contract_code, contract_state: SIGNED, contract_id: FORGED123} is not applied', async () => {
    const forged = { out_contract_code: code, contract_state: 'SIGNED', contract_id: 'FORGED123' };
    expect(await h.postNotification(forged, 'PASSWORD_EXEMPT_CONTRACT.SIGN')).toBe(204);
    expect(await state()).toBe('PRESIGNED');
    expect(await outcomes()).toEqual(['unchanged']);
    expect(h.logs.join('')).toContain('"reason":"mchid missing"');
    // The user is not stuck: signing for real still works, with WeChat's contract_id.
    await h.confirm(preEntrustwebId);
    await h.notificationsSettled(code, 1);
    const row = await h.repo.findByCode(code);
    expect(row?.state).toBe('SIGNED');
    expect(row?.contract_id).not.toBe('FORGED123');
  });

  it('event_type TRANSACTION.SUCCESS never changes a contract, even with a complete plaintext', async () => {
    h.dropNotifications = true; // keep WeChat's own SIGN away; only the payment event arrives
    await h.confirm(preEntrustwebId);
    const [delivery] = await h.notificationsSettled(code, 1);
    expect(delivery?.status).toBe('delivered');
    // WeChat's own view of the signed contract: every identity field right.
    const listed = (await (await fetch(`${h.sim.url}/sim/contracts`)).json()) as { contracts: object[] };
    const contract = listed.contracts[0];
    expect(contract).toMatchObject({ out_contract_code: code, mchid: h.config.wechatpay.mchid });
    const plaintext = { ...contract, sub_mchid: h.sim.identity.subMerchants[0]!.sub_mchid };
    // The envelope says payment, the resource says contract: unreadable as either, refused unread.
    expect(await h.postNotification(plaintext, 'TRANSACTION.SUCCESS')).toBe(400);
    expect(await state()).toBe('PRESIGNED');
    expect(await outcomes()).toEqual([]);
  });

  it('the simulator’s genuine notification (mchid, sub_mchid, sub_openid all ours) applies without a query', async () => {
    await h.confirm(preEntrustwebId);
    await h.notificationsSettled(code, 1);
    expect(await state()).toBe('SIGNED');
    expect((await h.repo.events(code)).map((e) => `${e.source}:${e.to_state}`)).toEqual([
      'notification:SIGNED',
    ]);
  });
});

describe('regression: a contract WeChat Pay does not know left the user stuck (terminate failed forever)', () => {
  it('terminate answered RESOURCE_NOT_EXISTS, confirmed by query → not active, pre-sign works again', async () => {
    // What the forged notification used to leave behind: SIGNED here, unknown to WeChat Pay.
    await h.repo.transition(
      code,
      { to: 'SIGNED', contractId: 'FORGED123', signedAt: new Date().toISOString() },
      { source: 'notification', now: new Date().toISOString() },
    );
    expect((await alice.presign()).status).toBe(409);
    const ended = await alice.terminate(code);
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ state: 'TERMINATED', termination_mode: 'UNKNOWN_TO_WECHATPAY' });
    expect((await alice.current()).json).toMatchObject({ out_contract_code: code, state: 'TERMINATED' });
    const fresh = await alice.presign();
    expect(fresh.status).toBe(200);
    expect(fresh.json.out_contract_code).not.toBe(code);
  });
});
