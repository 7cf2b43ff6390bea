/**
 * Randomness, injected like the clock: tests replace `next` to get known keys. Not a secret: an
 * Idempotency-Key only has to be unique per attempt, and weapp has no synchronous crypto source.
 */
export const random = {
  next: (): number => Math.random(),
};

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 32 characters of [0-9A-Za-z]: inside the BFF's `Idempotency-Key` rule (8–64 of [0-9A-Za-z_-]). */
export function newIdempotencyKey(length = 32): string {
  let key = '';
  for (let i = 0; i < length; i++) key += ALPHABET[Math.floor(random.next() * ALPHABET.length)];
  return key;
}
