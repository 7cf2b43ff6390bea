import { TRANSACTION_SUCCESS_EVENT } from '@kit/contract-types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema } from '../helpers/pg.js';
import { createSimHarness, type SimHarness } from '../helpers/sim-harness.js';
import { type OrderUser, orderUser, prepayOf, type Sheet, sheet, signedUser } from '../helpers/sim-orders.js';

const AMERICANO = { product_id: 'americano' };

describe.each(['sqlite', 'postgres'] as const)('an order’s life against the simulator on %s', (engine) => {
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

  const outcomes = (no: string) =>
    h.database.db
      .selectFrom('processed_notifications')
      .select('outcome')
      .where('out_trade_no', '=', no)
      .execute();
  /** The plaintext WeChat Pay would send for this order once paid, with `change` applied. */
  async function successFor(created: { json: { payment: { package: string } } }, change: object = {}) {
    const tx = (await wx.view(prepayOf(created as never))).json.transaction;
    return {
      ...tx,
      trade_state: 'SUCCESS',
      transaction_id: '4200000000202612020000000001',
      success_time: '2026-12-02T10:00:00+08:00',
      ...change,
    };
  }
  async function newOrder(
    name: string,
  ): Promise<{ user: OrderUser; created: Awaited<ReturnType<OrderUser['order']>> }> {
    const user = orderUser(h, await h.login(name));
    const created = await user.order(AMERICANO, `attempt-${name}`);
    expect(created.status).toBe(201);
    return { user, created };
  }

  it('close: CLOSED through WeChat Pay, again 200; a paid order → 409 ORDER_ALREADY_PAID; others’ → 404', async () => {
    const { user, created } = await newOrder('u-close');
    const no = created.json.out_trade_no;
    const intruder = orderUser(h, await h.login('u-intruder'));
    expect((await intruder.getOrder(no)).status).toBe(404);
    expect((await intruder.closeOrder(no)).status).toBe(404);

    const closed = await user.closeOrder(no);
    expect(closed.json).toMatchObject({ state: 'CLOSED', closed_at: expect.any(String) });
    expect((await wx.view(prepayOf(created))).json.transaction.trade_state).toBe('CLOSED');
    expect((await user.closeOrder(no)).json.state).toBe('CLOSED');
    const replay = await user.order(AMERICANO, 'attempt-u-close');
    expect([replay.status, replay.json.code]).toEqual([409, 'ORDER_CLOSED']);

    const other = await user.order({ product_id: 'latte' }, 'attempt-u-close-2');
    await wx.pay(prepayOf(other), '123456');
    await wx.paymentsSettled(other.json.out_trade_no, 1);
    const paid = await user.closeOrder(other.json.out_trade_no);
    expect([paid.status, paid.json.code]).toEqual([409, 'ORDER_ALREADY_PAID']);
  });

  it('past expires_at an order is closed through the close API when it is read (or replayed)', async () => {
    const { user, created } = await newOrder('u-expiry');
    const replayed = await newOrder('u-expiry-replay');
    await h.advance(31 * 60);
    await wx.fault('close_order', 'delay', 5, 1); // counts the close calls
    const replay = await replayed.user.order(AMERICANO, 'attempt-u-expiry-replay');
    expect([replay.status, replay.json.code]).toEqual([409, 'ORDER_CLOSED']);
    expect((await wx.view(prepayOf(replayed.created))).json.transaction.trade_state).toBe('CLOSED');
    const read = await user.getOrder(created.json.out_trade_no);
    expect(read.json).toMatchObject({ state: 'CLOSED', closed_at: expect.any(String) });
    const row = await h.database.db
      .selectFrom('orders')
      .selectAll()
      .where('out_trade_no', '=', created.json.out_trade_no)
      .executeTakeFirst();
    expect(row?.close_reason).toBe('EXPIRED');
    expect(await wx.faultsLeft('close_order')).toBe(3);
    await user.getOrder(created.json.out_trade_no);
    expect(await wx.faultsLeft('close_order')).toBe(3); // closed: no more calls
  });

  it('with the payment notification lost, reading the order asks the order query → PAID', async () => {
    const { user, created } = await newOrder('u-lost');
    h.dropNotifications = true;
    await wx.pay(prepayOf(created), '123456');
    const read = await user.getOrder(created.json.out_trade_no);
    expect(read.json).toMatchObject({ state: 'PAID', transaction_id: expect.any(String) });
  });

  it('a refused password-free payment: pay_mode NORMAL closes that order first, then pays normally', async () => {
    const user = await signedUser(h, 'u-refused');
    const pf = await user.order(AMERICANO, 'attempt-refused-1');
    expect(pf.json.pay_mode).toBe('PASSWORD_FREE');
    expect((await wx.refusePasswordFree(prepayOf(pf))).json.transaction.trade_state).toBe('PAYERROR');
    expect((await user.getOrder(pf.json.out_trade_no)).json.state).toBe('CREATED');
    const normal = await user.order({ ...AMERICANO, pay_mode: 'NORMAL' }, 'attempt-refused-2');
    expect(normal.status).toBe(201);
    expect(normal.json).toMatchObject({ pay_mode: 'NORMAL', sign_after_pay: false });
    expect((await user.getOrder(pf.json.out_trade_no)).json.state).toBe('CLOSED');
    expect((await wx.view(prepayOf(pf))).json.transaction.trade_state).toBe('CLOSED');
    await wx.pay(prepayOf(normal), '123456');
    await wx.paymentsSettled(normal.json.out_trade_no, 1);
    expect((await user.getOrder(normal.json.out_trade_no)).json.state).toBe('PAID');
  });

  it('a correctly signed SUCCESS with another amount is not applied: 204, logged, recorded as mismatch', async () => {
    const { user, created } = await newOrder('u-mismatch');
    const no = created.json.out_trade_no;
    const forged = await successFor(created, { amount: { total: 1, currency: 'CNY' } });
    expect(await h.postNotification(forged, TRANSACTION_SUCCESS_EVENT, 'transaction')).toBe(204);
    expect((await user.getOrder(no)).json.state).toBe('CREATED');
    expect(await outcomes(no)).toEqual([{ outcome: 'mismatch' }]);
    expect(h.logs.join('')).toContain('payment notification does not match the order');
    const otherPayer = await successFor(created, { payer: { sub_openid: 'o-someone-else' } });
    expect(await h.postNotification(otherPayer, TRANSACTION_SUCCESS_EVENT, 'transaction')).toBe(204);
    expect((await user.getOrder(no)).json.state).toBe('CREATED');
  });

  it('a late SUCCESS for a CLOSED order is recorded and alerted, the order stays CLOSED', async () => {
    const { user, created } = await newOrder('u-late');
    const no = created.json.out_trade_no;
    const success = await successFor(created);
    await user.closeOrder(no);
    expect(await h.postNotification(success, TRANSACTION_SUCCESS_EVENT, 'transaction')).toBe(204);
    expect((await user.getOrder(no)).json.state).toBe('CLOSED');
    expect(await outcomes(no)).toEqual([{ outcome: 'paid_after_close' }]);
    expect(h.logs.join('')).toContain('payment notification for a closed order');
  });
});
