import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.js';
import { notification, post } from '../helpers/notify.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('health, readiness, docs', () => {
  it('serves /healthz, /readyz and the OpenAPI document at /docs/json', async () => {
    h = await createHarness();
    expect((await h.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await h.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ok' });
    const docs = await h.app.inject({ url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    const spec = docs.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/session',
        '/v1/contracts/pre-sign',
        '/v1/contracts/current',
        '/v1/contracts/{out_contract_code}',
        '/v1/contracts/{out_contract_code}/terminate',
        '/v1/notifications/wechatpay',
      ]),
    );
    const presign = spec.paths['/v1/contracts/pre-sign'].post;
    expect(Object.keys(presign.responses)).toEqual(
      expect.arrayContaining(['200', '401', '409', '429', '502', '503']),
    );
    expect(presign.responses['409'].content['application/json'].schema.properties.code).toBeDefined();
  });

  it('serves a browsable page at /docs that loads only its own assets', async () => {
    h = await createHarness();
    const page = await h.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/)]));
    for (const asset of assets) {
      expect(asset.startsWith('/docs/')).toBe(true);
      expect((await h.app.inject({ url: asset })).statusCode).toBe(200);
    }
    // The page's initializer loads the JSON document next to it (/docs + ./json).
    const init = await h.app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(init.body).toContain("resolveUrl('./json')");
  });

  it('answers unknown routes with the error body', async () => {
    h = await createHarness();
    const res = await h.app.inject({ url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      code: 'NOT_FOUND',
      message: expect.any(String),
      request_id: expect.any(String),
    });
  });
});

describe('logging', () => {
  it('redacts authorization headers, tokens, openids, secrets and keys if they ever reach a log call', async () => {
    h = await createHarness();
    h.app.log.info(
      {
        req: { headers: { authorization: 'Bearer tok-AAA' } },
        token: 'tok-BBB',
        user: { openid: 'o-CCC', sub_openid: 'o-DDD', token: 'tok-EEE' },
        sub: { sub_app_secret: 'sec-FFF' },
        config: { apiV3Key: 'key-GGG', privateKey: 'pem-HHH', sessionSecret: 'sec-III' },
      },
      'probe',
    );
    const line = h.logs.find((l) => l.includes('"probe"'));
    expect(line).toBeDefined();
    expect(line).toContain('[redacted]');
    for (const value of [
      'tok-AAA',
      'tok-BBB',
      'o-CCC',
      'o-DDD',
      'tok-EEE',
      'sec-FFF',
      'key-GGG',
      'pem-HHH',
      'sec-III',
    ]) {
      expect(line).not.toContain(value);
    }
  });
});

describe('database unavailable', () => {
  it('readiness fails, notifications answer 500 FAIL (WeChat retries), API calls 500 without details', async () => {
    h = await createHarness({
      rawDatabase: { engine: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' },
    });
    const ready = await h.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable' });

    const n = notification(h, { out_contract_code: 'abc123', contract_state: 'SIGNED' });
    const res = await post(h, n);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'FAIL', message: expect.any(String) });

    const token = await h.login('dave');
    const api = await h.app.inject({
      url: '/v1/contracts/current',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.statusCode).toBe(500);
    expect(api.json()).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Internal error',
      request_id: expect.any(String),
    });
    expect(api.body).not.toContain('ECONNREFUSED');
  });
});
