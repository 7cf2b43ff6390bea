import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  MAX_SKEW_SECONDS,
  MissingHeaderError,
  ResponseVerifier,
  SignatureInvalidError,
  TimestampSkewError,
  UnknownSerialError,
  UnsupportedAlgorithmError,
  WechatPayVerificationError,
  withinSkew,
} from '../src/index.js';
import { signResponse } from '../src/testing/index.js';
import { merchant, NOW_MS, now, platform } from './helpers/keys.js';
import { fixture } from './helpers/vectors.js';

const body = '{"mchid":"1900007291","out_contract_code":"abc" }';
const headers = (over: Record<string, string | undefined> = {}, at = now) => {
  const signed: Record<string, string | undefined> = {
    ...signResponse({ privateKey: platform.privateKey, serial: platform.serial, body, now: at }),
    ...over,
  };
  for (const key of Object.keys(signed)) if (signed[key] === undefined) delete signed[key];
  return signed as Record<string, string>;
};
const verifier = new ResponseVerifier({
  keys: { [platform.serial]: platform.publicKey },
  merchantSerialNo: merchant.serialNo,
  now,
});

describe('ResponseVerifier accepts', () => {
  it('a valid signature over a string or a Buffer body', () => {
    expect(verifier.verify(headers(), body)).toMatchObject({
      serial: platform.serial,
      timestamp: NOW_MS / 1000,
    });
    expect(() => verifier.verify(headers(), Buffer.from(body))).not.toThrow();
  });

  it('absent Wechatpay-Signature-Type (the default) and any header casing or container', () => {
    const h = headers({ 'Wechatpay-Signature-Type': undefined });
    expect(() => verifier.verify(h, body)).not.toThrow();
    const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), [v]]));
    expect(() => verifier.verify(lower, body)).not.toThrow();
    expect(() => verifier.verify(new Headers(h), body)).not.toThrow();
  });

  it('timestamps exactly 300 s off in either direction', () => {
    expect(() =>
      verifier.verify(
        headers({}, () => NOW_MS - 300_000),
        body,
      ),
    ).not.toThrow();
    expect(() =>
      verifier.verify(
        headers({}, () => NOW_MS + 300_000),
        body,
      ),
    ).not.toThrow();
  });

  it('a platform certificate chosen by its hex serial (PEM or X509Certificate, any case)', () => {
    const certPem = fixture('platform-cert.pem');
    const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
    const both = new ResponseVerifier({
      keys: new Map([
        [serial.toLowerCase(), certPem],
        [platform.serial, platform.publicKeyPem],
      ]),
      now,
    });
    const signed = signResponse({ privateKey: fixture('platform-key.pem'), serial, body, now });
    expect(both.verify(signed, body).serial).toBe(serial);
    expect(both.verify(headers(), body).serial).toBe(platform.serial);
    const viaX509 = new ResponseVerifier({ keys: { [serial]: new X509Certificate(certPem) }, now });
    expect(() => viaX509.verify({ ...signed, 'Wechatpay-Serial': serial.toLowerCase() }, body)).not.toThrow();
  });

  it('announces the public key id as its serial when one is configured', () => {
    const certPem = fixture('platform-cert.pem');
    const v = new ResponseVerifier({ keys: { AAAA01: certPem, [platform.serial]: platform.publicKey } });
    expect(v.serial).toBe(platform.serial);
    expect(new ResponseVerifier({ keys: { aaaa01: certPem } }).serial).toBe('AAAA01');
  });
});

