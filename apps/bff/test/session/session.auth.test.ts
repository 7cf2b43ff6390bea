import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signSession } from '../../src/session/session.token.js';
import { openidFor } from '../helpers/fake-wechat.js';
import { bearer, createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const sub = () => h.identity.subMerchants[0]!;

describe('Bearer authentication', () => {
  const url = '/v1/contracts/current';

  it.each([
    ['no header', undefined],
    ['not bearer', 'Basic abc'],
    ['garbage', 'Bearer not-a-token'],
  ])('%s → 401 UNAUTHENTICATED', async (_name, authorization) => {
    const res = await h.app.inject({ url, headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  it.each([['bearer'], ['BEARER'], ['Bearer  ']])(
    'regression: the scheme %j was refused though RFC 7235 makes it case-insensitive',
    async (scheme) => {
      const token = await h.login(`c-scheme-${scheme.trim()}`);
      const res = await h.app.inject({ url, headers: { authorization: `${scheme} ${token}` } });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NO_CONTRACT');
    },
  );

  it('regression: a second spelling of the signature (its 2 padding bits flipped) was accepted', async () => {
    const token = await h.login('c-twin');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(token.at(-1) as string) ^ 1]}`;
    const res = await h.app.inject({ url, headers: bearer(twin) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
    expect((await h.app.inject({ url, headers: bearer(token) })).statusCode).toBe(404);
  });

  it('issues tokens that carry their issue time and a lifetime of exactly the session TTL', async () => {
    const token = await h.login('c-iat');
    const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(claims.i).toBe(Math.floor(h.clock.now / 1000));
    expect(claims.e - claims.i).toBe(2 * 3600);
  });

  it('rejects a token signed with another secret, a tampered one and an expired one', async () => {
    const iat = Math.floor(h.clock.now / 1000);
    const claims = {
      sub_mchid: sub().sub_mchid,
      sub_appid: sub().sub_appid,
      sub_openid: 'o-victim',
      iat,
      exp: iat + 3600,
    };
    const forged = signSession(claims, Buffer.from('another-secret-another-secret-another'));
    expect((await h.app.inject({ url, headers: bearer(forged) })).statusCode).toBe(401);

    const token = await h.login('c-tamper');
    const [v, body, mac] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    payload.o = 'o-victim';
    const tampered = `${v}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    expect((await h.app.inject({ url, headers: bearer(tampered) })).statusCode).toBe(401);

    expect((await h.app.inject({ url, headers: bearer(token) })).statusCode).toBe(404);
    h.clock.now += 2 * 3600_000 + 1000;
    const expired = await h.app.inject({ url, headers: bearer(token) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('UNAUTHENTICATED');
  });

  it('never writes the token, the openid or the app secret to the log', async () => {
    const token = await h.login('c-log');
    await h.app.inject({ url, headers: bearer(token) });
    await h.app.inject({ url, headers: bearer(`${token}x`) });
    const text = h.logs.join('');
    expect(text).toContain('"reqId"');
    for (const secret of [
      token,
      openidFor(sub().sub_appid, 'c-log'),
      sub().sub_app_secret,
      h.identity.sessionSecret,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
