import { randomBytes } from 'node:crypto';
import type { Rng } from './fuzz.js';

/**
 * What a fuzzed notification is about: a contract event or a payment (TRANSACTION.SUCCESS). The
 * mutation families of `notification-cases.ts` work on either.
 */
export interface Subject {
  name: 'contract' | 'transaction';
  eventType: string;
  originalType: string;
  associatedData: string;
  summary: string;
  /** The plaintext field naming the record (a duplicate of it is one of the hostile plaintexts). */
  key: string;
  /** A genuine plaintext naming the real record (`real`) or a record the BFF does not know. */
  payload(real: boolean): Record<string, unknown>;
  /** Signed and well-formed, naming the real record, with one field that differs from it: never applied. */
  mismatched?(rng: Rng): Record<string, unknown>;
}

const hex = (n: number) => randomBytes(n).toString('hex');

export function contractSubject(realCode: string, subMchid: string): Subject {
  return {
    name: 'contract',
    eventType: 'PASSWORD_EXEMPT_CONTRACT.SIGN',
    originalType: 'contract',
    associatedData: 'contract',
    summary: '签约状态变更',
    key: 'out_contract_code',
    payload: (real) => ({
      out_contract_code: real ? realCode : hex(16),
      contract_id: `2026${hex(6)}`,
      mchid: '1230000109',
      sub_mchid: subMchid,
      service_id: 500001,
      appid: 'wxsp00000000000001',
      sub_appid: 'wxsub',
      openid: 'o-fuzz',
      contract_state: 'SIGNED',
      contract_signed_time: '2026-11-28T10:00:00+08:00',
    }),
  };
}

/** The real order's identity as WeChat Pay would name it in a SUCCESS plaintext. */
export interface RealOrder {
  sp_appid: string;
  sp_mchid: string;
  sub_appid: string;
  sub_mchid: string;
  out_trade_no: string;
  amount_total: number;
  sub_openid: string;
}

export function transactionSubject(order: RealOrder): Subject {
  const payload = (real: boolean) => ({
    sp_appid: order.sp_appid,
    sp_mchid: order.sp_mchid,
    sub_appid: order.sub_appid,
    sub_mchid: order.sub_mchid,
    out_trade_no: real ? order.out_trade_no : hex(16),
    transaction_id: `4200${String(Date.now()).padStart(24, '0')}`.slice(0, 28),
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: '2026-11-28T10:00:00+08:00',
    payer: { sub_openid: order.sub_openid },
    amount: {
      total: order.amount_total,
      payer_total: order.amount_total,
      currency: 'CNY',
      payer_currency: 'CNY',
    },
  });
  return {
    name: 'transaction',
    eventType: 'TRANSACTION.SUCCESS',
    originalType: 'transaction',
    associatedData: 'transaction',
    summary: '支付成功',
    key: 'out_trade_no',
    payload,
    mismatched(rng) {
      const p: Record<string, unknown> & ReturnType<typeof payload> = payload(true);
      // Each one alone must keep the order unpaid (a signed plaintext for 1 fen must not pay 12 yuan).
      rng.pick([
        () => (p.amount.total = order.amount_total + 1 + rng.int(10_000)),
        () => (p.amount.total = rng.pick([1, order.amount_total - 1, 0])),
        () => Object.assign(p, { amount: { ...p.amount, total: undefined } }),
        () => (p.amount.currency = rng.pick(['USD', 'cny', ''])),
        () => (p.sp_mchid = '1900000109'),
        () => (p.sub_mchid = `${order.sub_mchid}0`),
        () => (p.payer = { sub_openid: `${order.sub_openid}x` }),
        () => Object.assign(p, { payer: {} }),
      ])();
      return p;
    },
  };
}
