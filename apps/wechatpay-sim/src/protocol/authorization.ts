import type { KeyObject } from 'node:crypto';
import { AUTH_SCHEME, MAX_SKEW_SECONDS, TimestampSkewError } from '@kit/wechatpay';
import { type ParsedAuthorization, parseAuthorization, verifyAuthorization } from '@kit/wechatpay/testing';
import { invalidRequest, signError } from './errors.js';

export interface AuthCheck {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  /** Path plus query exactly as requested. */
  url: string;
  /** The body bytes exactly as received. */
  rawBody: Buffer;
  mchid: string;
  serialNo: string;
  merchantPublicKey: KeyObject;
  nowMs: number;
}

/**
 * What WeChat Pay does with an incoming APIv3 request before looking at the body. Throws the
 * WechatApiError WeChat Pay would answer with.
 */
export function checkAuthorization(check: AuthCheck): void {
  const { headers } = check;
  if (!header(headers, 'accept')) throw invalidRequest('Accept 请求头缺失');
  if (!header(headers, 'user-agent')) throw invalidRequest('User-Agent 请求头缺失');
  const authorization = header(headers, 'authorization');
  if (!authorization) throw signError('Authorization header is missing');
  if (!authorization.startsWith(`${AUTH_SCHEME} `))
    throw signError(`authorization type must be ${AUTH_SCHEME}`);

  let parsed: ParsedAuthorization;
  try {
    parsed = parseAuthorization(authorization);
  } catch {
    // A parameter is missing or empty (the scheme was checked above).
    throw signError('Authorization must carry mchid, nonce_str, signature, timestamp and serial_no');
  }
  if (parsed.mchid !== check.mchid) throw signError('mchid in Authorization does not match the merchant');
  if (parsed.serialNo !== check.serialNo)
    throw signError('serial_no is not a valid certificate of the merchant');

  try {
    verifyAuthorization({
      header: authorization,
      method: check.method,
      url: check.url,
      body: check.rawBody,
      publicKey: check.merchantPublicKey,
      now: () => check.nowMs,
    });
  } catch (error) {
    if (error instanceof TimestampSkewError)
      throw signError(`timestamp is not unix seconds within ${MAX_SKEW_SECONDS} s of the server time`);
    throw signError('signature does not verify over the exact request bytes');
  }
}

function header(headers: AuthCheck['headers'], name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first : undefined;
}
