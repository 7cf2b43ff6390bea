import { randomBytes } from 'node:crypto';

/** Injected clock: epoch **milliseconds**, like `Date.now`. */
export type Clock = () => number;

/** Injected nonce source. */
export type NonceSource = () => string;

export function unixSeconds(now: Clock): number {
  return Math.floor(now() / 1000);
}

/** 32 upper-case hex characters (128 bits), the shape the official SDKs send. */
export function randomNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
