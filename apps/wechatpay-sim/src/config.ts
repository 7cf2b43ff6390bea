import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the simulator reads from the environment, validated once at start. */
export interface SimConfig {
  host: string;
  port: number;
  identityDir: string;
  /** Multiplies every WeChat-side delay: 0.01 makes retries and expiries 100× shorter. */
  timeScale: number;
  /**
   * Written into bff.env as WECHATPAY_NOTIFY_URL (and the BFF HOST/PORT are derived from it):
   * SIM_BFF_NOTIFY_URL, else the BFF's notification route on 127.0.0.1:SIM_BFF_PORT (3000).
   */
  bffNotifyUrl: string;
  /** How long a notify_url may take to answer before the attempt counts as failed (not scaled). */
  notifyTimeoutMs: number;
  logLevel: 'silent' | 'info' | 'debug';
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** `<repo>/.dev/sim-identity` — both src/ and dist/ sit three levels below the repo root. */
export const DEFAULT_IDENTITY_DIR = fileURLToPath(new URL('../../../.dev/sim-identity', import.meta.url));

/** The BFF's notification route (apps/bff). */
export const BFF_NOTIFY_PATH = '/v1/notifications/wechatpay';
export const DEFAULT_BFF_PORT = 3000;
/** The notify_url of a BFF listening on this machine at `port`. */
export const localBffNotifyUrl = (port: number) => `http://127.0.0.1:${port}${BFF_NOTIFY_PATH}`;
export const DEFAULT_BFF_NOTIFY_URL = localBffNotifyUrl(DEFAULT_BFF_PORT);

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): SimConfig {
  return {
    host: env.SIM_HOST || '127.0.0.1',
    port: intIn(env, 'SIM_PORT', 3100, 0, 65535),
    identityDir: resolve(env.SIM_IDENTITY_DIR || DEFAULT_IDENTITY_DIR),
    timeScale: positive(env, 'SIM_TIME_SCALE', 1),
    bffNotifyUrl: url(
      env,
      'SIM_BFF_NOTIFY_URL',
      localBffNotifyUrl(intIn(env, 'SIM_BFF_PORT', DEFAULT_BFF_PORT, 1, 65535)),
    ),
    notifyTimeoutMs: intIn(env, 'SIM_NOTIFY_TIMEOUT_MS', 5000, 1, 600_000),
    logLevel: oneOf(env, 'SIM_LOG_LEVEL', ['silent', 'info', 'debug'] as const, 'silent'),
  };
}

function intIn(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`${name} must be a number > 0, got "${raw}"`);
  return value;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
    return parsed.toString();
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}
