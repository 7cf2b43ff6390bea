import { until } from '@kit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechat } from '../helpers/fake-wechat.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { createIdentity, type TestIdentity } from '../helpers/identity.js';
import { metricsListener, metricValue } from '../helpers/metrics.js';
import { type OwnRedis, ownRedis, uniquePrefix } from '../helpers/redis.js';

describe('Redis stopped mid-run and started again', () => {
  let identity: TestIdentity;
  let fake: FakeWechat;
  let redis: OwnRedis;
  let a: Harness;
  let b: Harness;
  let n = 0;

  beforeAll(async () => {
    identity = createIdentity();
    fake = await new FakeWechat(identity).start();
    redis = await ownRedis();
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix(), RATE_LIMIT_SESSION_PER_MIN: '5' };
    [a, b] = await Promise.all([
      createHarness({ identity, fake, env }),
      createHarness({ identity, fake, env }),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await redis?.kill();
    await fake?.close();
    identity?.cleanup();
  });

  const login = async (h: Harness) =>
    (
      await h.app.inject({
        method: 'POST',
        url: '/v1/session',
        payload: { code: `r${n++}`, appid: identity.subMerchants[0]!.sub_appid },
      })
    ).statusCode;
  /** 5 logins alternating over both instances, then one more on each. */
  const sharedBudget = async () => {
    const within = [];
    for (let i = 0; i < 5; i++) within.push(await login(i % 2 ? a : b));
    return { within, beyond: [await login(a), await login(b)] };
  };
  const scrape = async (h: Harness) => {
    const listener = await metricsListener(h.app);
    try {
      return await listener.scrape();
    } finally {
      await listener.close();
    }
  };
  const outageLines = (h: Harness) => h.logs.filter((l) => l.includes('redis unreachable')).length;

  it('serves every request while Redis is down, logs and counts the outage once, shares limits again after', async () => {
    expect(await sharedBudget()).toEqual({ within: [200, 200, 200, 200, 200], beyond: [429, 429] });

    await redis.kill();
    // Fail open: nothing refused and nothing failed, far beyond the limit, on both instances.
    const during = [];
    for (let i = 0; i < 30; i++) during.push(await login(i % 2 ? a : b));
    expect(during).toEqual(Array(30).fill(200));
    for (const h of [a, b]) {
      expect(outageLines(h)).toBe(1);
      const text = await scrape(h);
      expect(metricValue(text, 'bff_redis_outages_total')).toBe(1);
      expect(metricValue(text, 'bff_redis_up')).toBe(0);
    }

    await redis.start();
    for (const h of [a, b]) {
      await until(
        'redis back',
        async () => (metricValue(await scrape(h), 'bff_redis_up') === 1 ? true : undefined),
        10_000,
        50,
      );
      expect(h.logs.some((l) => l.includes('redis reachable again'))).toBe(true);
    }
    // Counters are shared again without a restart (the new Redis starts empty).
    expect(await sharedBudget()).toEqual({ within: [200, 200, 200, 200, 200], beyond: [429, 429] });
    for (const h of [a, b]) {
      expect(outageLines(h)).toBe(1);
      expect(metricValue(await scrape(h), 'bff_redis_outages_total')).toBe(1);
    }
  });
});
