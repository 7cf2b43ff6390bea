import { randomBytes, randomUUID } from 'node:crypto';
import { aesGcmEncrypt } from '../cipher.js';
import { type Clock, type NonceSource, randomNonce, unixSeconds } from '../clock.js';
import { WECHATPAY_HEADERS as H } from '../headers.js';
import { loadPrivateKey, type PrivateKeyInput } from '../keys.js';
import { buildResponseMessage } from '../message.js';
import { AUTH_SCHEME, signMessage } from '../signer.js';
import type { SignMode } from './faults.js';

export interface SignResponseInput {
  /** WeChat Pay's private key (the pair of the public key / certificate the client trusts). */
  privateKey: PrivateKeyInput;
  /** `PUB_KEY_ID_…` or the platform certificate serial. */
  serial: string;
  /** The exact bytes that will be sent. */
  body: string | Buffer;
  now?: Clock;
  nonce?: NonceSource;
}

export interface SignedHeaders extends Record<string, string> {
  [H.timestamp]: string;
  [H.nonce]: string;
  [H.signature]: string;
  [H.serial]: string;
  [H.signatureType]: string;
}

/**
 * The headers WeChat Pay puts on a response or notification: `Wechatpay-Timestamp`, `-Nonce`,
 * `-Signature`, `-Serial` and `-Signature-Type`.
 */
export function signResponse(input: SignResponseInput): SignedHeaders {
  const key = loadPrivateKey(input.privateKey);
  const timestamp = String(unixSeconds(input.now ?? Date.now));
  const nonce = (input.nonce ?? randomNonce)();
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  return {
    [H.timestamp]: timestamp,
    [H.nonce]: nonce,
    [H.signature]: signMessage(buildResponseMessage(timestamp, nonce, body), key),
    [H.serial]: input.serial,
    [H.signatureType]: AUTH_SCHEME,
  };
}

/**
 * The headers of an answer as a fault leaves it: `unsigned` → none; `bad_signature` → a real
 * signature over other bytes (well-formed, verifiably wrong).
 */
export function signResponseAs(input: SignResponseInput, mode: SignMode): Record<string, string> {
  if (mode === 'unsigned') return {};
  if (mode === 'signed') return signResponse(input);
  return signResponse({ ...input, body: Buffer.concat([Buffer.from(input.body), Buffer.from(' ')]) });
}

export interface BuildNotificationInput {
  privateKey: PrivateKeyInput;
  serial: string;
  apiV3Key: string | Buffer;
  id?: string;
  eventType: string;
  /** The plaintext resource (normally a ContractNotificationPayload; anything, to test failures). */
  payload: unknown;
  now?: Clock;
  summary?: string;
  /** AAD of the resource; WeChat Pay uses a short product word. */
  associatedData?: string;
  originalType?: string;
  nonce?: NonceSource;
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 12 alphanumeric characters: the resource nonce (GCM IV) as WeChat Pay writes it. */
function resourceNonce(): string {
  let out = '';
  for (const byte of randomBytes(12)) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

/** RFC 3339 in China Standard Time, the way WeChat Pay writes `create_time`. */
export function formatChinaTime(epochMs: number): string {
  const shifted = new Date(epochMs + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}

/** A signed, AES-256-GCM encrypted notification exactly as WeChat Pay POSTs it to notify_url. */
export function buildNotification(input: BuildNotificationInput): {
  headers: SignedHeaders & { 'Content-Type': string };
  body: string;
} {
  const now = input.now ?? Date.now;
  const nonce = resourceNonce();
  const associatedData = input.associatedData ?? 'contract';
  const ciphertext = aesGcmEncrypt({
    key: input.apiV3Key,
    nonce,
    associatedData,
    plaintext: typeof input.payload === 'string' ? input.payload : JSON.stringify(input.payload),
  });
  const envelope = {
    id: input.id ?? randomUUID(),
    create_time: formatChinaTime(now()),
    resource_type: 'encrypt-resource',
    event_type: input.eventType,
    summary: input.summary ?? '签约状态变更',
    resource: {
      original_type: input.originalType ?? 'contract',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: associatedData,
      nonce,
    },
  };
  const body = JSON.stringify(envelope);
  const headers = {
    'Content-Type': 'application/json',
    ...signResponse({ privateKey: input.privateKey, serial: input.serial, body, now, nonce: input.nonce }),
  };
  return { headers, body };
}
