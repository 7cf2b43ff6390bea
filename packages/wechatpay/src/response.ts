import type { TSchema } from 'typebox';
import { MalformedResponseError, WechatPayApiError, WechatPayRateLimitError } from './errors.js';
import { describeErrors, isValid } from './validation.js';

/** A verified 2xx body → JSON (undefined when empty), validated against `schema` when given. */
export function decode(raw: Buffer, schema: TSchema | undefined, requestId: string | undefined): unknown {
  let data: unknown;
  if (raw.length > 0) {
    try {
      data = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new MalformedResponseError('verified response is not JSON', [], requestId);
    }
  }
  if (schema !== undefined && !isValid(schema, data)) {
    throw new MalformedResponseError(
      'verified response does not fit the schema',
      describeErrors(schema, data),
      requestId,
    );
  }
  return data;
}

/** A non-2xx → the typed error; the body is WeChat Pay's `{code, message, detail}` when it is JSON. */
export function apiError(status: number, raw: Buffer, requestId: string | undefined): WechatPayApiError {
  let parsed: { code?: unknown; message?: unknown; detail?: unknown } = {};
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof value === 'object' && value !== null) parsed = value;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): classify by status alone.
  }
  const init = {
    status,
    code: typeof parsed.code === 'string' && parsed.code ? parsed.code : `HTTP_${status}`,
    message: typeof parsed.message === 'string' ? parsed.message : `HTTP ${status}`,
    detail: parsed.detail,
    requestId,
  };
  return status === 429 ? new WechatPayRateLimitError(init) : new WechatPayApiError(init);
}
