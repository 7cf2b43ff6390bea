import type { Dispatcher } from 'undici';
import { MalformedResponseError, WechatPayNetworkError } from './errors.js';

/**
 * Errors that happen before the request reached a server (or before it answered anything):
 * DNS, refused, unreachable, connect timeout, connection reset / closed before the response.
 * Only these move the request to the backup host. A response time-out is NOT one of them: the
 * primary may have processed the request.
 */
const FAILOVER_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  // undici's "other side closed": the peer closed the socket before sending a status line.
  'UND_ERR_SOCKET',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function codesOf(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return [];
  const codes: string[] = [];
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') codes.push(code);
  if (error instanceof AggregateError) for (const inner of error.errors) codes.push(...codesOf(inner));
  if (cause !== undefined && cause !== error) codes.push(...codesOf(cause));
  return codes;
}

export function isConnectionError(error: unknown): boolean {
  return codesOf(error).some((code) => FAILOVER_CODES.has(code));
}

export function isTimeout(error: unknown): boolean {
  return codesOf(error).some((code) => TIMEOUT_CODES.has(code));
}

export function networkError(error: unknown, where: string): WechatPayNetworkError {
  const timedOut = isTimeout(error);
  const code = codesOf(error)[0] ?? 'UNKNOWN';
  const what = timedOut ? 'timed out' : `failed (${code})`;
  return new WechatPayNetworkError(`WeChat Pay request to ${where} ${what}`, timedOut, { cause: error });
}

/**
 * Reads the whole body as raw bytes (what signatures cover). `body.bytes()` is several times
 * cheaper in CPU than async iteration. The size cap is enforced by the Agent's `maxResponseSize`;
 * a declared Content-Length over the cap is refused before reading, whatever the dispatcher.
 */
export async function readBody(res: Dispatcher.ResponseData, limit: number, where: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (declared > limit) {
    res.body.destroy();
    throw new MalformedResponseError(`response from ${where} exceeds ${limit} bytes`);
  }
  try {
    const bytes = await res.body.bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (codesOf(error).includes('UND_ERR_RES_EXCEEDED_MAX_SIZE')) {
      throw new MalformedResponseError(`response from ${where} exceeds ${limit} bytes`);
    }
    throw networkError(error, where);
  }
}
