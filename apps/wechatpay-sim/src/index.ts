import { buildApp } from './app.js';
import { SimClock } from './clock.js';
import { DEFAULT_BFF_NOTIFY_URL, DEFAULT_IDENTITY_DIR } from './config.js';
import { bffEnv, writeBffEnv } from './identity/bff-env.js';
import { ensureIdentity, type Identity } from './identity/identity.js';
import type { PostFn } from './notifications/http-post.js';

export { EVENT_TYPES, SIGN_MP_APPID, TERMINATION_MODES } from './contracts/contracts.service.js';
export type { FaultSpec } from './faults/faults.js';
export type { Identity, SubMerchant } from './identity/identity.js';
export type { Delivery } from './notifications/delivery-log.js';

export interface StartOptions {
  identityDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  timeScale?: number;
  /** Wall clock in epoch ms (default Date.now). */
  now?: () => number;
  /** WECHATPAY_NOTIFY_URL written into bff.env. */
  bffNotifyUrl?: string;
  notifyTimeoutMs?: number;
  logLevel?: 'silent' | 'info' | 'debug';
  post?: PostFn;
}

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:3100` — WeChat Pay, WeChat login and the control API all live here. */
  url: string;
  identity: Identity;
  /** Whether this start created the identity (false when an existing one was reused). */
  identityCreated: boolean;
  /** The variables written to `identity.bffEnvFile`. */
  bffEnv: Record<string, string>;
  clock: SimClock;
  close(): Promise<void>;
}

/** Starts the simulator (creating or reusing the identity) and writes bff.env for its URL. */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const { identity, created } = await ensureIdentity(options.identityDir ?? DEFAULT_IDENTITY_DIR);
  const clock = new SimClock({ now: options.now, timeScale: options.timeScale ?? 1 });
  const { app } = await buildApp({
    identity,
    clock,
    notifyTimeoutMs: options.notifyTimeoutMs ?? 5000,
    logLevel: options.logLevel ?? 'silent',
    post: options.post,
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 3100 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // A wildcard listen address is not something a client can dial: advertise loopback instead.
  const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${advertised.includes(':') ? `[${advertised}]` : advertised}:${port}`;
  const notifyUrl = options.bffNotifyUrl ?? DEFAULT_BFF_NOTIFY_URL;
  await writeBffEnv(identity, url, notifyUrl);
  return {
    url,
    identity,
    identityCreated: created,
    bffEnv: bffEnv(identity, url, notifyUrl),
    clock,
    close: () => app.close(),
  };
}
