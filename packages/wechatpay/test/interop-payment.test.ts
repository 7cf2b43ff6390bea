/**
 * Payments against the independent wechatpay-axios-plugin@0.9.6: paySign (Formatter.joinedByLineFeed +
 * Rsa) and TRANSACTION.SUCCESS notifications built from its primitives.
 */

import { describe, expect, it } from 'vitest';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import { NotificationParser, RequestSigner, ResponseVerifier, requestPaymentParams } from '../src/index.js';
import { verifyPaymentParams } from '../src/testing/index.js';
import { API_V3_KEY, merchant, NOW_MS, now, platform } from './helpers/keys.js';
import { paySignVector, vectorKeyPem } from './helpers/vectors.js';

const verifier = new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now });

describe('paySign', () => {
  it('the plugin verifies our paySign (Formatter.joinedByLineFeed + Rsa.verify) and signs it to the same bytes', () => {
    const signer = new RequestSigner({ ...merchant, now, nonce: Formatter.nonce });
    const params = requestPaymentParams({ signer }, { appId: 'wxsub0001', prepayId: 'wx2027PREPAY' });
    const message = Formatter.joinedByLineFeed(
      params.appId,
      params.timeStamp,
      params.nonceStr,
      params.package,
    );
    expect(Rsa.verify(message, params.paySign, merchant.publicKey)).toBe(true);
    expect(Rsa.sign(message, merchant.privateKey)).toBe(params.paySign);
    const v = paySignVector;
    const key = Rsa.from(vectorKeyPem(v), Rsa.KEY_TYPE_PRIVATE);
    expect(Rsa.sign(Formatter.joinedByLineFeed(v.appId, v.timeStamp, v.nonceStr, v.package), key)).toBe(
      v.paySign,
    );
  });

  it('verifies a paySign made by the plugin (verifyPaymentParams)', () => {
    const params = {
      appId: 'wxsub0001',
      timeStamp: String(NOW_MS / 1000),
      nonceStr: Formatter.nonce(),
      package: 'prepay_id=wx2027PREPAY',
      signType: 'RSA' as const,
      paySign: '',
    };
    params.paySign = Rsa.sign(
      Formatter.joinedByLineFeed(params.appId, params.timeStamp, params.nonceStr, params.package),
      merchant.privateKey,
    );
    expect(verifyPaymentParams(params, merchant.publicKey)).toBe(true);
    expect(verifyPaymentParams({ ...params, appId: 'wxsp0001' }, merchant.publicKey)).toBe(false);
  });
});

describe('TRANSACTION.SUCCESS', () => {
  it('parses a TRANSACTION.SUCCESS built with the plugin’s primitives as kind "transaction"', () => {
    const transaction = {
      sp_appid: 'wxd678efh567hg6787',
      sp_mchid: merchant.mchid,
      sub_mchid: '1900000109',
      out_trade_no: '1217752501201407033233368018',
      transaction_id: '4200000000201407033233368018',
      trade_state: 'SUCCESS',
      amount: { total: 100, currency: 'CNY' },
    };
    const nonce = 'dv7xq1yk9Zr2';
    const body = JSON.stringify({
      id: 'EV-pay',
      create_time: '2027-01-15T16:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: Aes.AesGcm.encrypt(JSON.stringify(transaction), API_V3_KEY, nonce, 'transaction'),
        associated_data: 'transaction',
        nonce,
      },
    });
    const timestamp = String(NOW_MS / 1000);
    const headerNonce = Formatter.nonce();
    const headers = {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': headerNonce,
      'Wechatpay-Signature': Rsa.sign(Formatter.response(timestamp, headerNonce, body), platform.privateKey),
      'Wechatpay-Serial': platform.serial,
    };
    const event = new NotificationParser({ verifier, apiV3Key: API_V3_KEY }).parseEvent(headers, body);
    expect(event).toMatchObject({ kind: 'transaction', id: 'EV-pay', payload: transaction });
  });
});
