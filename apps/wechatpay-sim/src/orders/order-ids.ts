import { randomBytes, randomInt } from 'node:crypto';

/** `wx` + yyyyMMddHHmmss + 22 hex characters (36, within the 64 allowed), like WeChat Pay's. */
export function newPrepayId(nowMs: number): string {
  return `wx${chinaStamp(nowMs)}${randomBytes(11).toString('hex')}`;
}

/** 28 digits: `42000` + yyyyMMdd + 15 random digits, the shape WeChat Pay's transaction ids have. */
export function newTransactionId(nowMs: number): string {
  const random = Array.from({ length: 15 }, () => randomInt(0, 10)).join('');
  return `42000${chinaStamp(nowMs).slice(0, 8)}${random}`;
}

function chinaStamp(nowMs: number): string {
  return new Date(nowMs + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}
