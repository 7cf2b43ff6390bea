import Compile from 'typebox/compile';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CatalogProduct,
  CreateOrderRequest,
  CreateOrderResponse,
  IdempotencyKey,
  JsapiWithContractRequest,
  OrderView,
  PartnerJsapiOrderRequest,
  PartnerTransaction,
  PayRedirectSignRequest,
} from '../src/index.js';

const order = {
  sp_appid: 'wx8888888888888888',
  sp_mchid: '1230000109',
  sub_appid: 'wxd678efh567hg6999',
  sub_mchid: '1900000109',
  description: '会员月卡',
  out_trade_no: 'T20261202abcdef0123456789abcdef',
  notify_url: 'https://example.com/v1/notifications/wechatpay',
  amount: { total: 100, currency: 'CNY' },
  payer: { sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
};

describe('WeChat Pay order shapes', () => {
  it('an ordinary order needs a payer, an integer amount ≥ 1 and a valid out_trade_no', () => {
    const check = Compile(PartnerJsapiOrderRequest);
    expect(check.Check(order)).toBe(true);
    expect(check.Check({ ...order, payer: {} })).toBe(false);
    expect(check.Check({ ...order, amount: { total: 0 } })).toBe(false);
    expect(check.Check({ ...order, amount: { total: 1.5 } })).toBe(false);
    expect(check.Check({ ...order, amount: { total: 1, currency: 'USD' } })).toBe(false);
    expect(check.Check({ ...order, out_trade_no: 'short' })).toBe(false);
    expect(check.Check({ ...order, out_trade_no: 'has space 123' })).toBe(false);
    expect(check.Check({ ...order, out_trade_no: 'a'.repeat(33) })).toBe(false);
    expect(check.Check({ ...order, out_trade_no: 'ok_-|*123' })).toBe(true);
    expect(check.Check({ ...order, description: 'd'.repeat(128) })).toBe(false);
    expect(check.Check({ ...order, description: '😀 emoji' })).toBe(false);
    expect(check.Check({ ...order, contract_info: { password_free_contract_id: 'c' } })).toBe(false);
  });

  it('an order with the contract needs contract_info.password_free_contract_id', () => {
    const check = Compile(JsapiWithContractRequest);
    expect(check.Check({ ...order, contract_info: { password_free_contract_id: 'C1' } })).toBe(true);
    expect(check.Check(order)).toBe(false);
    expect(check.Check({ ...order, contract_info: {} })).toBe(false);
  });

  it('pay-redirect-sign is the pre-sign plus a prepay_id', () => {
    const check = Compile(PayRedirectSignRequest);
    const body = {
      sp_appid: 'wx8888888888888888',
      sub_mchid: '1900000109',
      sub_appid: 'wxd678efh567hg6999',
      sub_openid: 'o1',
      service_id: 12,
      out_contract_code: 'abc123',
      notify_url: 'https://example.com/n',
      contract_display_account: '账户',
      prepay_id: 'wx201410272009395522657a690389285100',
    };
    expect(check.Check(body)).toBe(true);
    const { prepay_id: _omitted, ...withoutPrepay } = body;
    expect(check.Check(withoutPrepay)).toBe(false);
    const { sub_openid: _none, ...withoutOpenid } = body;
    expect(check.Check(withoutOpenid)).toBe(false);
  });

  it('a transaction plaintext tolerates unknown fields and requires the identifying ones', () => {
    const check = Compile(PartnerTransaction);
    const tx = {
      sp_appid: 'wx8888888888888888',
      sp_mchid: '1230000109',
      sub_mchid: '1900000109',
      out_trade_no: 'T20261202abcdef',
      trade_state: 'SUCCESS',
      promotion_detail: [],
    };
    expect(check.Check(tx)).toBe(true);
    const { sp_mchid: _mchid, ...withoutMchid } = tx;
    expect(check.Check(withoutMchid)).toBe(false);
  });
});

describe('BFF order shapes', () => {
  it('the client names a product, never an amount', () => {
    const check = Compile(CreateOrderRequest);
    expect(check.Check({ product_id: 'p1' })).toBe(true);
    expect(check.Check({ product_id: 'p1', pay_mode: 'NORMAL' })).toBe(true);
    expect(check.Check({ product_id: 'p1', pay_mode: 'PASSWORD_FREE' })).toBe(false);
    expect(check.Check({ product_id: 'p1', amount_total: 1 })).toBe(false);
    expect(check.Check({})).toBe(false);
  });

  it('Idempotency-Key is 8–64 of [0-9A-Za-z_-]', () => {
    const check = Compile(IdempotencyKey);
    expect(check.Check('abcd-123_')).toBe(true);
    expect(check.Check('short')).toBe(false);
    expect(check.Check('x'.repeat(65))).toBe(false);
    expect(check.Check('has space!')).toBe(false);
  });

  it('a catalog product has an integer amount in fen', () => {
    const check = Compile(CatalogProduct);
    expect(check.Check({ product_id: 'p1', description: '月卡', amount_total: 990 })).toBe(true);
    expect(check.Check({ product_id: 'p1', description: '月卡', amount_total: 9.9 })).toBe(false);
    expect(check.Check({ product_id: 'p 1', description: '月卡', amount_total: 1 })).toBe(false);
  });

  it('the create answer is an order view plus the payment parameters', () => {
    const view = {
      out_trade_no: 'T20261202abcdef',
      state: 'CREATED',
      pay_mode: 'PASSWORD_FREE',
      product_id: 'p1',
      description: '月卡',
      amount_total: 990,
      currency: 'CNY',
      expires_at: '2026-12-02T10:00:00.000Z',
    };
    expect(Compile(OrderView).Check(view)).toBe(true);
    const payment = {
      appId: 'wxd678efh567hg6999',
      timeStamp: '1764669600',
      nonceStr: 'n0nce',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
      paySign: 'c2lnbg==',
    };
    const check = Compile(CreateOrderResponse);
    expect(check.Check({ ...view, payment, sign_after_pay: false })).toBe(true);
    expect(check.Check({ ...view, payment: { ...payment, signType: 'MD5' }, sign_after_pay: false })).toBe(
      false,
    );
    expect(check.Check({ ...view, state: 'REFUNDED', payment, sign_after_pay: false })).toBe(false);
  });

  it('keeps the literal unions of order state and pay mode', () => {
    expectTypeOf<OrderView['state']>().toEqualTypeOf<'CREATED' | 'PAID' | 'CLOSED'>();
    expectTypeOf<OrderView['pay_mode']>().toEqualTypeOf<'PASSWORD_FREE' | 'NORMAL'>();
  });
});
