import type { PartnerTransaction } from '@kit/contract-types';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  MalformedNotificationError,
  NotificationParser,
  ResponseVerifier,
  SignatureInvalidError,
  TimestampSkewError,
  type WechatPayNotification,
} from '../src/index.js';
import { buildNotification, signResponse } from '../src/testing/index.js';
import { API_V3_KEY, NOW_MS, now, platform } from './helpers/keys.js';
import { paid } from './helpers/orders.js';

const verifier = new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now });
const parser = new NotificationParser({ verifier, apiV3Key: API_V3_KEY });
const contractPayload = { out_contract_code: 'wxwtdk20200910100000', contract_state: 'SIGNED' };

/** A payment notification as §8 says WeChat Pay sends it. */
const payment = (over: Partial<Parameters<typeof buildNotification>[0]> = {}) =>
  buildNotification({
    privateKey: platform.privateKey,
    serial: platform.serial,
    apiV3Key: API_V3_KEY,
    id: 'EV-PAY-1',
    eventType: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    originalType: 'transaction',
    associatedData: 'transaction',
    payload: paid,
    now,
    ...over,
  });

const failureOf = (n: { headers: Record<string, string>; body: string }) => {
  try {
    parser.parseEvent(n.headers, n.body);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the notification to be refused');
};

describe('NotificationParser.parseEvent: TRANSACTION.SUCCESS', () => {
  it('verifies, decrypts and validates the partner transaction, kind "transaction"', () => {
    const { headers, body } = payment();
    const event = parser.parseEvent(headers, Buffer.from(body));
    expect(event).toEqual({
      kind: 'transaction',
      id: 'EV-PAY-1',
      eventType: 'TRANSACTION.SUCCESS',
      createTime: '2027-01-15T16:00:00+08:00',
      summary: '支付成功',
      resourceType: 'encrypt-resource',
      payload: paid,
    });
  });

  it('the kind narrows the payload type', () => {
    const n = payment();
    const event: WechatPayNotification = parser.parseEvent(n.headers, n.body);
    if (event.kind !== 'transaction') throw new Error(`expected a transaction, got ${event.kind}`);
    expectTypeOf(event.payload).toEqualTypeOf<PartnerTransaction>();
    expect(event.payload.amount?.total).toBe(100);
  });

  it('contract events still come out as kind "contract"', () => {
    const { headers, body } = payment({
      eventType: 'PASSWORD_EXEMPT_CONTRACT.SIGN',
      originalType: 'contract',
      payload: contractPayload,
    });
    expect(parser.parseEvent(headers, body)).toMatchObject({ kind: 'contract', payload: contractPayload });
  });

  it('a payment without resource.original_type is still a payment', () => {
    const envelope = JSON.parse(payment().body);
    delete envelope.resource.original_type;
    const body = JSON.stringify(envelope);
    const headers = signResponse({ privateKey: platform.privateKey, serial: platform.serial, body, now });
    expect(parser.parseEvent(headers, body)).toMatchObject({ kind: 'transaction', payload: paid });
  });

  it('is verified first: tampered bytes or an old timestamp are refused before decryption', () => {
    const n = payment();
    expect(() => parser.parseEvent(n.headers, n.body.replace('支付成功', '支付失败'))).toThrow(
      SignatureInvalidError,
    );
    const old = payment({ now: () => NOW_MS - 301_000 });
    expect(() => parser.parseEvent(old.headers, old.body)).toThrow(TimestampSkewError);
  });

  // Issue 11 item 2: a contract plaintext under event_type TRANSACTION.SUCCESS was applied as a contract.
  it('regression: a contract plaintext dressed as a payment is refused, never a contract event', () => {
    const asPayment = payment({ payload: contractPayload });
    expect(failureOf(asPayment)).toBeInstanceOf(MalformedNotificationError);
    const mixed = payment({ originalType: 'contract', payload: contractPayload });
    expect(failureOf(mixed).message).toMatch(/does not fit resource.original_type/);
    const otherEvent = payment({ eventType: 'PASSWORD_EXEMPT_CONTRACT.SIGN' });
    expect(failureOf(otherEvent).message).toMatch(/does not fit resource.original_type transaction/);
  });

  it('refuses a plaintext that is not a partner transaction, or a "success" that says otherwise', () => {
    const { out_trade_no: _, ...noTradeNo } = paid;
    const missing = failureOf(payment({ payload: noTradeNo }));
    expect(missing).toBeInstanceOf(MalformedNotificationError);
    expect((missing as MalformedNotificationError).errors.join()).toMatch(/out_trade_no/);
    const notPaid = failureOf(payment({ payload: { ...paid, trade_state: 'NOTPAY' } }));
    expect(notPaid.message).toMatch(/trade_state NOTPAY/);
  });

  it('parse() keeps answering contract events only: a payment there is malformed, not a contract', () => {
    const n = payment();
    expect(() => parser.parse(n.headers, n.body)).toThrow(MalformedNotificationError);
    const contract = payment({
      eventType: 'PASSWORD_EXEMPT_CONTRACT.SIGN',
      originalType: 'contract',
      payload: contractPayload,
    });
    expect(parser.parse(contract.headers, contract.body).kind).toBe('contract');
  });
});
