/** Every timestamp the BFF stores or answers is an ISO-8601 UTC string from an injected clock. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** A WeChat time string (RFC 3339 with offset) as ISO UTC; `fallbackMs` when absent or unreadable. */
export function normalizeTime(value: string | undefined, fallbackMs: number): string {
  const ms = value ? Date.parse(value) : Number.NaN;
  return iso(Number.isNaN(ms) ? fallbackMs : ms);
}
