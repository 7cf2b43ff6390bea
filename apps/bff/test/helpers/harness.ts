import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, parseConfig } from '../../src/config.js';
import { createDatabase, type Database, openDatabase } from '../../src/db/database.js';
import { loggerOptions } from '../../src/http/logger.js';
import { createWechatPort } from '../../src/upstream/wechat.port.js';
import { FakeWechat } from './fake-wechat.js';
import { createIdentity, type TestIdentity } from './identity.js';
import { PG_URL } from './pg.js';

export interface Harness {
  app: FastifyInstance;
  fake: FakeWechat;
  identity: TestIdentity;
  config: Config;
  database: Database;
  clock: { now: number };
  logs: string[];
  login(code?: string, appid?: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  identity?: TestIdentity;
  fake?: FakeWechat;
  /** PostgreSQL schema to use instead of an in-memory SQLite database. */
  pgSchema?: string;
  /** Opens the database without migrating (to point at a dead server). */
  rawDatabase?: Config['database'];
  env?: Record<string, string | undefined>;
  tweak?: (config: Config) => void;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const identity = options.identity ?? createIdentity();
  const fake = options.fake ?? (await new FakeWechat(identity).start());
  const config = parseConfig(
    identity.env({
      WECHATPAY_BASE_URL: fake.url,
      WECHATPAY_BACKUP_BASE_URL: fake.url,
      WECHAT_API_BASE_URL: fake.url,
      ...(options.pgSchema ? { DATABASE_URL: PG_URL } : {}),
      ...options.env,
    }),
  );
  options.tweak?.(config);
  const database = options.rawDatabase
    ? createDatabase(options.rawDatabase)
    : await openDatabase(config.database, options.pgSchema ? { searchPath: options.pgSchema } : {});
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clock = { now: Date.now() };
  const app = await buildApp(config, {
    now: () => clock.now,
    database,
    wechat: createWechatPort(config, { retryDelayMs: 0, sleep: async () => {} }),
    logger: loggerOptions('debug', stream),
  });
  await app.ready();
  return {
    app,
    fake,
    identity,
    config,
    database,
    clock,
    logs,
    async login(code = 'code-1', appid = identity.subMerchants[0]!.sub_appid) {
      const res = await app.inject({ method: 'POST', url: '/v1/session', payload: { code, appid } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    },
    async close() {
      await app.close();
      if (!options.fake) await fake.close();
      if (!options.identity) identity.cleanup();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A user logged in with one fresh pre-sign: the starting point of the contract and notification tests. */
export async function loginWithPresign(h: Harness, user: string): Promise<{ token: string; code: string }> {
  const token = await h.login(user);
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/contracts/pre-sign',
    headers: bearer(token),
    payload: {},
  });
  return { token, code: res.json().out_contract_code };
}
