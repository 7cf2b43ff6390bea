import { readFileSync } from 'node:fs';
import { buildPaySignMessage, loadPublicKey, verifyMessage } from '@kit/wechatpay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema } from '../helpers/pg.js';
import { createSimHarness, type SimHarness } from '../helpers/sim-harness.js';
import { ordersRepoOf, orderUser, prepayOf, type Sheet, sheet, signedUser } from '../helpers/sim-orders.js';

const AMERICANO = { product_id: 'americano' };

describe.each(['sqlite', 'postgres'] as const)('POST /v1/orders against the simulator on %s', (engine) => {
  let h: SimHarness;
  let wx: Sheet;
  let dropSchema: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const pg = engine === 'postgres' ? await freshSchema() : undefined;
    dropSchema = pg?.drop;
    h = await createSimHarness(pg ? { pgSchema: pg.schema } : {});
    wx = sheet(h);
  });
  afterAll(async () => {
    await h?.close();
    await dropSchema?.();
  });

  it('lists the sub-merchant’s catalog in fen', async () => {
    const user = orderUser(h, await h.login('u-products'));
    const res = await user.products();
    expect(res.status).toBe(200);
    expect(res.json.products).toEqual([
      { product_id: 'americano', description: '美式咖啡（中杯）', amount_total: 1200, currency: 'CNY' },
      { product_id: 'latte', description: '拿铁咖啡（大杯）', amount_total: 1850, currency: 'CNY' },
    ]);
  });

  it('a signed user pays password-free; the TRANSACTION.SUCCESS makes the order PAID once', async () => {
    const user = await signedUser(h, 'u-signed');
    const created = await user.order(AMERICANO, 'attempt-signed-1');
    expect(created.status).toBe(201);
    const sub = h.sim.identity.subMerchants[0]!;
    expect(created.json).toMatchObject({
      state: 'CREATED',
      pay_mode: 'PASSWORD_FREE',
      product_id: 'americano',
      amount_total: 1200,
      currency: 'CNY',
      sign_after_pay: false,
      payment: { appId: sub.sub_appid, signType: 'RSA' },
    });
    const p = created.json.payment;
    const merchantKey = loadPublicKey(readFileSync(h.sim.identity.merchantPublicKeyFile, 'utf8'));
    const message = buildPaySignMessage(p.appId, p.timeStamp, p.nonceStr, p.package);
    expect(verifyMessage(message, merchantKey, p.paySign)).toBe(true);
    expect((await wx.view(prepayOf(created))).json.pay_mode).toBe('PASSWORD_FREE');

    expect((await wx.pay(prepayOf(created))).status).toBe(200);
    const no = created.json.out_trade_no;
    await wx.paymentsSettled(no, 1);
    const paid = await user.getOrder(no);
    expect(paid.json).toMatchObject({ state: 'PAID', transaction_id: expect.stringMatching(/^\d{28}$/) });
    expect(paid.json.paid_at).toEqual(expect.any(String));
    const events = await ordersRepoOf(h).events(no);
    expect(events.map((e) => [e.from_state, e.to_state, e.source])).toEqual([
      ['CREATED', 'PAID', 'notification'],
    ]);
  });

  it('a user without a contract pays normally with the 免密 offer attached, signs on the sheet, then pays password-free', async () => {
    const user = orderUser(h, await h.login('u-new'));
    const created = await user.order(AMERICANO, 'attempt-new-0001');
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ pay_mode: 'NORMAL', sign_after_pay: true });
    const prepay = prepayOf(created);
    const offered = (await wx.view(prepay)).json.sign_offer;
    expect(offered).toMatchObject({ status: 'ATTACHED' });
    const row = await h.repo.findByCode(offered.out_contract_code);
    expect(row).toMatchObject({ state: 'PRESIGNED', origin: 'PAY_REDIRECT', pre_entrustweb_id: null });

    expect((await wx.pay(prepay, '123456')).status).toBe(200);
    expect((await wx.acceptOffer(prepay)).status).toBe(200);
    await h.notificationsSettled(offered.out_contract_code, 1);
    await wx.paymentsSettled(created.json.out_trade_no, 1);
    expect((await user.getOrder(created.json.out_trade_no)).json.state).toBe('PAID');
    const current = await user.current();
    expect(current.json).toMatchObject({
      out_contract_code: offered.out_contract_code,
      state: 'SIGNED',
      origin: 'PAY_REDIRECT',
    });
    const next = await user.order(AMERICANO, 'attempt-new-0002');
    expect(next.json).toMatchObject({ pay_mode: 'PASSWORD_FREE', sign_after_pay: false });
  });

  it('a failing pay-redirect pre-sign never blocks the payment: sign_after_pay false, logged', async () => {
    await wx.fault('pay_redirect_sign', 'system_error', 3);
    const user = orderUser(h, await h.login('u-redirect-down'));
    const created = await user.order(AMERICANO, 'attempt-redirect-down');
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ pay_mode: 'NORMAL', sign_after_pay: false });
    expect(await wx.faultsLeft('pay_redirect_sign')).toBe(0);
    expect(h.logs.join('')).toContain('ordinary order answered without the 免密 offer');
    expect((await wx.view(prepayOf(created))).json.sign_offer).toBeUndefined();
    expect((await wx.pay(prepayOf(created), '123456')).status).toBe(200);
    await wx.paymentsSettled(created.json.out_trade_no, 1);
    expect((await user.getOrder(created.json.out_trade_no)).json.state).toBe('PAID');
  });

  it('Idempotency-Key: required, same body → 200 same order without a call, other body → 422', async () => {
    const user = orderUser(h, await h.login('u-idem'));
    expect((await user.order(AMERICANO)).json.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await user.order(AMERICANO, 'short')).json.code).toBe('VALIDATION_FAILED');
    expect((await user.order({ product_id: 'espresso' }, 'attempt-idem-404')).json.code).toBe(
      'NO_SUCH_PRODUCT',
    );
    const priced = await user.order({ ...AMERICANO, amount_total: 1 }, 'attempt-idem-amt');
    expect([priced.status, priced.json.code]).toEqual([400, 'VALIDATION_FAILED']);

    const first = await user.order(AMERICANO, 'attempt-idem-0001');
    expect(first.status).toBe(201);
    await wx.fault('order', 'delay', 5, 1);
    const again = await user.order(AMERICANO, 'attempt-idem-0001');
    expect(again.status).toBe(200);
    expect(again.json.out_trade_no).toBe(first.json.out_trade_no);
    expect(again.json.payment.package).toBe(first.json.payment.package);
    const other = await user.order({ product_id: 'latte' }, 'attempt-idem-0001');
    expect([other.status, other.json.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await wx.faultsLeft('order')).toBe(5); // no create call was made for either
    await wx.clearFaults();
  });

  it('a concurrent double submit creates one order with one upstream call', async () => {
    const user = orderUser(h, await h.login('u-double'));
    await wx.fault('order', 'delay', 3, 300);
    const answers = await Promise.all([1, 2, 3].map(() => user.order(AMERICANO, 'attempt-double-01')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.json.out_trade_no)).size).toBe(1);
    expect(await wx.faultsLeft('order')).toBe(2);
    await wx.clearFaults();
    expect(await wx.simOrders(answers[0]!.json.out_trade_no)).toBe(1);
  });
});
