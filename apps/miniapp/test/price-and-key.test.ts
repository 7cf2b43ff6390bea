import { IDEMPOTENCY_KEY_PATTERN } from '@kit/contract-types';
import { afterEach, describe, expect, it } from 'vitest';
import { buyLabel } from '../src/copy/payment-copy';
import { formatPrice } from '../src/lib/format';
import { newIdempotencyKey, random } from '../src/lib/random';

const realRandom = random.next;

describe('price and Idempotency-Key', () => {
  afterEach(() => {
    random.next = realRandom;
  });

  it('fen → ¥x.xx, exactly (no floating point on the way)', () => {
    expect(formatPrice(1)).toBe('¥0.01');
    expect(formatPrice(10)).toBe('¥0.10');
    expect(formatPrice(1200)).toBe('¥12.00');
    expect(formatPrice(1850)).toBe('¥18.50');
    expect(formatPrice(123456789)).toBe('¥1234567.89');
    expect(buyLabel(true, 1200)).toBe('免密支付 ¥12.00');
    expect(buyLabel(false, 1)).toBe('微信支付 ¥0.01');
  });

  it('a key is 32 of [0-9A-Za-z], inside the BFF rule, and a new attempt gets another', () => {
    const pattern = new RegExp(IDEMPOTENCY_KEY_PATTERN);
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(pattern);
      expect(key).toHaveLength(32);
    }
  });

  it('randomness is injected: the extremes of the source still give valid characters', () => {
    random.next = () => 0;
    expect(newIdempotencyKey()).toBe('0'.repeat(32));
    random.next = () => 0.999999;
    expect(newIdempotencyKey()).toBe('z'.repeat(32));
  });
});