describe('ResponseVerifier rejects', () => {
  for (const name of ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial']) {
    it(`a missing ${name}`, () => {
      const error = catchError(() => verifier.verify(headers({ [name]: undefined }), body));
      expect(error).toBeInstanceOf(MissingHeaderError);
      expect(error).toMatchObject({ code: 'MISSING_HEADER', header: name });
    });
  }

  it('an unknown serial', () => {
    const error = catchError(() =>
      verifier.verify(headers({ 'Wechatpay-Serial': 'PUB_KEY_ID_OTHER' }), body),
    );
    expect(error).toBeInstanceOf(UnknownSerialError);
    expect(error).toMatchObject({ code: 'UNKNOWN_SERIAL' });
  });

  it('a timestamp 301 s in the past or the future, or not a number', () => {
    for (const at of [() => NOW_MS - 301_000, () => NOW_MS + 301_000]) {
      const error = catchError(() => verifier.verify(headers({}, at), body));
      expect(error).toBeInstanceOf(TimestampSkewError);
      expect(error).toMatchObject({ code: 'TIMESTAMP_SKEW' });
    }
    expect(
      catchError(() => verifier.verify(headers({ 'Wechatpay-Timestamp': '18e8' }), body)),
    ).toBeInstanceOf(TimestampSkewError);
  });

  it('another signature type', () => {
    const error = catchError(() =>
      verifier.verify(headers({ 'Wechatpay-Signature-Type': 'WECHATPAY2-SM2-WITH-SM3' }), body),
    );
    expect(error).toBeInstanceOf(UnsupportedAlgorithmError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_ALGORITHM' });
  });

  it('a WECHATPAY/SIGNTEST/ probe, as a plain bad signature', () => {
    const probe = `WECHATPAY/SIGNTEST/${headers()['Wechatpay-Signature']}`;
    const error = catchError(() => verifier.verify(headers({ 'Wechatpay-Signature': probe }), body));
    expect(error).toBeInstanceOf(SignatureInvalidError);
    expect(error).toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('re-serialised JSON (same data, other bytes), a tampered body and garbage signatures', () => {
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(catchError(() => verifier.verify(headers(), reserialised))).toBeInstanceOf(SignatureInvalidError);
    expect(catchError(() => verifier.verify(headers(), body.replace('abc', 'abd')))).toBeInstanceOf(
      SignatureInvalidError,
    );
    for (const sig of ['', '!!!', 'AAAA']) {
      const error = catchError(() => verifier.verify(headers({ 'Wechatpay-Signature': sig }), body));
      expect(error).toBeInstanceOf(WechatPayVerificationError);
    }
  });

  it('a signature by another key under a known serial', () => {
    const forged = signResponse({ privateKey: merchant.privateKey, serial: platform.serial, body, now });
    expect(catchError(() => verifier.verify(forged, body))).toBeInstanceOf(SignatureInvalidError);
  });
});

describe('ResponseVerifier configuration', () => {
  it("refuses a key map holding the merchant's own serial (any case)", () => {
    const build = () =>
      new ResponseVerifier({
        keys: {
          [merchant.serialNo.toLowerCase()]: merchant.publicKey,
          [platform.serial]: platform.publicKey,
        },
        merchantSerialNo: merchant.serialNo,
      });
    expect(build).toThrow(ConfigurationError);
    expect(catchError(build)).toMatchObject({ code: 'CONFIGURATION' });
  });

  it('refuses an empty map and an unparsable key', () => {
    expect(() => new ResponseVerifier({ keys: {} })).toThrow(ConfigurationError);
    expect(() => new ResponseVerifier({ keys: new Map() })).toThrow(ConfigurationError);
    expect(() => new ResponseVerifier({ keys: { X: 'not a key' } })).toThrow(ConfigurationError);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('withinSkew (the one ±300 s rule)', () => {
  const seconds = NOW_MS / 1000;
  it('accepts unix seconds up to MAX_SKEW_SECONDS away, both ways, and nothing further', () => {
    expect(MAX_SKEW_SECONDS).toBe(300);
    for (const offset of [-300, 0, 300]) expect(withinSkew(String(seconds + offset), now)).toBe(true);
    for (const offset of [-301, 301]) expect(withinSkew(String(seconds + offset), now)).toBe(false);
    expect(withinSkew(String(seconds + 10), now, 5)).toBe(false);
  });

  it('refuses what is not 1–12 digits of unix seconds', () => {
    for (const bad of ['', '18e8', '-1', ' 1800000000', '1800000000.5', '0001800000000']) {
      expect(withinSkew(bad, now)).toBe(false);
    }
  });
});
