import type { KeyObject } from 'node:crypto';

import { NotificationParser, ResponseVerifier, type WechatPayNotification } from '@kit/wechatpay';
import { buildNotification, signResponse } from '@kit/wechatpay/testing';
import {
  duplicateKey,
  flipBits,
  headerBytes,
  hostileValue,
  insertAt,
  type Rng,
  setRandomField,
  UNICODE,
  wireHeaders,
} from './fuzz.js';
import type { Subject } from './notification-subjects.js';

export interface NotificationCase {
  kind: string;
  subject: Subject['name'];
  headers: Record<string, string>;
  body: Buffer;
  /** Judged by the oracle (WeChat Pay's rules: signature, ±300 s, decryption, schema) or by construction. */
  valid: boolean;
}

export interface Signer {
  privateKey: KeyObject;
  publicKeyPem: string;
  publicKeyId: string;
  apiV3Key: string;
}

const HEADERS = ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial'];
export const NOTIFICATION_LIMIT = 64 * 1024;

/**
 * 13 families of hostile notifications, each about a contract or a payment (`subjects`). Families
 * 0–7 damage a genuine notification naming the real record after it was signed (always invalid);
 * 8–10 are signed by "WeChat Pay" but carry a hostile envelope or plaintext (the oracle decides);
 * 11 is genuine with odd transport details (valid: must be accepted); 12 is genuine and names the real
 * order with one field that differs from it (valid: acknowledged, never applied).
 */
export function notificationCases(s: Signer, subjects: Subject[]) {
  const oracle = new NotificationParser({
    verifier: new ResponseVerifier({ keys: { [s.publicKeyId]: s.publicKeyPem } }),
    apiV3Key: s.apiV3Key,
  });
  const build = (subject: Subject, payload: unknown) => {
    const n = buildNotification({
      privateKey: s.privateKey,
      serial: s.publicKeyId,
      apiV3Key: s.apiV3Key,
      eventType: subject.eventType,
      originalType: subject.originalType,
      associatedData: subject.associatedData,
      summary: subject.summary,
      payload,
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(n.headers)) headers[k.toLowerCase()] = v;
    return { headers, body: Buffer.from(n.body) };
  };
  // The hostile envelope bytes with a genuine signature over them.
  const resign = (body: Buffer, headers: Record<string, string>) => ({
    headers: { ...headers, ...signedHeaders(s, body) },
    body,
  });
  const judge = (headers: Record<string, string>, body: Buffer): boolean => {
    if (body.length > NOTIFICATION_LIMIT) return false;
    try {
      oracle.parseEvent(headers, body) satisfies WechatPayNotification;
      return true;
    } catch {
      return false;
    }
  };

  return (rng: Rng): NotificationCase => {
    const subject = rng.pick(subjects);
    const family = rng.int(subject.mismatched ? 13 : 12);
    // Invalid-by-construction families name the real record (a PRESIGNED contract, a CREATED order):
    // it must stay as it is.
    const base = build(subject, subject.payload(family <= 7));
    let headers = { ...base.headers };
    let body: Buffer = base.body;
    let kind: string;
    switch (family) {
      case 0:
        kind = 'bit-flip';
        body = flipBits(body, rng);
        break;
      case 1:
        kind = 'truncated';
        body = body.subarray(0, rng.int(body.length));
        break;
      case 2: {
        kind = 'huge';
        const size = rng.pick([NOTIFICATION_LIMIT + 1, 200_000, 1_000_000, 2_000_000]);
        body = Buffer.concat([body.subarray(0, -1), Buffer.from(`,"pad":"${'A'.repeat(size)}"}`)]);
        break;
      }
      case 3: {
        kind = 'wrong-type';
        const obj = JSON.parse(body.toString('utf8'));
        setRandomField(obj, rng, hostileValue(rng));
        body = Buffer.from(JSON.stringify(obj));
        break;
      }
      case 4:
        kind = 'duplicate-key';
        body = Buffer.from(
          duplicateKey(
            body.toString('utf8'),
            rng.pick(['id', 'resource', 'event_type']),
            JSON.stringify(hostileValue(rng)),
            rng.int(2) === 0,
          ),
        );
        break;
      case 5:
        kind = 'unicode';
        body = insertAt(body, rng, rng.pick(UNICODE));
        break;
      case 6:
        kind = 'missing-header';
        delete headers[rng.pick(HEADERS)];
        break;
      case 7: {
        kind = 'bad-header';
        const name = rng.pick([...HEADERS, 'wechatpay-signature-type']);
        const value = headers[name] ?? '';
        headers[name] = rng.pick([
          () =>
            flipBits(Buffer.from(value, 'latin1'), rng)
              .toString('latin1')
              .replace(/[\r\n\0]/g, '?'),
          () => headerBytes(rng.pick(UNICODE)),
          () => 'A'.repeat(rng.pick([1, 300, 8000])),
          () => '',
          () => String(Number(headers['wechatpay-timestamp'] ?? 0) - 301 - rng.int(100_000)),
          () => `WECHATPAY/SIGNTEST/${value}`,
        ])();
        if (name === 'wechatpay-signature-type' && headers[name] === value) headers[name] = 'HMAC-SHA256';
        break;
      }
      case 8: {
        kind = 'signed-wrong-type';
        const obj = JSON.parse(body.toString('utf8'));
        setRandomField(obj, rng, hostileValue(rng));
        ({ headers, body } = resign(Buffer.from(JSON.stringify(obj)), headers));
        break;
      }
      case 9:
        kind = 'signed-duplicate-key';
        ({ headers, body } = resign(
          Buffer.from(
            duplicateKey(
              body.toString('utf8'),
              rng.pick(['id', 'resource', 'resource_type']),
              JSON.stringify(hostileValue(rng)),
              rng.int(2) === 0,
            ),
          ),
          headers,
        ));
        break;
      case 10: {
        kind = 'signed-hostile-plaintext';
        const p = subject.payload(false);
        setRandomField(p, rng, hostileValue(rng));
        const plaintext = rng.pick([
          () => p,
          () => JSON.stringify(p).slice(0, rng.int(200)),
          () => duplicateKey(JSON.stringify(p), subject.key, JSON.stringify(hostileValue(rng))),
          () => rng.pick(UNICODE).repeat(10),
        ])();
        ({ headers, body } = build(subject, plaintext));
        break;
      }
      case 12:
        kind = 'signed-mismatch';
        ({ headers, body } = build(subject, subject.mismatched?.(rng)));
        break;
      default:
        kind = 'genuine-odd-transport';
        headers['content-type'] = rng.pick([
          'text/plain',
          'application/json; charset=utf-8',
          'application/octet-stream',
          'APPLICATION/JSON',
        ]);
        headers['x-extra'] = headerBytes(rng.pick(UNICODE));
    }
    headers = wireHeaders(headers);
    return {
      kind: `${subject.name}:${kind}`,
      subject: subject.name,
      headers,
      body,
      valid: judge(headers, body),
    };
  };
}

function signedHeaders(s: Signer, body: Buffer): Record<string, string> {
  const h = signResponse({ privateKey: s.privateKey, serial: s.publicKeyId, body });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
