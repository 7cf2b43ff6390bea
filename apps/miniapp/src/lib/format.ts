const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-28T01:02:03Z` → `2026-11-28 09:02` in the device's zone; no date library on purpose. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Fen (the BFF's integer amounts) → `¥12.00`; the one place a price is formatted. */
export function formatPrice(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${pad(abs % 100)}`;
}
