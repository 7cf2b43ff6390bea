import { isIP } from 'node:net';
import { ConfigError } from './config.error.js';

type Env = Record<string, string | undefined>;

/** What Fastify's `trustProxy` accepts: off, every hop, the n nearest hops, or these addresses. */
export type TrustProxy = false | true | number | string[];

export interface RateLimit {
  max: number;
  timeWindowMs: number;
}

export interface RateLimits {
  /** Per client IP. */
  session: RateLimit;
  /** Per user. */
  presignPerUser: RateLimit;
  /** Per user, for the orders routes. */
  ordersPerUser: RateLimit;
}

export interface RedisConfig {
  url: string;
  /** Every key of this deployment starts with it (one Redis may serve several deployments). */
  keyPrefix: string;
}

export interface ReconcileConfig {
  /** 0 = the reconciler never runs. */
  intervalMs: number;
  /** A pre-sign younger than this is left to its notification and to the user's own polling. */
  minAgeMs: number;
  /** Records asked about in one pass at most. */
  batch: number;
  /** WeChat Pay queries per second at most. */
  perSecond: number;
  /** Records being settled at once (each waits on WeChat Pay and the database). */
  concurrency: number;
}

/** proxy-addr's names for whole ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === 'off') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 32) throw new ConfigError('TRUST_PROXY', 'a hop count must be 1..32');
    return hops;
  }
  const entries = text.split(',').map((e) => e.trim());
  if (entries.some((e) => !isAddressOrCidr(e))) {
    throw new ConfigError('TRUST_PROXY', 'must be true, a hop count, or comma-separated addresses/CIDRs');
  }
  return entries;
}

export function positiveInt(env: Env, name: string, fallback: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw new ConfigError(name, `must be an integer 1..${max}`);
  return n;
}

function perMinute(env: Env, name: string, fallback: number): RateLimit {
  return { max: positiveInt(env, name, fallback, 100_000), timeWindowMs: 60_000 };
}

export function parseRateLimits(env: Env): RateLimits {
  return {
    session: perMinute(env, 'RATE_LIMIT_SESSION_PER_MIN', 30),
    presignPerUser: perMinute(env, 'RATE_LIMIT_PRESIGN_PER_MIN', 10),
    ordersPerUser: perMinute(env, 'RATE_LIMIT_ORDERS_PER_MIN', 20),
  };
}

export function parseRedis(env: Env): RedisConfig | undefined {
  const url = env.REDIS_URL?.trim();
  const keyPrefix = env.REDIS_KEY_PREFIX?.trim() || 'bff:';
  if (!/^[\w:.-]{1,64}$/.test(keyPrefix)) {
    throw new ConfigError('REDIS_KEY_PREFIX', 'must be 1..64 of letters, digits, _ : . -');
  }
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('REDIS_URL', 'is not a valid URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL', 'must be redis://… or rediss://…');
  }
  return { url, keyPrefix };
}

export function parseMetricsPort(env: Env, publicPort: number): number | undefined {
  const text = env.METRICS_PORT?.trim();
  if (!text) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new ConfigError('METRICS_PORT', 'must be an integer 1..65535');
  }
  if (port === publicPort) throw new ConfigError('METRICS_PORT', 'must differ from PORT');
  return port;
}

export function parseReconcile(env: Env): ReconcileConfig {
  const text = env.RECONCILE_INTERVAL_S?.trim();
  let seconds = 60;
  if (text) {
    seconds = Number(text);
    if (!/^\d+$/.test(text) || seconds > 86_400) {
      throw new ConfigError('RECONCILE_INTERVAL_S', 'must be an integer 0..86400 (0 = off)');
    }
  }
  return { intervalMs: seconds * 1000, minAgeMs: 5 * 60_000, batch: 100, perSecond: 10, concurrency: 4 };
}
