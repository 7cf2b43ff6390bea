/**
 * Interoperability with an independent implementation of the protocol,
 * wechatpay-axios-plugin@0.9.6 (Rsa, Aes.AesGcm, Formatter): each side must accept what the
 * other produces (payments: interop-payment.test.ts).
 */

import { describe, expect, it } from 'vitest';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  buildRequestMessage,
  NotificationParser,
  RequestSigner,
  ResponseVerifier,
  rsaOaepDecrypt,
  rsaOaepEncrypt,
} from '../src/index.js';
import {
  buildNotification,
  parseAuthorization,
  signResponse,
  verifyAuthorization,
} from '../src/testing/index.js';
import { API_V3_KEY, merchant, NOW_MS, now, platform } from './helpers/keys.js';
import { vectorKeyPem, vectors } from './helpers/vectors.js';

const payload = { out_contract_code: 'wxwtdk20200910100000', contract_id: 'C1', contract_state: 'SIGNED' };
const verifier = new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now });

describe('the plugin checks what we produce', () => {
  it('verifies our Authorization headers (Formatter.request + Rsa.verify)', () => {
    const signer = new RequestSigner({ ...merchant, now });
    for (const [method, url, body] of [
      [
        'POST',
        '/v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/mini-program',
        '{"a":"微信"}',
      ],
      ['GET', '/v3/password-exempt-contract/contracts/service-id/1/out-contract-code/abc', ''],
    ] as const) {
      const auth = parseAuthorization(signer.authorization(method, url, body));
      const message = Formatter.request(method, url, auth.timestamp, auth.nonce, body);
      expect(message).toBe(buildRequestMessage(method, url, auth.timestamp, auth.nonce, body));
      expect(Rsa.verify(message, auth.signature, merchant.publicKey)).toBe(true);
      expect(Rsa.verify(`${message} `, auth.signature, merchant.publicKey)).toBe(false);
    }
  });

  it('signs the official vectors to the same bytes as we do', () => {
    for (const v of [vectors.request_signature, vectors.presign_request_signature]) {
      const key = Rsa.from(vectorKeyPem(v), Rsa.KEY_TYPE_PRIVATE);
      expect(Rsa.sign(Formatter.request(v.method, v.url, v.timestamp, v.nonce, v.body), key)).toBe(
        v.signature,
      );
    }
  });

  it('verifies and decrypts our notifications (Formatter.response + Rsa.verify, Aes.AesGcm.decrypt)', () => {
    const { headers, body } = buildNotification({
      privateKey: platform.privateKey,
      serial: platform.serial,
      apiV3Key: API_V3_KEY,
      eventType: 'PAPAY.SIGN',
      payload,
      now,
    });
    const message = Formatter.response(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce'], body);
    expect(Rsa.verify(message, headers['Wechatpay-Signature'], platform.publicKey)).toBe(true);
    const { resource } = JSON.parse(body);
    const plain = Aes.AesGcm.decrypt(
      resource.ciphertext,
      API_V3_KEY,
      resource.nonce,
      resource.associated_data,
    );
    expect(JSON.parse(plain)).toEqual(payload);
  });

  it('decrypts our RSA-OAEP ciphertext (Rsa.decrypt)', () => {
    expect(Rsa.decrypt(rsaOaepEncrypt('张三', platform.publicKey), platform.privateKey)).toBe('张三');
  });
});

describe('we check what the plugin produces', () => {
  it('verifies a response signed by the plugin (Rsa.sign over Formatter.response)', () => {
    const body = '{"pre_entrustweb_id":"5778aadY9nltAsZzXixCkFIGYnV2V","sub_mchid":"1900000109"}';
    const timestamp = String(NOW_MS / 1000);
    const nonce = Formatter.nonce();
    const signature = Rsa.sign(Formatter.response(timestamp, nonce, body), platform.privateKey);
    const headers = {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': platform.serial,
    };
    expect(verifier.verify(headers, Buffer.from(body)).serial).toBe(platform.serial);
    expect(() => verifier.verify(headers, `${body}\n`)).toThrow();
  });

  it('verifies a request signed by the plugin (verifyAuthorization, any parameter order)', () => {
    const url = '/v3/password-exempt-contract/contracts/service-id/1/out-contract-code/abc/terminate';
    const body = '{"contract_termination_remark":"r"}';
    const timestamp = String(NOW_MS / 1000);
    const nonce = Formatter.nonce();
    const signature = Rsa.sign(Formatter.request('POST', url, timestamp, nonce, body), merchant.privateKey);
    const header = Formatter.authorization(merchant.mchid, nonce, signature, timestamp, merchant.serialNo);
    expect(
      verifyAuthorization({ header, method: 'POST', url, body, publicKey: merchant.publicKey, now }),
    ).toMatchObject({ mchid: merchant.mchid, serialNo: merchant.serialNo, nonce });
  });

  it('decrypts the plugin’s AES-GCM, and the plugin decrypts ours, on the known-answer vector', () => {
    const v = vectors.aes_256_gcm;
    expect(Aes.AesGcm.encrypt(v.plaintext, v.key, v.nonce, v.associated_data)).toBe(v.ciphertext);
    const ciphertext = Aes.AesGcm.encrypt('{"x":"微信"}', API_V3_KEY, 'abcdefABCDEF', 'contract');
    expect(
      aesGcmDecrypt({ key: API_V3_KEY, nonce: 'abcdefABCDEF', associatedData: 'contract', ciphertext }),
    ).toBe('{"x":"微信"}');
    const ours = aesGcmEncrypt({ key: API_V3_KEY, nonce: 'abcdefABCDEF', plaintext: 'm' });
    expect(Aes.AesGcm.decrypt(ours, API_V3_KEY, 'abcdefABCDEF', '')).toBe('m');
  });

  it('parses a whole notification built with the plugin’s primitives', () => {
    const nonce = 'fdasflkja484';
    const body = JSON.stringify({
      id: 'EV-018352d5',
      create_time: '2027-01-15T16:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'PAPAY.TERMINATE',
      summary: '解约',
      resource: {
        original_type: 'contract',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: Aes.AesGcm.encrypt(JSON.stringify(payload), API_V3_KEY, nonce, 'papay'),
        associated_data: 'papay',
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
    const event = new NotificationParser({ verifier, apiV3Key: API_V3_KEY }).parse(headers, body);
    expect(event).toMatchObject({ id: 'EV-018352d5', eventType: 'PAPAY.TERMINATE', payload });
  });

  it('decrypts the plugin’s RSA-OAEP ciphertext', () => {
    expect(rsaOaepDecrypt(Rsa.encrypt('13800138000', platform.publicKey), platform.privateKey)).toBe(
      '13800138000',
    );
  });

  it('the plugin and we agree that a signResponse header set verifies', () => {
    const body = '';
    const h = signResponse({ privateKey: platform.privateKeyPem, serial: platform.serial, body, now });
    expect(
      Rsa.verify(
        Formatter.response(h['Wechatpay-Timestamp'], h['Wechatpay-Nonce'], body),
        h['Wechatpay-Signature'],
        platform.publicKey,
      ),
    ).toBe(true);
  });
});
