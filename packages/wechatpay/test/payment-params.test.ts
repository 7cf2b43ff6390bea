import { createPublicKey, verify } from 'node:crypto';
import { PaymentParams } from '@kit/contract-types';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  buildPaySignMessage,
  InvalidRequestError,
  type PrivateKeyInput,
  RequestSigner,
  ResponseVerifier,
  requestPaymentParams,
  WechatPayClient,
} from '../src/index.js';
import { verifyPaymentParams } from '../src/testing/index.js';
import { merchant, NOW_MS, platform } from './helpers/keys.js';
import { paySignVector as v, vectorKeyPem } from './helpers/vectors.js';

const signerFor = (privateKey: PrivateKeyInput, seconds: number, nonce: string) =>
  new RequestSigner({
    mchid: merchant.mchid,
    serialNo: merchant.serialNo,
    privateKey,
    now: () => seconds * 1000 + 999,
    nonce: () => nonce,
  });

describe('buildPaySignMessage', () => {
  it('is four lines, each ending in a line feed; signType is not in it', () => {
    expect(buildPaySignMessage(v.appId, v.timeStamp, v.nonceStr, v.package)).toBe(v.message);
  });
});

describe('requestPaymentParams', () => {
  it('known answer: the OpenSSL paySign of the official test key, byte for byte', () => {
    const signer = signerFor(vectorKeyPem(v), Number(v.timeStamp), v.nonceStr);
    const params = requestPaymentParams({ signer }, { appId: v.appId, prepayId: v.package.slice(10) });
    expect(params).toEqual({
      appId: v.appId,
      timeStamp: v.timeStamp,
      nonceStr: v.nonceStr,
      package: v.package,
      signType: 'RSA',
      paySign: v.paySign,
    });
    const publicKey = createPublicKey(vectorKeyPem(v));
    expect(verify('sha256', Buffer.from(v.message), publicKey, Buffer.from(params.paySign, 'base64'))).toBe(
      true,
    );
    expect(verifyPaymentParams(params, publicKey)).toBe(true);
  });

  it("uses the client's own key, clock and nonce source; fits the mini program's PaymentParams", () => {
    let n = 0;
    const client = new WechatPayClient({
      mchid: merchant.mchid,
      serialNo: merchant.serialNo,
      privateKey: merchant.privateKeyPem,
      verifier: new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey } }),
      baseUrl: 'http://127.0.0.1:9',
      now: () => NOW_MS,
      nonce: () => `NONCE${++n}`,
    });
    const params = requestPaymentParams(client, { appId: 'wxsub0001', prepayId: 'wx2027PREPAY' });
    expect(params).toMatchObject({
      appId: 'wxsub0001',
      timeStamp: String(NOW_MS / 1000),
      nonceStr: 'NONCE1',
      package: 'prepay_id=wx2027PREPAY',
    });
    expect(Value.Check(PaymentParams, params)).toBe(true);
    expect(verifyPaymentParams(params, merchant.publicKey)).toBe(true);
    expect(verifyPaymentParams(params, platform.publicKey)).toBe(false);
    expect(requestPaymentParams(client, { appId: 'wxsub0001', prepayId: 'wx2027PREPAY' }).nonceStr).toBe(
      'NONCE2',
    );
  });

  it('a paySign no longer verifies once any signed field changes', () => {
    const signer = signerFor(merchant.privateKey, NOW_MS / 1000, 'N1');
    const params = requestPaymentParams({ signer }, { appId: 'wxsub0001', prepayId: 'wx2027PREPAY' });
    for (const changed of [
      { appId: 'wxsp0001' },
      { timeStamp: String(NOW_MS / 1000 + 1) },
      { nonceStr: 'N2' },
      { package: 'prepay_id=wx2027OTHER' },
    ]) {
      expect(verifyPaymentParams({ ...params, ...changed }, merchant.publicKey)).toBe(false);
    }
  });

  it('refuses an empty or multi-line appId / prepayId (one signed message must not read as another)', () => {
    const signer = signerFor(merchant.privateKey, NOW_MS / 1000, 'N1');
    for (const input of [
      { appId: '', prepayId: 'wx1' },
      { appId: 'wx1', prepayId: '' },
      { appId: 'wx1\n1800000000', prepayId: 'wx1' },
      { appId: 'wx1', prepayId: 'wx1\r' },
      { appId: 'wx1', prepayId: 'x'.repeat(65) },
    ]) {
      expect(() => requestPaymentParams({ signer }, input)).toThrow(InvalidRequestError);
    }
  });
});
