import type { KeyObject } from 'node:crypto';
import type { Clock } from '../clock.js';
import {
  MissingHeaderError,
  SignatureInvalidError,
  TimestampSkewError,
  UnsupportedAlgorithmError,
} from '../errors.js';
import { loadPublicKey, type PublicKeyInput } from '../keys.js';
import { buildRequestMessage } from '../message.js';
import { AUTH_SCHEME, verifyMessage } from '../signer.js';
import { withinSkew } from '../verifier.js';

export interface ParsedAuthorization {
  mchid: string;
  nonce: string;
  signature: string;
  timestamp: string;
  serialNo: string;
}

const PARAM = /([a-z_]+)="([^"]*)"/g;

/**
 * Splits `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…` (any parameter order).
 * Throws `MissingHeaderError` (empty), `UnsupportedAlgorithmError` (other scheme) or
 * `SignatureInvalidError` (a parameter missing).
 */
export function parseAuthorization(header: string | undefined | null): ParsedAuthorization {
  if (!header) throw new MissingHeaderError('Authorization');
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  if (scheme !== AUTH_SCHEME) throw new UnsupportedAlgorithmError(scheme);
  const params = new Map<string, string>();
  for (const match of header.slice(space + 1).matchAll(PARAM))
    params.set(match[1] as string, match[2] as string);
  const pick = (name: string): string => {
    const value = params.get(name);
    if (!value) throw new SignatureInvalidError(`Authorization lacks ${name}`);
    return value;
  };
  return {
    mchid: pick('mchid'),
    nonce: pick('nonce_str'),
    signature: pick('signature'),
    timestamp: pick('timestamp'),
    serialNo: pick('serial_no'),
  };
}

export interface VerifyAuthorizationInput {
  header: string | undefined | null;
  method: string;
  /** Path with the query string, as received. */
  url: string;
  /** The raw request body ('' or undefined for GET). */
  body?: string | Buffer | undefined;
  /** The merchant's public key (or certificate) registered for `serial_no`. */
  publicKey: KeyObject | PublicKeyInput;
  /** When given, a timestamp further than `maxSkewSeconds` (MAX_SKEW_SECONDS) from now is rejected. */
  now?: Clock;
  maxSkewSeconds?: number;
}

/** What WeChat Pay does with a merchant request: parse and check the signature, or throw. */
export function verifyAuthorization(input: VerifyAuthorizationInput): ParsedAuthorization {
  const auth = parseAuthorization(input.header);
  if (input.now !== undefined && !withinSkew(auth.timestamp, input.now, input.maxSkewSeconds)) {
    throw new TimestampSkewError(auth.timestamp);
  }
  const body = input.body === undefined ? Buffer.alloc(0) : Buffer.from(input.body);
  const message = buildRequestMessage(input.method, input.url, auth.timestamp, auth.nonce, body);
  if (!verifyMessage(message, loadPublicKey(input.publicKey), auth.signature)) {
    throw new SignatureInvalidError('request signature does not match');
  }
  return auth;
}
