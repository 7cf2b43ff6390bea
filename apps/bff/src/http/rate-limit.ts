import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config, RateLimit } from '../config.js';
import { AppError } from '../lib/errors.js';
import type { Metrics } from '../ops/metrics.js';
import type { RedisHandle } from '../ops/redis.js';
import { callerKey } from './auth.js';

/**
 * The rate-limit plugin with no global limit: each route names its own (`config.rateLimits`).
 * With Redis the counters are shared by every instance; a Redis error lets the request through
 * (`skipOnError`): losing the limit for a while beats refusing every user.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: Config,
  metrics: Metrics,
  redis: RedisHandle | undefined,
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError(429, 'RATE_LIMITED', 'Too many requests, slow down'),
    onExceeded: (request) => {
      metrics.rateLimited.inc({ route: request.routeOptions.url ?? 'unmatched' });
    },
    ...(redis
      ? { redis: redis.client, nameSpace: `${config.redis?.keyPrefix ?? ''}rl:`, skipOnError: true }
      : {}),
  });
}

/**
 * A route's per-user limit (`config.rateLimits.presignPerUser`, `.ordersPerUser`): counted after
 * authentication, keyed by the hashed caller, so neither a shared address nor Redis sees an openid.
 */
export function perUserRateLimit(limit: RateLimit) {
  return {
    max: limit.max,
    timeWindow: limit.timeWindowMs,
    hook: 'preHandler' as const,
    keyGenerator: callerKey,
  };
}
