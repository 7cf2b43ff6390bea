import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { until } from '@kit/test-support';
import { API_PATHS } from '@kit/wechatpay';
import { type RunningSimulator, startSimulator } from '@kit/wechatpay-sim';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { loggerOptions } from '../../src/http/logger.js';
import { createWechatPort } from '../../src/upstream/wechat.port.js';
import { countingProxy } from '../helpers/counting-proxy.js';
import { metricsListener, metricValue } from '../helpers/metrics.js';
import { freshSchema, PG_URL } from '../helpers/pg.js';

// Long enough for a pass over 60 records on a loaded 2-core machine.
const INTERVAL_MS = 3_000;
const SIGNED_USERS = 50;
const UNSIGNED_USERS = 10;

interface Instance {
  app: FastifyInstance;
  database: Database;
}

describe('reconciler: two instances on PostgreSQL, every notification lost, users never come back', () => {
  let dir: string;
  let sim: RunningSimulator;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let drop: () => Promise<void>;
  let instances: Instance[] = [];
  const dropped: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bff-reconcile-'));
    sim = await startSimulator({
      identityDir: join(dir, 'identity'),
      port: 0,
      bffNotifyUrl: 'http://127.0.0.1:9/v1/notifications/wechatpay',
      // Lost on the way: WeChat Pay believes each was delivered.
      post: async (_url, _headers, body) => {
        dropped.push(body);
        return { status: 204 };
      },
    });
    proxy = await countingProxy(sim.url);
    const fresh = await freshSchema();
    drop = fresh.drop;
    const config = parseConfig({
      ...sim.bffEnv,
      DATABASE_URL: PG_URL,
      WECHATPAY_BASE_URL: proxy.url,
      WECHATPAY_BACKUP_BASE_URL: proxy.url,
      RECONCILE_INTERVAL_S: '1',
    });
    config.reconcile = { intervalMs: INTERVAL_MS, minAgeMs: 0, batch: 100, perSecond: 500 };
    const quiet = new Writable({
      write: (chunk, _enc, done) => {
        logs.push(String(chunk));
        done();
      },
    });
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase(config.database, { searchPath: fresh.schema });
      const app = await buildApp(config, {
        database,
        wechat: createWechatPort(config, { retryDelayMs: 0 }),
        logger: loggerOptions('warn', quiet),
      });
      await app.ready();
      instances.push({ app, database });
    }
  });
  afterAll(async () => {
    await Promise.allSettled(instances.map((i) => i.app.close()));
    instances = [];
    await proxy?.close();
    await sim?.close();
    await drop?.();
    await rm(dir, { recursive: true, force: true });
  });

  /** A user logs in and pre-signs on one of the instances; returns the code and pre-sign id. */
  async function presign(user: string, on: Instance) {
    const appid = sim.identity.subMerchants[0]!.sub_appid;
    const login = await on.app.inject({ method: 'POST', url: '/v1/session', payload: { code: user, appid } });
    const token = login.json().token as string;
    const res = await on.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { out_contract_code: string; pre_entrustweb_id: string };
  }

  it('puts every contract right within 3 intervals, each change once, no record asked twice per interval', async () => {
    const [a, b] = instances as [Instance, Instance];
    const signed: string[] = [];
    const unsigned: string[] = [];
    for (let i = 0; i < SIGNED_USERS + UNSIGNED_USERS; i++) {
      const p = await presign(`user-${i}`, i % 2 ? a : b);
      if (i < SIGNED_USERS) {
        const confirm = await fetch(`${sim.url}/sim/pre-entrustweb/${p.pre_entrustweb_id}/confirm`, {
          method: 'POST',
        });
        expect(confirm.status).toBe(200);
        signed.push(p.out_contract_code);
      } else {
        unsigned.push(p.out_contract_code);
      }
    }
    await until(
      'every SIGNED notification dropped',
      async () => (dropped.length >= SIGNED_USERS ? true : undefined),
      10_000,
      20,
    );
    const repo = createContractsRepo(a.database.db, () => 'unused');
    for (const code of signed) expect((await repo.findByCode(code))?.state).toBe('PRESIGNED');

    const started = Date.now();
    for (const i of instances) i.app.ops.reconciler.start();
    await until(
      'all signed contracts SIGNED in the database',
      async () => {
        const rows = await Promise.all(signed.map((code) => repo.findByCode(code)));
        return rows.every((r) => r?.state === 'SIGNED') ? true : undefined;
      },
      3 * INTERVAL_MS,
      50,
    );
    expect(Date.now() - started).toBeLessThanOrEqual(3 * INTERVAL_MS + 100);
    // Let a few more intervals pass: the unsigned pre-signs keep being checked, never twice per interval.
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS));
    await Promise.all(instances.map((i) => i.app.ops.reconciler.stop()));
    const elapsed = Date.now() - started;

    const queriesOf = (code: string) =>
      proxy.seen.filter(
        (s) => s.method === 'GET' && API_PATHS.queryContract.match(s.path)?.out_contract_code === code,
      );
    for (const code of signed) {
      expect(queriesOf(code)).toHaveLength(1);
      const events = await repo.events(code);
      expect(events).toMatchObject([{ from_state: 'PRESIGNED', to_state: 'SIGNED', source: 'query' }]);
    }
    for (const code of unsigned) {
      const times = queriesOf(code).map((s) => s.at);
      expect(times.length).toBeGreaterThanOrEqual(1);
      expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS));
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeGreaterThan(INTERVAL_MS - 150);
      expect((await repo.findByCode(code))?.state).toBe('PRESIGNED');
      expect(await repo.events(code)).toEqual([]);
    }

    // Both instances' metrics, on their own listeners: passes run (one at a time), findings, calls.
    const texts: string[] = [];
    for (const i of instances) {
      const listener = await metricsListener(i.app);
      texts.push(await listener.scrape());
      await listener.close();
    }
    const total = (name: string, labels: Record<string, string> = {}) =>
      texts.reduce((sum, t) => sum + metricValue(t, name, labels), 0);
    expect(total('bff_reconcile_runs_total', { outcome: 'completed' })).toBeGreaterThanOrEqual(2);
    expect(total('bff_reconcile_runs_total', { outcome: 'failed' })).toBe(0);
    expect(total('bff_reconcile_findings_total', { record: 'contract', finding: 'signed' })).toBe(
      SIGNED_USERS,
    );
    expect(
      total('bff_state_transitions_total', {
        record: 'contract',
        from: 'PRESIGNED',
        to: 'SIGNED',
        source: 'query',
      }),
    ).toBe(SIGNED_USERS);
    expect(total('bff_wechatpay_calls_total', { api: 'queryContract', outcome: 'ok' })).toBe(SIGNED_USERS);
    expect(total('bff_wechatpay_calls_total', { api: 'presignMiniProgram', outcome: 'ok' })).toBe(
      SIGNED_USERS + UNSIGNED_USERS,
    );
    expect(total('bff_reconcile_last_success_timestamp_seconds')).toBeGreaterThan(started / 1000);
    expect(logs.filter((l) => l.includes('reconciler pass failed'))).toEqual([]);
  });
});
