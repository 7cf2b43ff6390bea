/**
 * Headers as they arrive from Node (`IncomingHttpHeaders`, lower-case keys, maybe arrays), undici,
 * a Fetch `Headers` object or a hand-written record with any casing.
 */
export type HeaderLookup =
  | { get(name: string): string | null }
  | Record<string, string | readonly string[] | number | undefined>;

function isHeadersObject(headers: HeaderLookup): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function';
}

/** Case-insensitive lookup; the first value of a repeated header; `undefined` when absent. */
export function getHeader(headers: HeaderLookup, name: string): string | undefined {
  if (isHeadersObject(headers)) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  let value = headers[lower];
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === lower) {
        value = headers[key];
        break;
      }
    }
  }
  if (value === undefined) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return value[0];
}

/** The headers WeChat Pay signs its answers and notifications with (and the serial a client asks for). */
export const WECHATPAY_HEADERS = {
  timestamp: 'Wechatpay-Timestamp',
  nonce: 'Wechatpay-Nonce',
  signature: 'Wechatpay-Signature',
  serial: 'Wechatpay-Serial',
  signatureType: 'Wechatpay-Signature-Type',
} as const;
