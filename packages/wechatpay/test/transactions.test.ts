import type { ServerResponse } from 'node:http';
import type { PartnerJsapiOrderRequest } from '@kit/contract-types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closeOrder,
  InvalidRequestError,
  jsapiPrepay,
  jsapiWithContract,
  MalformedResponseError,
  MissingHeaderError,
  presignPayRedirect,
  queryOrder,
  ResponseVerifier,
  SignatureInvalidError,
  TimestampSkewError,
  WechatPayApiError,
  WechatPayClient,
} from '../src/index.js';
import { type SignMode, signResponseAs, verifyAuthorization } from '../src/testing/index.js';
import { merchant, NOW_MS, now, platform } from './helpers/keys.js';
import { ordinary, paid, passwordFree, payRedirect } from './helpers/orders.js';
import { failure, type Hit, signed, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: WechatPayClient;

const ref = { sp_mchid: merchant.mchid, sub_mchid: '1900000109', out_trade_no: ordinary.out_trade_no };
const prepay = { prepay_id: 'wx201410272009395522657a690389285100' };
const redirectAnswer = {
  mchid: merchant.mchid,
  sub_mchid: '1900000109',
  service_id: 12535,
  out_contract_code: payRedirect.out_contract_code,
};

/** What WeChat Pay checks on every call: the merchant signature over method, path + query and body. */
function assertSigned(hit: Hit | undefined) {
  return verifyAuthorization({
    header: hit?.headers.authorization,
    method: hit?.method ?? '',
    url: hit?.url ?? '',
    body: hit?.body,
    publicKey: merchant.publicKey,
    now,
  });
}

/** A 2xx answer as a fault or an attacker leaves it. */
function answered(status: number, json: unknown, mode: SignMode | 'skewed') {
  return (_hit: Hit, res: ServerResponse) => {
    const body = json === undefined ? '' : JSON.stringify(json);
    const input = { privateKey: platform.privateKey, serial: platform.serial, body, now };
    const headers =
      mode === 'skewed'
        ? signResponseAs({ ...input, now: () => NOW_MS - 301_000 }, 'signed')
        : signResponseAs(input, mode);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  };
}

beforeAll(async () => {
  server = await startServer();
  client = new WechatPayClient({
    mchid: merchant.mchid,
    serialNo: merchant.serialNo,
    privateKey: merchant.privateKey,
    verifier: new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now }),
    baseUrl: server.url,
    now,
    sleep: async () => {},
  });
});
afterEach(() => {
  server.hits.length = 0;
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe('the payment calls send what §8 says', () => {
  it('jsapiWithContract POSTs the order with contract_info and returns the prepay', async () => {
    server.handle(signed(200, prepay));
    expect(await jsapiWithContract(client, passwordFree)).toEqual(prepay);
    const hit = server.hits[0];
    expect(hit?.url).toBe('/v3/pay/partner/transactions/jsapi-with-contract');
    expect(JSON.parse(hit?.body.toString() ?? '')).toEqual(passwordFree);
    expect(assertSigned(hit).mchid).toBe(merchant.mchid);
  });

  it('jsapiPrepay POSTs an ordinary order (undefined fields left out) to …/jsapi', async () => {
    server.handle(signed(200, prepay));
    const input = { ...ordinary, attach: undefined } as PartnerJsapiOrderRequest;
    expect(await jsapiPrepay(client, input)).toEqual(prepay);
    const hit = server.hits[0];
    expect(hit?.url).toBe('/v3/pay/partner/transactions/jsapi');
    expect(hit?.body.toString()).toBe(JSON.stringify(ordinary));
    assertSigned(hit);
  });

  it('queryOrder GETs by out_trade_no with sp_mchid/sub_mchid in the signed query string', async () => {
    server.handle(signed(200, { ...paid, promotion_detail: [] }));
    expect(await queryOrder(client, ref)).toMatchObject(paid);
    const hit = server.hits[0];
    expect(hit?.method).toBe('GET');
    expect(hit?.url).toBe(
      `/v3/pay/partner/transactions/out-trade-no/${ordinary.out_trade_no}?sp_mchid=${merchant.mchid}&sub_mchid=1900000109`,
    );
    expect(hit?.body.length).toBe(0);
    assertSigned(hit); // over path + query: verification fails if the query was left out of the message
    expect(() => assertSigned({ ...(hit as Hit), url: hit?.url.split('?')[0] ?? '' })).toThrow(
      SignatureInvalidError,
    );
  });

  it('closeOrder POSTs {sp_mchid, sub_mchid} and accepts a signed 204 with no body', async () => {
    server.handle(signed(204, undefined));
    await expect(closeOrder(client, ref)).resolves.toBeUndefined();
    const hit = server.hits[0];
    expect(hit?.url).toBe(`/v3/pay/partner/transactions/out-trade-no/${ordinary.out_trade_no}/close`);
    expect(hit?.body.toString()).toBe(`{"sp_mchid":"${merchant.mchid}","sub_mchid":"1900000109"}`);
    assertSigned(hit);
  });

  it('presignPayRedirect POSTs the pre-sign fields plus prepay_id; the answer has no jump', async () => {
    server.handle(signed(200, redirectAnswer));
    expect(await presignPayRedirect(client, payRedirect)).toEqual(redirectAnswer);
    const hit = server.hits[0];
    expect(hit?.url).toBe(
      '/v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/pay-redirect-sign',
    );
    expect(JSON.parse(hit?.body.toString() ?? '')).toEqual(payRedirect);
    assertSigned(hit);
  });
});

const calls = [
  ['jsapiWithContract', () => jsapiWithContract(client, passwordFree), prepay, 200],
  ['jsapiPrepay', () => jsapiPrepay(client, ordinary), prepay, 200],
  ['queryOrder', () => queryOrder(client, ref), paid, 200],
  ['closeOrder', () => closeOrder(client, ref), undefined, 204],
  ['presignPayRedirect', () => presignPayRedirect(client, payRedirect), redirectAnswer, 200],
] as const;

describe.each(calls)('%s refuses an answer that is not authentic', (_name, call, answer, status) => {
  it.each([
    ['unsigned', MissingHeaderError],
    ['bad_signature', SignatureInvalidError],
    ['skewed', TimestampSkewError],
  ] as const)('%s', async (mode, error) => {
    server.handle(answered(status, answer, mode));
    await expect(call()).rejects.toBeInstanceOf(error);
    expect(server.hits).toHaveLength(1);
  });

  it('a 4xx is a WechatPayApiError and is not retried', async () => {
    server.handle(failure(400, 'INVALID_REQUEST', '订单号重复'));
    await expect(call()).rejects.toMatchObject({ constructor: WechatPayApiError, code: 'INVALID_REQUEST' });
    expect(server.hits).toHaveLength(1);
  });
});

describe('answers and arguments that do not fit', () => {
  it('closeOrder: a 204 signed over other bytes than the empty body is refused', async () => {
    server.handle(answered(204, undefined, 'bad_signature'));
    await expect(closeOrder(client, ref)).rejects.toBeInstanceOf(SignatureInvalidError);
  });

  it('a verified answer without prepay_id / trade_state is a MalformedResponseError', async () => {
    server.handle(signed(200, {}));
    await expect(jsapiPrepay(client, ordinary)).rejects.toBeInstanceOf(MalformedResponseError);
    const { trade_state: _, ...noState } = paid;
    server.handle(signed(200, noState));
    await expect(queryOrder(client, ref)).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('refuses, before any network call, what WeChat Pay would reject', async () => {
    const bad = [
      () => jsapiPrepay(client, { ...ordinary, out_trade_no: 'a b' }),
      () => jsapiPrepay(client, { ...ordinary, amount: { total: 0, currency: 'CNY' } }),
      () => jsapiPrepay(client, { ...ordinary, amount: { total: 1.5 } }),
      () => jsapiPrepay(client, { ...ordinary, payer: {} }),
      () => jsapiPrepay(client, { ...ordinary, description: 'x'.repeat(128) }),
      () => jsapiPrepay(client, passwordFree as PartnerJsapiOrderRequest),
      () => jsapiWithContract(client, { ...passwordFree, contract_info: { password_free_contract_id: '' } }),
      () => queryOrder(client, { ...ref, out_trade_no: '../../x' }),
      () => queryOrder(client, { ...ref, sub_mchid: '' }),
      () => closeOrder(client, { ...ref, out_trade_no: '12345' }),
      () => presignPayRedirect(client, { ...payRedirect, prepay_id: '' }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.hits).toHaveLength(0);
  });
});
