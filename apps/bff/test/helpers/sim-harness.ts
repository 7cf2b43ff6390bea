import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { freePort, until } from '@kit/test-support';
import { loadPrivateKey } from '@kit/wechatpay';
import { buildNotification } from '@kit/wechatpay/testing';
import { type Delivery, type RunningSimulator, type StartOptions, startSimulator } from '@kit/wechatpay-sim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, parseConfig } from '../../src/config.js';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { loggerOptions } from '../../src/http/logger.js';
import { createWechatPort } from '../../src/upstream/wechat.port.js';
import { PG_URL } from './pg.js';

type PostFn = NonNullable<StartOptions['post']>;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Answer = { status: number; json: any };

/** One logged-in mini program user, calling the BFF's routes. */
export interface SimUser {
  token: string;
  presign(body?: unknown): Promise<Answer>;
  current(): Promise<Answer>;
  get(code: string): Promise<Answer>;
  terminate(code: string): Promise<Answer>;
}

/**
 * The real simulator (in-process, fresh identity, real HTTP) and a BFF from buildApp listening on a
 * real port, which the simulator's notifications reach through its own notifier.
 */
export interface SimHarness {
  sim: RunningSimulator;
  app: FastifyInstance;
  config: Config;
  database: Database;
  logs: string[];
  /** While true, every notification is lost on the way: the simulator believes it was delivered. */
  dropNotifications: boolean;
  /** Notification bodies that were dropped. */
  dropped: string[];
  repo: ReturnType<typeof createContractsRepo>;
  login(user: string): Promise<SimUser>;
  /** Moves WeChat's and the BFF's clocks forward together. */
  advance(seconds: number): Promise<void>;
  /** The user taps 「同意并开通」 in WeChat's signing mini program. */
  confirm(preEntrustwebId: string): Promise<Answer>;
  /** The user ends the contract inside WeChat. */
  userTerminate(code: string): Promise<Answer>;
  /** Resolves when `count` notifications for `code` are answered (or dropped). */
  notificationsSettled(code: string, count: number): Promise<Delivery[]>;
  /** A notification signed and encrypted with the simulator's real keys, POSTed to the BFF. */
  postNotification(payload: unknown, eventType: string, originalType?: string): Promise<number>;
  close(): Promise<void>;
}

export interface SimHarnessOptions {
  /** A PostgreSQL schema (from `freshSchema`) instead of an in-memory SQLite database. */
  pgSchema?: string;
}

export async function createSimHarness(options: SimHarnessOptions = {}): Promise<SimHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'bff-sim-'));
  const port = await freePort();
  const notifyUrl = `http://127.0.0.1:${port}/v1/notifications/wechatpay`;
  const h = { dropNotifications: false, dropped: [] as string[] };
  const post: PostFn = async (url, headers, body, timeoutMs) => {
    if (h.dropNotifications) {
      h.dropped.push(body);
      return { status: 204 };
    }
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      return { status: res.status };
    } catch (error) {
      return { error: (error as Error).name };
    }
  };
  const sim = await startSimulator({
    identityDir: join(dir, 'identity'),
    port: 0,
    bffNotifyUrl: notifyUrl,
    notifyTimeoutMs: 2000,
    post,
  });
  const DATABASE_URL = options.pgSchema ? PG_URL : 'file::memory:';
  const config = parseConfig({ ...sim.bffEnv, DATABASE_URL, LOG_LEVEL: 'debug' });
  const database = await openDatabase(
    config.database,
    options.pgSchema ? { searchPath: options.pgSchema } : {},
  );
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  let offsetMs = 0;
  const app = await buildApp(config, {
    now: () => Date.now() + offsetMs,
    database,
    // Signatures are checked against the real clock, as the simulator signs with it.
    wechat: createWechatPort(config, { retryDelayMs: 0 }),
    logger: loggerOptions('debug', stream),
  });
  await app.listen({ host: '127.0.0.1', port });
  const bffUrl = `http://127.0.0.1:${port}`;

  const call = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const bff = (method: string, path: string, body?: unknown, token?: string) =>
    call(bffUrl, method, path, body, token);
  const control = (method: string, path: string, body?: unknown) => call(sim.url, method, path, body);
  const wechatpayKey = loadPrivateKey(readFileSync(sim.identity.wechatpayPrivateKeyFile, 'utf8'));

  return Object.assign(h, {
    sim,
    app,
    config,
    database,
    logs,
    repo: createContractsRepo(database.db, () => 'unused'),
    async login(user: string): Promise<SimUser> {
      const appid = sim.identity.subMerchants[0]!.sub_appid;
      const session = await bff('POST', '/v1/session', { code: user, appid });
      if (session.status !== 200) throw new Error(`login failed: ${session.status}`);
      const token = session.json.token as string;
      return {
        token,
        presign: (body: unknown = {}) => bff('POST', '/v1/contracts/pre-sign', body, token),
        current: () => bff('GET', '/v1/contracts/current', undefined, token),
        get: (code: string) => bff('GET', `/v1/contracts/${code}`, undefined, token),
        terminate: (code: string) => bff('POST', `/v1/contracts/${code}/terminate`, {}, token),
      };
    },
    async advance(seconds: number) {
      offsetMs += seconds * 1000;
      const res = await control('POST', '/sim/clock', { advance_seconds: seconds });
      if (res.status !== 200) throw new Error(`clock: ${res.status}`);
    },
    confirm: (id: string) => control('POST', `/sim/pre-entrustweb/${id}/confirm`),
    userTerminate: (code: string) => control('POST', `/sim/contracts/${code}/user-terminate`),
    notificationsSettled: (code: string, count: number) =>
      until(
        `${count} notification(s) for ${code} answered`,
        async () => {
          const { json } = await control('GET', `/sim/notifications?out_contract_code=${code}`);
          const done = (json.deliveries as Delivery[]).filter((d) => d.status === 'delivered');
          return done.length >= count ? done : undefined;
        },
        10_000,
        20,
      ),
    async postNotification(payload: unknown, eventType: string, originalType?: string) {
      const n = buildNotification({
        privateKey: wechatpayKey,
        serial: sim.identity.wechatpayPublicKeyId,
        apiV3Key: sim.identity.apiV3Key,
        eventType,
        payload,
        ...(originalType ? { originalType } : {}),
      });
      const res = await fetch(notifyUrl, { method: 'POST', headers: n.headers, body: n.body });
      await res.arrayBuffer();
      return res.status;
    },
    async close() {
      await app.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  });
}
