import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechat } from '../helpers/fake-wechat.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { createIdentity, type TestIdentity } from '../helpers/identity.js';
import { metricsListener, metricValue } from '../helpers/metrics.js';
import { freshSchema } from '../helpers/pg.js';
import { SHARED_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const loginBody = (h: Harness, code: string) => ({ code, appid: h.identity.subMerchants[0]!.sub_appid });

/** One login through the app's real listening port, as a client (or a proxy) would send it. */
async function httpLogin(h: Harness, code: string, headers: Record<string, string> = {}) {
  const { port } = h.app.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(loginBody(h, code)),
  });
  return { status: res.status, body: (await res.json()) as { code?: string } };
}

describe('two instances on PostgreSQL sharing rate limits through Redis', () => {
  let identity: TestIdentity;
  let fake: FakeWechat;
  let drop: () => Promise<void>;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    identity = createIdentity();
    fake = await new FakeWechat(identity).start();
    const fresh = await freshSchema();
    drop = fresh.drop;
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix() };
    [a, b] = await Promise.all([
      createHarness({ identity, fake, pgSchema: fresh.schema, env }),
      createHarness({ identity, fake, pgSchema: fresh.schema, env }),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await fake?.close();
    await drop?.();
    identity?.cleanup();
  });

  it('90 logins from one address over both instances within a minute: exactly 30 succeed', async () => {
    const statuses: number[] = [];
    const codes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const batch = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          (i % 2 ? a : b).app.inject({
            method: 'POST',
            url: '/v1/session',
            payload: loginBody(a, `c-${round}-${i}`),
          }),
        ),
      );
      for (const res of batch) {
        statuses.push(res.statusCode);
        if (res.statusCode === 429) codes.push(res.json().code);
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60);
    expect(new Set(codes)).toEqual(new Set(['RATE_LIMITED']));
    // Each instance counts the rejections it answered; together, all 60.
    const texts = await Promise.all(
      [a, b].map(async (h) => {
        const listener = await metricsListener(h.app);
        try {
          return await listener.scrape();
        } finally {
          await listener.close();
        }
      }),
    );
    const rejected = texts.map((t) => metricValue(t, 'bff_rate_limited_total', { route: '/v1/session' }));
    expect(rejected[0]! + rejected[1]!).toBe(60);
    expect(rejected[0]).toBeGreaterThan(0);
    expect(rejected[1]).toBeGreaterThan(0);
  });
});

describe('TRUST_PROXY', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const listening = async (env: Record<string, string>) => {
    h = await createHarness({ env: { RATE_LIMIT_SESSION_PER_MIN: '2', ...env } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    return h;
  };

  it('set to the proxy address: distinct X-Forwarded-For clients get separate budgets', async () => {
    const app = await listening({ TRUST_PROXY: '127.0.0.1' });
    const as = (client: string) => ({ 'x-forwarded-for': client });
    const first = [];
    for (let i = 0; i < 3; i++) first.push((await httpLogin(app, `a${i}`, as('203.0.113.7'))).status);
    expect(first).toEqual([200, 200, 429]);
    const second = [];
    for (let i = 0; i < 2; i++) second.push((await httpLogin(app, `b${i}`, as('198.51.100.9'))).status);
    expect(second).toEqual([200, 200]);
    expect(app.logs.join('')).not.toContain('"statusCode":500');
  });

  it('a hop count of 1: the address the socket peer forwarded for is the client', async () => {
    const app = await listening({ TRUST_PROXY: '1' });
    const statuses = [];
    for (const client of ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2']) {
      // The client's own (forged) entry comes first; the proxy appends the address it saw.
      statuses.push(
        (await httpLogin(app, `h${statuses.length}`, { 'x-forwarded-for': `10.9.9.9, ${client}` })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 429, 200]);
  });

  it('unset: a forged X-Forwarded-For changes nothing, the socket address is the client', async () => {
    const app = await listening({});
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await httpLogin(app, `f${i}`, { 'x-forwarded-for': `192.0.2.${i + 1}` })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('trusting other addresses only: a forged header from an untrusted peer changes nothing', async () => {
    const app = await listening({ TRUST_PROXY: '10.0.0.0/8' });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await httpLogin(app, `g${i}`, { 'x-forwarded-for': `192.0.2.${i + 1}` })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
