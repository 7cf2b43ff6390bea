import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Opaque signing-session id (≤128 characters in the real API). */
export function newPreEntrustwebId(): string {
  return randomBytes(24).toString('base64url');
}

/** The same user seen from the service provider's AppID: stable per (sp_appid, sub_openid). */
export function derivedSpOpenid(spAppid: string, subOpenid: string): string {
  return `o${createHash('sha256').update(`${spAppid}:${subOpenid}`).digest('base64url').slice(0, 27)}`;
}

export function contractId(nowMs: number): string {
  const day = new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '');
  return `${day}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
}
