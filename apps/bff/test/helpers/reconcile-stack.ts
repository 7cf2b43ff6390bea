import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningSimulator, startSimulator } from '@kit/wechatpay-sim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, parseConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { loggerOptions } from '../../src/http/logger.js';
import { createWechatPort } from '../../src/upstream/wechat.port.js';
import { countingProxy } from './counting-proxy.js';
import { freshSchema, PG_URL } from './pg.js';

export interface Instance {
  app: FastifyInstance;
  database: Database;
}

/**
 * The simulator losing every notification (WeChat Pay believes each was delivered), a counting
 * proxy in front of it (what WeChat Pay was asked), and two BFF instances on one fresh PostgreSQL
 * schema, their reconcilers configured by `reconcile` and not started.
 */
export async function reconcileStack(reconcile: Config['reconcile']) {
  const dir = await mkdtemp(join(tmpdir(), 'bff-reconcile-'));
  const dropped: string[] = [];
  const logs: string[] = [];
  const sim: RunningSimulator = await startSimulator({
    identityDir: join(dir, 'identity'),
    port: 0,
    bffNotifyUrl: 'http://127.0.0.1:9/v1/notifications/wechatpay',
    post: async (_url, _headers, body) => {
      dropped.push(body);
      return { status: 204 };
    },
  });
  const proxy = await countingProxy(sim.url);
  const fresh = await freshSchema();
  const config = parseConfig({
    ...sim.bffEnv,
    DATABASE_URL: PG_URL,
    WECHATPAY_BASE_URL: proxy.url,
    WECHATPAY_BACKUP_BASE_URL: proxy.url,
    // A hundred users log in from this one address.
    RATE_LIMIT_SESSION_PER_MIN: '1000',
  });
  config.reconcile = reconcile;
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const instances: Instance[] = [];
  for (let i = 0; i < 2; i++) {
    const database = await openDatabase(config.database, { searchPath: fresh.schema });
    const app = await buildApp(config, {
      database,
      wechat: createWechatPort(config, { retryDelayMs: 0 }),
      logger: loggerOptions('warn', stream),
    });
    await app.ready();
    instances.push({ app, database });
  }
  const simPost = async (path: string, body?: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  return {
    sim,
    proxy,
    instances,
    dropped,
    logs,
    async login(user: string, on: Instance): Promise<string> {
      const appid = sim.identity.subMerchants[0]!.sub_appid;
      const res = await on.app.inject({ method: 'POST', url: '/v1/session', payload: { code: user, appid } });
      if (res.statusCode !== 200) throw new Error(`login ${user}: ${res.statusCode}`);
      return res.json().token as string;
    },
    /** The user taps 「同意并开通」 in WeChat's signing mini program. */
    confirm: (preEntrustwebId: string) => simPost(`/sim/pre-entrustweb/${preEntrustwebId}/confirm`),
    /** The user pays on WeChat's payment sheet. */
    pay: (prepayId: string) => simPost(`/sim/prepay/${prepayId}/pay`, { password: '123456' }),
    async close() {
      await Promise.allSettled(instances.map((i) => i.app.close()));
      await proxy.close();
      await sim.close();
      await fresh.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
