/** Every timestamp the BFF stores or answers is an ISO-8601 UTC string from an injected clock. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** A WeChat time string (RFC 3339 with offset) as ISO UTC; `fallbackMs` when absent or unreadable. */
export function normalizeTime(value: string | undefined, fallbackMs: number): string {
  const ms = value ? Date.parse(value) : Number.NaN;
  return iso(Number.isNaN(ms) ? fallbackMs : ms);
}

/**
 * A time as WeChat Pay's order fields write it: RFC 3339 to the second, China time
 * (`2026-11-28T18:30:00+08:00`), which every WeChat Pay parser accepts.
 */
export function wechatTime(ms: number): string {
  const china = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString();
  return `${china.slice(0, 19)}+08:00`;
}
