import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema } from '../helpers/pg.js';
import { createSimHarness, type SimHarness } from '../helpers/sim-harness.js';
import { ordersRepoOf, orderUser, type Sheet, sheet, signedUser } from '../helpers/sim-orders.js';

const AMERICANO = { product_id: 'americano' };

describe.each(['sqlite', 'postgres'] as const)('orders and WeChat Pay failures on %s', (engine) => {
  let h: SimHarness;
  let wx: Sheet;
  let dropSchema: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const pg = engine === 'postgres' ? await freshSchema() : undefined;
    dropSchema = pg?.drop;
    h = await createSimHarness(pg ? { pgSchema: pg.schema } : {});
    wx = sheet(h);
  });
  afterEach(async () => {
    h.dropNotifications = false;
    await wx.clearFaults();
  });
  afterAll(async () => {
    await h?.close();
    await dropSchema?.();
  });

  it('an upstream 500 is retried with the same out_trade_no; after 503 the same key finishes that order', async () => {
    const user = orderUser(h, await h.login('u-500'));
    await wx.fault('order', 'system_error', 1);
    const retried = await user.order(AMERICANO, 'attempt-500-once');
    expect(retried.status).toBe(201);
    expect(await wx.faultsLeft('order')).toBe(0);

    await wx.fault('order', 'system_error', 3); // the first try and both transport retries
    const failed = await user.order(AMERICANO, 'attempt-500-down');
    expect([failed.status, failed.json.code]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
    expect(await wx.faultsLeft('order')).toBe(0);
    const byKey = () =>
      h.database.db
        .selectFrom('orders')
        .selectAll()
        .where('idempotency_key', '=', 'attempt-500-down')
        .execute();
    const [kept, ...none] = await byKey();
    expect(none).toEqual([]);
    expect(kept).toMatchObject({ state: 'CREATED', prepay_id: null, upstream_lease_until: null });
    const again = await user.order(AMERICANO, 'attempt-500-down');
    expect(again.status).toBe(200);
    expect(again.json.out_trade_no).toBe(kept!.out_trade_no);
    expect(await wx.simOrders(again.json.out_trade_no)).toBe(1);
    expect(await byKey()).toHaveLength(1);
    const row = await ordersRepoOf(h).findByNo(again.json.out_trade_no);
    expect(row).toMatchObject({ idempotency_key: 'attempt-500-down', state: 'CREATED' });
    expect(row?.prepay_id).toBe(String(again.json.payment.package).replace('prepay_id=', ''));
  });

  it('a connection lost on both hosts is sent once more with the same out_trade_no', async () => {
    const user = orderUser(h, await h.login('u-drop'));
    await wx.fault('order', 'drop', 2); // the primary and the backup host both drop the call
    const created = await user.order(AMERICANO, 'attempt-drop-0001');
    expect(created.status).toBe(201);
    expect(await wx.faultsLeft('order')).toBe(0);
    expect(await wx.simOrders(created.json.out_trade_no)).toBe(1);
  });

  it('a 4xx is never retried: a contract terminated in WeChat (news lost) → 409 PASSWORD_FREE_REFUSED once', async () => {
    const user = await signedUser(h, 'u-4xx');
    const code = (await user.current()).json.out_contract_code;
    expect((await user.order(AMERICANO, 'attempt-4xx-0001')).json.pay_mode).toBe('PASSWORD_FREE');
    h.dropNotifications = true;
    expect((await h.userTerminate(code)).status).toBe(200);

    await wx.fault('order', 'delay', 3, 1);
    const refused = await user.order({ product_id: 'latte' }, 'attempt-4xx-0002');
    expect([refused.status, refused.json.code]).toEqual([409, 'PASSWORD_FREE_REFUSED']);
    expect(await wx.faultsLeft('order')).toBe(2); // one create call
    expect((await h.repo.findByCode(code))?.state).toBe('TERMINATED');
    const again = await user.order({ product_id: 'latte' }, 'attempt-4xx-0002');
    expect([again.status, again.json.code]).toEqual([409, 'ORDER_CLOSED']);
    expect(await wx.faultsLeft('order')).toBe(2);

    const fallback = await user.order({ product_id: 'latte' }, 'attempt-4xx-0003');
    expect(fallback.json).toMatchObject({ pay_mode: 'NORMAL', sign_after_pay: true });
  });

  it('a SIGNED contract not confirmed for 10 min is re-checked: terminated in WeChat → an ordinary order', async () => {
    const user = await signedUser(h, 'u-stale');
    const code = (await user.current()).json.out_contract_code;
    expect((await user.order(AMERICANO, 'attempt-stale-01')).json.pay_mode).toBe('PASSWORD_FREE');
    h.dropNotifications = true;
    await h.userTerminate(code);
    await h.advance(11 * 60);
    const next = await user.order(AMERICANO, 'attempt-stale-02');
    expect(next.status).toBe(201);
    expect(next.json.pay_mode).toBe('NORMAL');
    const events = await h.repo.events(code);
    expect(events.map((e) => [e.to_state, e.source])).toContainEqual(['TERMINATED', 'query']);
  });

  it('limits order creation per user (20 a minute)', async () => {
    const user = orderUser(h, await h.login('u-limit'));
    const other = orderUser(h, await h.login('u-limit-other'));
    for (let i = 0; i < 20; i++) {
      expect((await user.order({ product_id: 'none' }, `attempt-limit-${i}`)).status).toBe(404);
    }
    const limited = await user.order({ product_id: 'none' }, 'attempt-limit-x');
    expect([limited.status, limited.json.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await other.order({ product_id: 'none' }, 'attempt-limit-y')).status).toBe(404);
  });
});
