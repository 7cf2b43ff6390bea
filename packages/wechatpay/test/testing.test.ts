import { NotificationEnvelope } from '@kit/contract-types';
import Compile from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  MissingHeaderError,
  RequestSigner,
  ResponseVerifier,
  SignatureInvalidError,
  TimestampSkewError,
  UnsupportedAlgorithmError,
} from '../src/index.js';
import {
  buildNotification,
  generateRsaKeyPair,
  openidFor,
  parseAuthorization,
  signResponse,
  signResponseAs,
  verifyAuthorization,
} from '../src/testing/index.js';
import { API_V3_KEY, merchant, NOW_MS, now, platform } from './helpers/keys.js';

const signer = new RequestSigner({ ...merchant, now });
const body = '{"contract_termination_remark":"用户要求"}';
const url = '/v3/password-exempt-contract/contracts/service-id/1/out-contract-code/a/terminate';

describe('generateRsaKeyPair', () => {
  it('returns matching KeyObjects and PEMs', () => {
    const pair = generateRsaKeyPair();
    expect(pair.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const headers = signResponse({ privateKey: pair.privateKeyPem, serial: 'PUB_KEY_ID_X', body: '' });
    expect(() =>
      new ResponseVerifier({ keys: { PUB_KEY_ID_X: pair.publicKeyPem } }).verify(headers, ''),
    ).not.toThrow();
  });
});

describe('signResponse', () => {
  it('produces the Wechatpay-* headers for the body at the given time', () => {
    const headers = signResponse({
      privateKey: platform.privateKey,
      serial: platform.serial,
      body,
      now,
      nonce: () => 'N1',
    });
    expect(headers).toMatchObject({
      'Wechatpay-Timestamp': String(NOW_MS / 1000),
      'Wechatpay-Nonce': 'N1',
      'Wechatpay-Serial': platform.serial,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    });
    expect(headers['Wechatpay-Signature']).toMatch(/^[A-Za-z0-9+/]{342}==$/);
  });
});

describe('signResponseAs', () => {
  const verifier = new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now });
  const input = { privateKey: platform.privateKey, serial: platform.serial, body, now };

  it('signs like signResponse, or damages the answer the way a fault asks', () => {
    expect(() => verifier.verify(signResponseAs(input, 'signed'), body)).not.toThrow();
    expect(signResponseAs(input, 'unsigned')).toEqual({});
    const bad = signResponseAs(input, 'bad_signature');
    expect(Object.keys(bad).sort()).toEqual(Object.keys(signResponse(input)).sort());
    expect(() => verifier.verify(bad, body)).toThrow(SignatureInvalidError);
    expect(() => verifier.verify(bad, Buffer.from(`${body} `))).not.toThrow();
  });
});

describe('openidFor', () => {
  it('is the same for the same (appid, code), openid-shaped, and differs per appid and per code', () => {
    const id = openidFor('wx1234567890abcdef', 'user-1');
    expect(openidFor('wx1234567890abcdef', 'user-1')).toBe(id);
    expect(id).toMatch(/^o[0-9A-Za-z_-]{27}$/);
    expect(openidFor('wx1234567890abcdeg', 'user-1')).not.toBe(id);
    expect(openidFor('wx1234567890abcdef', 'user-2')).not.toBe(id);
  });
});

describe('buildNotification', () => {
  it('builds an envelope that fits the schema, with an encrypted resource', () => {
    const { headers, body: raw } = buildNotification({
      privateKey: platform.privateKey,
      serial: platform.serial,
      apiV3Key: API_V3_KEY,
      eventType: 'PAPAY.SIGN',
      payload: { out_contract_code: 'abc' },
      now,
    });
    const envelope = JSON.parse(raw);
    expect(Compile(NotificationEnvelope).Check(envelope)).toBe(true);
    expect(envelope.resource).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', original_type: 'contract' });
    expect(envelope.resource.nonce).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(raw).not.toContain('abc');
    expect(headers['Content-Type']).toBe('application/json');
  });
});

describe('parseAuthorization', () => {
  it('reads the five parameters in any order', () => {
    const parsed = parseAuthorization(signer.authorization('POST', url, body));
    expect(parsed).toMatchObject({
      mchid: merchant.mchid,
      serialNo: merchant.serialNo,
      timestamp: String(NOW_MS / 1000),
    });
    const reordered = `WECHATPAY2-SHA256-RSA2048 serial_no="S",timestamp="1",signature="c2ln",nonce_str="N",mchid="M"`;
    expect(parseAuthorization(reordered)).toEqual({
      mchid: 'M',
      nonce: 'N',
      signature: 'c2ln',
      timestamp: '1',
      serialNo: 'S',
    });
  });

  it('rejects an absent header, another scheme and a missing parameter', () => {
    expect(() => parseAuthorization(undefined)).toThrow(MissingHeaderError);
    expect(() => parseAuthorization('Bearer abc')).toThrow(UnsupportedAlgorithmError);
    expect(() => parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n"')).toThrow(
      SignatureInvalidError,
    );
  });
});

describe('verifyAuthorization', () => {
  const header = signer.authorization('POST', url, body);
  const base = { header, method: 'POST', url, body, publicKey: merchant.publicKeyPem };

  it('accepts our own request, with the body as string or Buffer', () => {
    expect(verifyAuthorization(base).mchid).toBe(merchant.mchid);
    expect(() => verifyAuthorization({ ...base, body: Buffer.from(body), now })).not.toThrow();
  });

  it('rejects another method, URL, body or key', () => {
    for (const bad of [
      { ...base, method: 'PUT' },
      { ...base, url: `${url}?x=1` },
      { ...base, body: `${body} ` },
      { ...base, publicKey: platform.publicKey },
    ]) {
      expect(() => verifyAuthorization(bad)).toThrow(SignatureInvalidError);
    }
  });

  it('rejects a stale timestamp when given a clock', () => {
    expect(() => verifyAuthorization({ ...base, now: () => NOW_MS + 301_000 })).toThrow(TimestampSkewError);
  });
});
