import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../helpers/harness.js';
import { notification, post } from '../helpers/notify.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({
    tweak: (c) => {
      c.rateLimits.session = { max: 1, timeWindowMs: 60_000 };
    },
  });
});
afterEach(async () => {
  await h.close();
});

type Injected = Awaited<ReturnType<Harness['app']['inject']>>;

function expectHygiene(res: Injected) {
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

describe('response headers', () => {
  it('regression: the session answer (a token) and every other /v1 answer lacked Cache-Control: no-store', async () => {
    const sub = h.identity.subMerchants[0]!;
    const login = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { code: 'c-headers', appid: sub.sub_appid },
    });
    expect(login.statusCode).toBe(200);
    expectHygiene(login);
    const token = login.json().token as string;

    const answers: Array<[number, Injected]> = [
      [404, await h.app.inject({ url: '/v1/contracts/current', headers: bearer(token) })],
      [401, await h.app.inject({ url: '/v1/contracts/current' })],
      [
        429,
        await h.app.inject({
          method: 'POST',
          url: '/v1/session',
          payload: { code: 'c2', appid: sub.sub_appid },
        }),
      ],
      [401, await post(h, { ...notification(h, { out_contract_code: 'x' }), headers: {} })],
      [404, await h.app.inject({ url: '/v1/unknown' })],
    ];
    for (const [status, res] of answers) {
      expect(res.statusCode).toBe(status);
      expectHygiene(res);
    }
  });

  it('keeps /docs/json and the health routes working under the security headers, with no HSTS of our own', async () => {
    for (const url of ['/docs/json', '/healthz', '/readyz']) {
      const res = await h.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectHygiene(res);
      // The set helmet 8's defaults gave (with this CSP, without HSTS), header for header.
      expect(res.headers).toMatchObject({
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      // The TLS terminator in front owns HSTS (see README, "Behind a proxy").
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    expect((await h.app.inject({ url: '/docs/json' })).json().openapi).toMatch(/^3\./);
  });
});

describe('request log', () => {
  it('regression: the logged url kept its query string unredacted', async () => {
    const token = await h.login('u-query');
    const res = await h.app.inject({
      url: '/v1/contracts/current?token=secret-in-query&code=abc',
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(404);
    const lines = h.logs.map((l) => JSON.parse(l)).filter((l) => l.reqId === res.json().request_id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      url: '/v1/contracts/current',
      statusCode: 404,
    });
    expect(h.logs.join('')).not.toContain('secret-in-query');
  });
});
