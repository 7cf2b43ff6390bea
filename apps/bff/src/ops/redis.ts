import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { RedisConfig } from '../config.js';
import type { Metrics } from './metrics.js';

const STARTUP_WAIT_MS = 2_000;

export interface RedisHandle {
  client: Redis;
  close(): Promise<void>;
}

/**
 * A Redis client for shared rate-limit counters that never makes a request wait for Redis: no
 * offline queue (a command while disconnected fails at once), one try per command, short connect
 * and command time-outs. ioredis keeps reconnecting in the background, so counters are shared
 * again as soon as Redis is back. An outage is logged and counted once, not once per request.
 */
export async function connectRedis(
  config: RedisConfig,
  log: FastifyBaseLogger,
  metrics: Metrics,
): Promise<RedisHandle> {
  const client = new Redis(config.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: 500,
    // Reconnect quickly at first, then every second: an outage ends within a second of Redis returning.
    retryStrategy: (times) => Math.min(times * 100, 1_000),
    lazyConnect: false,
  });
  let state: 'starting' | 'up' | 'down' = 'starting';
  let closing = false;
  const down = (reason: string) => {
    if (closing || state === 'down') return;
    state = 'down';
    metrics.redisOutages.inc();
    metrics.redisUp.set(0);
    // The reason is an error code or event name: a URL (with its password) is never logged.
    log.warn(
      { reason },
      'redis unreachable: rate limits fail open (per request, unlimited) until it is back',
    );
  };
  client.on('ready', () => {
    if (state === 'down') log.info('redis reachable again: rate limits shared again');
    state = 'up';
    metrics.redisUp.set(1);
  });
  client.on('error', (error: NodeJS.ErrnoException) => down(error.code ?? error.name));
  client.on('close', () => down('connection closed'));
  // Without the offline queue, commands sent before the first connection fail (and pass unlimited):
  // wait for it a moment, but never let a dead Redis stop the start.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, STARTUP_WAIT_MS);
    function done() {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('close', done);
      resolve();
    }
    client.once('ready', done);
    client.once('close', done);
  });
  return {
    client,
    async close() {
      closing = true;
      client.disconnect(false);
    },
  };
}
