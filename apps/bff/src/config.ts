import type { KeyObject } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config/config.error.js';
import {
  merchantPrivateKey,
  parseSubMerchants,
  requiredIn,
  type SubMerchant,
  verificationKeys,
} from './config/config.files.js';
import {
  parseMetricsPort,
  parseRateLimits,
  parseReconcile,
  parseRedis,
  parseTrustProxy,
  type RateLimits,
  type ReconcileConfig,
  type RedisConfig,
  type TrustProxy,
} from './config/config.ops.js';

export { ConfigError } from './config/config.error.js';
export type { SubMerchant } from './config/config.files.js';

export type {
  RateLimit,
  RateLimits,
  ReconcileConfig,
  RedisConfig,
  TrustProxy,
} from './config/config.ops.js';

/** How long a client may take to send a request; the server cuts it after that. */
export interface Deadlines {
  /** Whole request, headers and body (Node's requestTimeout). */
  requestMs: number;
  /** Headers alone; at most requestMs, since Node honours the larger of the two. */
  headersMs: number;
  /** How often Node looks for expired requests: a deadline fires up to this much late. */
  checkIntervalMs: number;
}

export interface Config {
  host: string;
  port: number;
  logLevel: string;
  database: { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };
  sessionSecret: Buffer;
  wechatpay: {
    mchid: string;
    spAppid: string;
    merchantSerialNo: string;
    merchantPrivateKey: KeyObject;
    apiV3Key: string;
    /** PUB_KEY_ID_… / platform certificate serial → public key. */
    verificationKeys: Record<string, KeyObject>;
    notifyUrl: string;
    baseUrl: string;
    backupBaseUrl: string;
  };
  wechatApiBaseUrl: string;
  subMerchants: SubMerchant[];
  rateLimits: RateLimits;
  deadlines: Deadlines;
  /** Which peers may set X-Forwarded-For (Fastify `trustProxy`). */
  trustProxy: TrustProxy;
  /** Shared rate-limit counters; undefined = each instance counts in its own memory. */
  redis: RedisConfig | undefined;
  /** Prometheus listener on HOST; undefined = off. */
  metricsPort: number | undefined;
  reconcile: ReconcileConfig;
}

type Env = Record<string, string | undefined>;

const required = requiredIn;

function optional(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function httpUrl(name: string, value: string, opts: { noQuery?: boolean } = {}): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(name, 'must be an https URL (plain http only for loopback hosts)');
  }
  if (opts.noQuery && (url.search || url.hash)) throw new ConfigError(name, 'must not have a query string');
  return value.replace(/\/+$/, '');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError('PORT', 'must be an integer 0..65535');
  return port;
}

function parseDatabase(value: string): Config['database'] {
  if (value.startsWith('file:')) {
    const path = value.slice('file:'.length);
    if (!path) throw new ConfigError('DATABASE_URL', 'file: needs a path');
    return { engine: 'sqlite', path: path === ':memory:' || isAbsolute(path) ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { engine: 'postgres', url: value };
  throw new ConfigError('DATABASE_URL', 'must be file:<path> or postgres://…');
}

/** Validates a whole environment once; throws ConfigError naming the first bad variable. */
export function parseConfig(env: Env): Config {
  const sessionSecret = Buffer.from(required(env, 'SESSION_SECRET'), 'utf8');
  if (sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET', 'must be at least 32 bytes');
  const apiV3Key = required(env, 'WECHATPAY_APIV3_KEY');
  if (Buffer.byteLength(apiV3Key, 'utf8') !== 32) {
    throw new ConfigError('WECHATPAY_APIV3_KEY', 'must be exactly 32 bytes');
  }
  const merchantSerialNo = required(env, 'WECHATPAY_MERCHANT_SERIAL_NO');
  const keyFile = required(env, 'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE');
  const notifyUrl = httpUrl('WECHATPAY_NOTIFY_URL', required(env, 'WECHATPAY_NOTIFY_URL'), { noQuery: true });
  if (notifyUrl.length > 256) throw new ConfigError('WECHATPAY_NOTIFY_URL', 'must be at most 256 characters');
  const port = parsePort(optional(env, 'PORT', '3000'));
  return {
    host: optional(env, 'HOST', '127.0.0.1'),
    port,
    logLevel: optional(env, 'LOG_LEVEL', 'info'),
    database: parseDatabase(optional(env, 'DATABASE_URL', 'file:./data/bff.sqlite')),
    sessionSecret,
    wechatpay: {
      mchid: required(env, 'WECHATPAY_MCHID'),
      spAppid: required(env, 'WECHATPAY_SP_APPID'),
      merchantSerialNo,
      merchantPrivateKey: merchantPrivateKey(keyFile),
      apiV3Key,
      verificationKeys: verificationKeys(env, merchantSerialNo),
      notifyUrl,
      baseUrl: httpUrl(
        'WECHATPAY_BASE_URL',
        optional(env, 'WECHATPAY_BASE_URL', 'https://api.mch.weixin.qq.com'),
      ),
      backupBaseUrl: httpUrl(
        'WECHATPAY_BACKUP_BASE_URL',
        optional(env, 'WECHATPAY_BACKUP_BASE_URL', 'https://api2.mch.weixin.qq.com'),
      ),
    },
    wechatApiBaseUrl: httpUrl(
      'WECHAT_API_BASE_URL',
      optional(env, 'WECHAT_API_BASE_URL', 'https://api.weixin.qq.com'),
    ),
    subMerchants: parseSubMerchants(required(env, 'SUB_MERCHANTS_FILE')),
    rateLimits: parseRateLimits(env),
    // A notification or API body is a few KiB: 15 s is ample for a slow mobile network, and short
    // enough that a client dripping bytes cannot hold sockets open for minutes.
    deadlines: { requestMs: 15_000, headersMs: 10_000, checkIntervalMs: 1_000 },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    redis: parseRedis(env),
    metricsPort: parseMetricsPort(env, port),
    reconcile: parseReconcile(env),
  };
}

/** The only place that reads process.env. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
