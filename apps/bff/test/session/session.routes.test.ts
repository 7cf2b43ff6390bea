import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const sub = () => h.identity.subMerchants[0]!;

describe('POST /v1/session', () => {
  it('exchanges the code with that sub-merchant’s appid and secret and returns a 2 h token', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { code: 'c1', appid: sub().sub_appid },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Date.parse(body.expires_at) - h.clock.now).toBeGreaterThan(2 * 3600_000 - 1000);
    expect(Date.parse(body.expires_at) - h.clock.now).toBeLessThanOrEqual(2 * 3600_000);
    const login = h.fake.calls('login')[0]!;
    const query = new URL(login.path, 'http://x').searchParams;
    expect(query.get('appid')).toBe(sub().sub_appid);
    expect(query.get('secret')).toBe(sub().sub_app_secret);
    expect(query.get('js_code')).toBe('c1');
    // The token works, and binds the openid that WeChat returned.
    const current = await h.app.inject({ url: '/v1/contracts/current', headers: bearer(body.token) });
    expect(current.statusCode).toBe(404);
    expect(current.json().code).toBe('NO_CONTRACT');
  });

  it('rejects an appid that is not configured with 400 UNKNOWN_APPID and calls nothing', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { code: 'c1', appid: 'wxunknown000000000' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_APPID' });
    expect(res.json().request_id).toBeTruthy();
    expect(h.fake.calls('login')).toHaveLength(0);
  });

  it.each([
    [40029, 400, 'LOGIN_CODE_INVALID'],
    [40163, 400, 'LOGIN_CODE_INVALID'],
    [45011, 429, 'RATE_LIMITED'],
    [-1, 503, 'UPSTREAM_UNAVAILABLE'],
    [40125, 502, 'UPSTREAM_REJECTED'],
  ])('maps jscode2session errcode %i to %i %s', async (errcode, status, code) => {
    h.fake.faults.login.push({ kind: 'login', errcode });
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { code: 'c1', appid: sub().sub_appid },
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE when WeChat login is unreachable', async () => {
    await h.close();
    h = await createHarness({ env: { WECHAT_API_BASE_URL: 'http://127.0.0.1:9' } });
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { code: 'c1', appid: sub().sub_appid },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it.each([
    [{ code: 'c1' }],
    [{ appid: 'wxsub0000000000001' }],
    [{ code: 'c1', appid: 'wxsub0000000000001', openid: 'forged' }],
    [{ code: '', appid: 'wxsub0000000000001' }],
  ])('validates the body: %j → 400 VALIDATION_FAILED', async (payload) => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/session', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('rejects a malformed JSON body with 400 and an oversized one with 413', async () => {
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"code":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const big = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { code: 'x'.repeat(40_000), appid: sub().sub_appid },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rate-limits logins per IP with 429 RATE_LIMITED', async () => {
    await h.close();
    h = await createHarness({
      tweak: (c) => {
        c.rateLimits.session = { max: 2, timeWindowMs: 60_000 };
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/session',
        payload: { code: `c${i}`, appid: sub().sub_appid },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
