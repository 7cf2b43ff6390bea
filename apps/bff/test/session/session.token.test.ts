import { describe, expect, it } from 'vitest';
import { signSession, verifySession } from '../../src/session/session.token.js';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const claims = { sub_mchid: '1900000109', sub_appid: 'wxsub', sub_openid: 'o-1', exp: 2_000 };

describe('session token', () => {
  it('round-trips claims until exp', () => {
    const token = signSession(claims, secret);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifySession(token, secret, 1_999)).toEqual(claims);
    expect(verifySession(token, secret, 2_000)).toBeUndefined();
  });

  it('rejects another secret, a changed body or signature, other versions and junk', () => {
    const token = signSession(claims, secret);
    const [, body, mac] = token.split('.') as [string, string, string];
    expect(verifySession(token, Buffer.from('another-secret-another-secret-xx'), 0)).toBeUndefined();
    const other = Buffer.from(JSON.stringify({ m: '1900000109', a: 'wxsub', o: 'o-2', e: 2000 })).toString(
      'base64url',
    );
    expect(verifySession(`v1.${other}.${mac}`, secret, 0)).toBeUndefined();
    expect(verifySession(`v1.${body}.${mac.slice(0, -2)}`, secret, 0)).toBeUndefined();
    expect(verifySession(`v2.${body}.${mac}`, secret, 0)).toBeUndefined();
    for (const junk of ['', 'v1', 'v1..', 'a.b.c.d']) expect(verifySession(junk, secret, 0)).toBeUndefined();
    const incomplete = signSession({ ...claims, sub_openid: '' }, secret);
    expect(verifySession(incomplete, secret, 0)).toBeUndefined();
  });
});
