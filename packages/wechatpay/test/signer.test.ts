import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildRequestMessage,
  buildResponseMessage,
  ConfigurationError,
  RequestSigner,
} from '../src/index.js';
import { parseAuthorization } from '../src/testing/index.js';
import { vectorKeyPem, vectors } from './helpers/vectors.js';

describe('buildRequestMessage', () => {
  it('joins five lines, each ending in a line feed', () => {
    expect(buildRequestMessage('GET', '/v3/x?a=1', 1554208460, 'N', '')).toBe(
      'GET\n/v3/x?a=1\n1554208460\nN\n\n',
    );
    expect(buildRequestMessage('POST', '/v3/x', '1', 'N', '{}')).toBe('POST\n/v3/x\n1\nN\n{}\n');
  });

  it('keeps a Buffer body byte for byte, even when it is not UTF-8', () => {
    const body = Buffer.from([0x7b, 0xff, 0x7d]);
    expect(buildRequestMessage('POST', '/v3/x', 1, 'N', body)).toEqual(
      Buffer.concat([Buffer.from('POST\n/v3/x\n1\nN\n'), body, Buffer.from('\n')]),
    );
  });
});

describe('buildResponseMessage', () => {
  it('joins timestamp, nonce and body, each ending in a line feed, as string or bytes', () => {
    expect(buildResponseMessage(1554208460, 'N', '{"a":1}')).toBe('1554208460\nN\n{"a":1}\n');
    expect(buildResponseMessage('1', 'N', Buffer.from(''))).toEqual(Buffer.from('1\nN\n\n'));
  });
});

describe('RequestSigner against the known-answer vectors', () => {
  for (const name of ['request_signature', 'presign_request_signature'] as const) {
    it(`${name}: byte-exact signature and header`, () => {
      const v = vectors[name];
      const signer = new RequestSigner({
        mchid: v.mchid ?? '1900007291',
        serialNo: v.serial_no ?? '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
        privateKey: vectorKeyPem(v),
        now: () => Number(v.timestamp) * 1000 + 999,
        nonce: () => v.nonce,
      });
      const header = signer.authorization(v.method, v.url, v.body);
      expect(header).toBe(
        `WECHATPAY2-SHA256-RSA2048 mchid="${signer.mchid}",nonce_str="${v.nonce}",signature="${v.signature}",timestamp="${v.timestamp}",serial_no="${signer.serialNo}"`,
      );
      expect(signer.sign(buildRequestMessage(v.method, v.url, v.timestamp, v.nonce, v.body))).toBe(
        v.signature,
      );
    });
  }

  it('accepts a parsed KeyObject and a PKCS#1 PEM with the same result', () => {
    const v = vectors.request_signature;
    const key = createPrivateKey(vectorKeyPem(v));
    const pkcs1 = key.export({ type: 'pkcs1', format: 'pem' }).toString();
    for (const privateKey of [key, pkcs1]) {
      const signer = new RequestSigner({ mchid: 'm', serialNo: 's', privateKey });
      expect(signer.sign(buildRequestMessage(v.method, v.url, v.timestamp, v.nonce, v.body))).toBe(
        v.signature,
      );
    }
  });
});

describe('RequestSigner defaults', () => {
  const pem = vectorKeyPem(vectors.request_signature);

  it('uses a fresh 32-character nonce and the current second per call, and the signature verifies', () => {
    const signer = new RequestSigner({ mchid: '1900007291', serialNo: 'ABC', privateKey: pem });
    const before = Math.floor(Date.now() / 1000);
    const a = parseAuthorization(signer.authorization('GET', '/v3/a', ''));
    const b = parseAuthorization(signer.authorization('GET', '/v3/a', ''));
    expect(a.nonce).toMatch(/^[0-9A-F]{32}$/);
    expect(a.nonce).not.toBe(b.nonce);
    expect(Number(a.timestamp)).toBeGreaterThanOrEqual(before);
    const message = Buffer.from(buildRequestMessage('GET', '/v3/a', a.timestamp, a.nonce, ''));
    expect(verify('sha256', message, createPublicKey(pem), Buffer.from(a.signature, 'base64'))).toBe(true);
  });

  it('refuses a missing mchid, serial or an unparsable key', () => {
    expect(() => new RequestSigner({ mchid: '', serialNo: 's', privateKey: pem })).toThrow(
      ConfigurationError,
    );
    expect(() => new RequestSigner({ mchid: 'm', serialNo: '', privateKey: pem })).toThrow(
      ConfigurationError,
    );
    expect(() => new RequestSigner({ mchid: 'm', serialNo: 's', privateKey: 'not a key' })).toThrow(
      ConfigurationError,
    );
  });
});
