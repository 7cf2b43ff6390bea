import { describe, expect, it } from 'vitest';
import {
  aesGcmEncrypt,
  DecryptError,
  MalformedNotificationError,
  MissingHeaderError,
  NotificationParser,
  ResponseVerifier,
  SignatureInvalidError,
  TimestampSkewError,
  UnknownSerialError,
  UnsupportedAlgorithmError,
  UnsupportedResourceAlgorithmError,
  WechatPayVerificationError,
} from '../src/index.js';
import { buildNotification, signResponse } from '../src/testing/index.js';
import { API_V3_KEY, merchant, NOW_MS, now, platform } from './helpers/keys.js';

const payload = {
  out_contract_code: 'wxwtdk20200910100000',
  mchid: '1900007291',
  sub_mchid: '1900000109',
  service_id: 12535,
  contract_id: 'Wx15463511252015071056489715',
  sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  contract_state: 'SIGNED',
  contract_signed_time: '2026-11-28T10:00:00+08:00',
};
const verifier = new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now });
const parser = new NotificationParser({ verifier, apiV3Key: API_V3_KEY });
const build = (over: Partial<Parameters<typeof buildNotification>[0]> = {}) =>
  buildNotification({
    privateKey: platform.privateKey,
    serial: platform.serial,
    apiV3Key: API_V3_KEY,
    id: 'EV-2018',
    eventType: 'PAPAY.SIGN',
    payload,
    now,
    ...over,
  });
/** Re-sign a hand-made body, as a WeChat Pay that sends something odd (but authentic) would. */
const signedBody = (body: string) => ({
  headers: signResponse({ privateKey: platform.privateKey, serial: platform.serial, body, now }),
  body,
});

describe('NotificationParser.parse', () => {
  it('verifies, decrypts and validates into a typed event', () => {
    const { headers, body } = build({ summary: '签约成功' });
    const event = parser.parse(headers, Buffer.from(body));
    expect(event).toEqual({
      kind: 'contract',
      id: 'EV-2018',
      eventType: 'PAPAY.SIGN',
      createTime: '2027-01-15T16:00:00+08:00',
      summary: '签约成功',
      resourceType: 'encrypt-resource',
      payload,
    });
    expect(new Date(event.createTime).getTime()).toBe(NOW_MS);
  });

  it('signature: a tampered body fails verification before anything is decrypted', () => {
    const { headers, body } = build();
    const tampered = body.replace('PAPAY.SIGN', 'PAPAY.TERM');
    expect(() => parser.parse(headers, tampered)).toThrow(SignatureInvalidError);
    // Verify first: a body that is both forged and undecryptable reports the signature.
    const garbage = JSON.stringify({
      ...JSON.parse(body),
      resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'AA', nonce: 'n' },
    });
    expect(() => parser.parse(headers, garbage)).toThrow(SignatureInvalidError);
  });

  it('signature: a missing header', () => {
    const { headers, body } = build();
    const { 'Wechatpay-Signature': _, ...rest } = headers;
    expect(() => parser.parse(rest, body)).toThrow(MissingHeaderError);
  });

  it('timestamp: older than 5 minutes', () => {
    const { headers, body } = build({ now: () => NOW_MS - 301_000 });
    expect(() => parser.parse(headers, body)).toThrow(TimestampSkewError);
  });

  it('serial: signed under an unknown serial', () => {
    const { headers, body } = build({ serial: 'PUB_KEY_ID_UNKNOWN' });
    expect(() => parser.parse(headers, body)).toThrow(UnknownSerialError);
  });

  it('algorithm: another signature type cannot be checked, so it is not authentic', () => {
    const { headers, body } = build();
    expect(() => parser.parse({ ...headers, 'Wechatpay-Signature-Type': 'SM2' }, body)).toThrow(
      UnsupportedAlgorithmError,
    );
  });

  // Issue 11 item 7: a correctly signed notification was reported as "not authentic".
  it('regression: an unsupported resource.algorithm is "cannot read it", not a verification failure', () => {
    const envelope = JSON.parse(build().body);
    envelope.resource.algorithm = 'AEAD_SM4_GCM';
    const odd = signedBody(JSON.stringify(envelope));
    const error = (() => {
      try {
        parser.parseEvent(odd.headers, odd.body);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnsupportedResourceAlgorithmError);
    expect(error).toBeInstanceOf(DecryptError);
    expect(error).not.toBeInstanceOf(WechatPayVerificationError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_RESOURCE_ALGORITHM', algorithm: 'AEAD_SM4_GCM' });
    expect(() => parser.parse(odd.headers, odd.body)).toThrow(UnsupportedResourceAlgorithmError);
  });

  it('decrypt: encrypted under another APIv3 key', () => {
    const { headers, body } = build({ apiV3Key: 'b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb' });
    expect(() => parser.parse(headers, body)).toThrow(DecryptError);
  });

  it('malformed: not JSON, envelope without resource, plaintext not JSON, payload without out_contract_code', () => {
    for (const body of [
      'not json',
      JSON.stringify({ id: 'x', create_time: 't', event_type: 'E', resource_type: 'r' }),
    ]) {
      const odd = signedBody(body);
      expect(() => parser.parse(odd.headers, odd.body)).toThrow(MalformedNotificationError);
    }
    const notJson = build({ payload: 'plain text' });
    expect(() => parser.parse(notJson.headers, notJson.body)).toThrow(MalformedNotificationError);
    const { out_contract_code: _, ...withoutCode } = payload;
    const invalid = build({ payload: withoutCode });
    const error = (() => {
      try {
        parser.parse(invalid.headers, invalid.body);
      } catch (e) {
        return e as MalformedNotificationError;
      }
    })();
    expect(error).toBeInstanceOf(MalformedNotificationError);
    expect(error?.code).toBe('MALFORMED_NOTIFICATION');
    expect(error?.errors.join()).toMatch(/out_contract_code/);
  });

  it('accepts an empty associated_data and any event_type', () => {
    const envelope = JSON.parse(build().body);
    envelope.event_type = 'SOMETHING.NEW';
    envelope.resource.associated_data = '';
    envelope.resource.ciphertext = aesGcmEncrypt({
      key: API_V3_KEY,
      nonce: envelope.resource.nonce,
      plaintext: JSON.stringify(payload),
    });
    const odd = signedBody(JSON.stringify(envelope));
    expect(parser.parse(odd.headers, odd.body).eventType).toBe('SOMETHING.NEW');
  });

  it('a merchant-signed notification is rejected even under the right serial', () => {
    const { body } = build();
    const headers = signResponse({ privateKey: merchant.privateKey, serial: platform.serial, body, now });
    expect(() => parser.parse(headers, body)).toThrow(SignatureInvalidError);
  });
});
