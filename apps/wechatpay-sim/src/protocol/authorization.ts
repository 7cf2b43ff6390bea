import type { KeyObject } from 'node:crypto';
import { parseAuthorization, verifyAuthorization } from '@kit/wechatpay/testing';
import { invalidRequest, signError } from './errors.js';

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const MAX_SKEW_SECONDS = 300;

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

  let parsed: ReturnType<typeof parseAuthorization>;
  try {
    parsed = parseAuthorization(authorization);
  } catch {
    throw signError('Authorization header is malformed');
  }
  if (!parsed.mchid || !parsed.nonce || !parsed.signature || !parsed.timestamp || !parsed.serialNo) {
    throw signError('Authorization must carry mchid, nonce_str, signature, timestamp and serial_no');
  }
  if (parsed.mchid !== check.mchid) throw signError('mchid in Authorization does not match the merchant');
  if (parsed.serialNo !== check.serialNo)
    throw signError('serial_no is not a valid certificate of the merchant');
  if (!/^\d{1,12}$/.test(parsed.timestamp)) throw signError('timestamp is not a unix time in seconds');
  const skew = Math.abs(check.nowMs / 1000 - Number(parsed.timestamp));
  if (skew > MAX_SKEW_SECONDS) throw signError('timestamp is more than 300 s away from the server time');

  try {
    verifyAuthorization({
      header: authorization,
      method: check.method,
      url: check.url,
      body: check.rawBody,
      publicKey: check.merchantPublicKey,
    });
  } catch {
    throw signError('signature does not verify over the exact request bytes');
  }
}

function header(headers: AuthCheck['headers'], name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first : undefined;
}
