import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_SECONDS,
  SESSION_TTL_SECONDS,
  signSession,
  verifySession,
} from '../../src/session/session.token.js';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const claims = { sub_mchid: '1900000109', sub_appid: 'wxsub', sub_openid: 'o-1', iat: 1_000, exp: 2_000 };

/** A token as a careless or older issuer would make it: any claims, signed with our secret. */
function mint(body: Record<string, unknown>): string {
  const signed = `v1.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

describe('session token', () => {
  it('round-trips claims from iat until exp', () => {
    const token = signSession(claims, secret);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifySession(token, secret, 1_000)).toEqual(claims);
    expect(verifySession(token, secret, 1_999)).toEqual(claims);
    expect(verifySession(token, secret, 2_000)).toBeUndefined();
  });

  it('rejects another secret, a changed body or signature, other versions and junk', () => {
    const token = signSession(claims, secret);
    const [, body, mac] = token.split('.') as [string, string, string];
    expect(verifySession(token, Buffer.from('another-secret-another-secret-xx'), 1_000)).toBeUndefined();
    const other = Buffer.from(
      JSON.stringify({ m: '1900000109', a: 'wxsub', o: 'o-2', i: 1000, e: 2000 }),
    ).toString('base64url');
    expect(verifySession(`v1.${other}.${mac}`, secret, 1_000)).toBeUndefined();
    expect(verifySession(`v1.${body}.${mac.slice(0, -2)}`, secret, 1_000)).toBeUndefined();
    expect(verifySession(`v2.${body}.${mac}`, secret, 1_000)).toBeUndefined();
    for (const junk of ['', 'v1', 'v1..', 'a.b.c.d'])
      expect(verifySession(junk, secret, 1_000)).toBeUndefined();
    const incomplete = signSession({ ...claims, sub_openid: '' }, secret);
    expect(verifySession(incomplete, secret, 1_000)).toBeUndefined();
  });

  it('regression: a signature with a trailing extra base64url character (same bytes) was accepted', () => {
    const token = signSession(claims, secret);
    const mac = token.split('.')[2] as string;
    // The decoder skips padding and stray characters after the last full group.
    for (const extra of ['=', '==', ' ']) {
      const variant = `${token}${extra}`;
      expect(Buffer.from(`${mac}${extra}`, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
      expect(verifySession(variant, secret, 1_000)).toBeUndefined();
    }
    // The last character carries 2 padding bits: flipping them keeps the bytes, not the text.
    const last = mac.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string;
    const twin = `${token.slice(0, -1)}${sibling}`;
    expect(Buffer.from(twin.split('.')[2] as string, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(verifySession(twin, secret, 1_000)).toBeUndefined();
    expect(verifySession(token, secret, 1_000)).toEqual(claims);
  });

  it('regression: a token without an issue time, or with any expiry, was honoured', () => {
    const base = { m: '1900000109', a: 'wxsub', o: 'o-1' };
    // No iat at all (the old format).
    expect(verifySession(mint({ ...base, e: 2_000 }), secret, 1_000)).toBeUndefined();
    // A lifetime longer than the session TTL, though still unexpired.
    expect(
      verifySession(mint({ ...base, i: 1_000, e: 1_000 + SESSION_TTL_SECONDS + 1 }), secret, 1_000),
    ).toBeUndefined();
    // Exactly the TTL is what we issue.
    expect(
      verifySession(mint({ ...base, i: 1_000, e: 1_000 + SESSION_TTL_SECONDS }), secret, 1_000),
    ).toBeDefined();
    // Issued in the future beyond the clock skew; within the skew is fine.
    const ahead = (s: number) => mint({ ...base, i: 1_000 + s, e: 1_000 + s + 60 });
    expect(verifySession(ahead(CLOCK_SKEW_SECONDS + 1), secret, 1_000)).toBeUndefined();
    expect(verifySession(ahead(CLOCK_SKEW_SECONDS), secret, 1_000)).toBeDefined();
    // exp not after iat, fractional or non-numeric times.
    expect(verifySession(mint({ ...base, i: 1_500, e: 1_500 }), secret, 1_000)).toBeUndefined();
    expect(verifySession(mint({ ...base, i: 1_000.5, e: 2_000 }), secret, 1_000)).toBeUndefined();
    expect(verifySession(mint({ ...base, i: '1000', e: 2_000 }), secret, 1_000)).toBeUndefined();
  });

  it('refuses to issue a token whose lifetime exceeds the session TTL', () => {
    expect(() => signSession({ ...claims, exp: claims.iat + SESSION_TTL_SECONDS + 1 }, secret)).toThrow(
      RangeError,
    );
    expect(() => signSession({ ...claims, exp: claims.iat }, secret)).toThrow(RangeError);
    expect(() => signSession({ ...claims, exp: claims.iat + SESSION_TTL_SECONDS }, secret)).not.toThrow();
  });
});
