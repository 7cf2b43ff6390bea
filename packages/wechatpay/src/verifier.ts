import type { KeyObject, X509Certificate } from 'node:crypto';
import { type Clock, unixSeconds } from './clock.js';
import {
  ConfigurationError,
  MissingHeaderError,
  SignatureInvalidError,
  TimestampSkewError,
  UnknownSerialError,
  UnsupportedAlgorithmError,
} from './errors.js';
import { getHeader, WECHATPAY_HEADERS as H, type HeaderLookup } from './headers.js';
import { loadPublicKey, normalizeSerial } from './keys.js';
import { buildResponseMessage } from './message.js';
import { AUTH_SCHEME, verifyMessage } from './signer.js';

export const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_';

/** WeChat Pay's window, both ways: request timestamps it accepts, answer timestamps clients accept. */
export const MAX_SKEW_SECONDS = 300;

const UNIX_SECONDS = /^\d{1,12}$/;

/** Whether `timestamp` is unix seconds (1–12 digits) no further than `maxSkewSeconds` from `now`. */
export function withinSkew(timestamp: string, now: Clock, maxSkewSeconds = MAX_SKEW_SECONDS): boolean {
  return UNIX_SECONDS.test(timestamp) && Math.abs(unixSeconds(now) - Number(timestamp)) <= maxSkewSeconds;
}

/** A verification key as configured: already parsed, or a PEM public key / certificate. */
export type VerificationKey = KeyObject | X509Certificate | string | Buffer;

export interface ResponseVerifierOptions {
  /** `PUB_KEY_ID_…` and/or platform certificate serial (hex) → key. */
  keys: Map<string, VerificationKey> | Record<string, VerificationKey>;
  /** The merchant's own certificate serial: must not be among `keys`. */
  merchantSerialNo?: string;
  now?: Clock;
  maxSkewSeconds?: number;
}

export interface VerifiedSignature {
  serial: string;
  timestamp: number;
  nonce: string;
}

/** Verifies `Wechatpay-*` signed responses and notifications over the raw body bytes. */
export class ResponseVerifier {
  /** The id to send as `Wechatpay-Serial`: the public key id when present. */
  readonly serial: string;
  readonly #keys: Map<string, KeyObject>;
  readonly #now: Clock;
  readonly #maxSkewSeconds: number;

  constructor(options: ResponseVerifierOptions) {
    const entries = options.keys instanceof Map ? [...options.keys] : Object.entries(options.keys ?? {});
    if (entries.length === 0) throw new ConfigurationError('no WeChat Pay verification keys configured');
    const merchantSerial =
      options.merchantSerialNo === undefined ? undefined : normalizeSerial(options.merchantSerialNo);
    this.#keys = new Map();
    for (const [id, key] of entries) {
      const serial = normalizeSerial(id);
      if (!serial) throw new ConfigurationError('a verification key has an empty serial');
      if (serial === merchantSerial) {
        throw new ConfigurationError(
          `verification keys include the merchant's own serial ${serial}: configure the WeChat Pay public key or platform certificates`,
        );
      }
      this.#keys.set(serial, loadPublicKey(key));
    }
    const ids = [...this.#keys.keys()];
    this.serial = ids.find((id) => id.startsWith(PUBLIC_KEY_ID_PREFIX)) ?? (ids[0] as string);
    this.#now = options.now ?? Date.now;
    this.#maxSkewSeconds = options.maxSkewSeconds ?? MAX_SKEW_SECONDS;
    if (!(this.#maxSkewSeconds >= 0)) throw new ConfigurationError('maxSkewSeconds must be >= 0');
  }

  /** Serials this verifier accepts. */
  get serials(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Throws a `WechatPayVerificationError` subclass unless the headers carry a valid signature of
   * exactly these bytes by a configured key within the allowed skew.
   */
  verify(headers: HeaderLookup, rawBody: Buffer | string): VerifiedSignature {
    const timestamp = required(headers, H.timestamp);
    const nonce = required(headers, H.nonce);
    const signature = required(headers, H.signature);
    const serialHeader = required(headers, H.serial);

    const type = getHeader(headers, H.signatureType);
    if (type !== undefined && type !== AUTH_SCHEME) throw new UnsupportedAlgorithmError(type);

    const serial = normalizeSerial(serialHeader);
    const key = this.#keys.get(serial);
    if (key === undefined) throw new UnknownSerialError(serialHeader);

    if (!withinSkew(timestamp, this.#now, this.#maxSkewSeconds)) throw new TimestampSkewError(timestamp);

    const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
    if (!verifyMessage(buildResponseMessage(timestamp, nonce, body), key, signature))
      throw new SignatureInvalidError();
    return { serial, timestamp: Number(timestamp), nonce };
  }
}

function required(headers: HeaderLookup, name: string): string {
  const value = getHeader(headers, name);
  if (value === undefined || value === '') throw new MissingHeaderError(name);
  return value;
}
