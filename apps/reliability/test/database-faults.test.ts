import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  contractCounts,
  freshPgDatabase,
  type Inspector,
  inspectPostgres,
  inspectSqlite,
} from './support/database.js';
import { destroyAgents, jsonRequest, pool } from './support/http.js';
import { freePort, sleep, until } from './support/processes.js';
import { leaks, lineCount, secretsOf } from './support/secrets.js';
import { FULL, PG_URL } from './support/sizes.js';
import { type Bff, type Delivery, deliveries, login, type Sim, startBff, startSim } from './support/stack.js';
import { TcpProxy } from './support/tcp-proxy.js';

const PG_CONTRACTS = FULL ? 200 : 40;

interface Stack {
  sim: Sim;
  bff: Bff;
  users: { token: string; openid: string; code: string; pre: string }[];
}

/** Simulator + BFF (notifications go to the BFF, WeChat's retry schedule × 0.01) and `n` pre-signed users. */
async function stack(
  name: string,
  databaseUrl: (sim: Sim) => string,
  n: number,
  first: number,
): Promise<Stack> {
  const port = await freePort();
  const sim = await startSim({
    name: `${name}-sim`,
    notifyUrl: `http://127.0.0.1:${port}/v1/notifications/wechatpay`,
    timeScale: 0.01,
    notifyTimeoutMs: 15_000,
  });
  const bff = await startBff({ name: `${name}-bff`, sim, port, databaseUrl: databaseUrl(sim) });
  const users = await pool(n, 8, async (i) => {
    const user = await login(bff, sim, `${name}-user-${i}`, first + i);
    const res = await jsonRequest(`${bff.url}/v1/contracts/pre-sign`, 'POST', {}, user.token);
    expect(res.status).toBe(200);
    return { ...user, code: res.json().out_contract_code, pre: res.json().pre_entrustweb_id };
  });
  return { sim, bff, users };
}

const readyz = async (bff: Bff) => (await jsonRequest(`${bff.url}/readyz`, 'GET')).status;
const signs = async (sim: Sim) => (await deliveries(sim)).filter((d) => d.event_type.endsWith('SIGN'));
const attemptsOf = (list: Delivery[]) =>
  list.flatMap((d) => d.attempts.map((a) => String(a.status ?? a.error)));
function histogram(items: string[]): string {
  const counts: Record<string, number> = {};
  for (const k of items) counts[k] = (counts[k] ?? 0) + 1;
  return JSON.stringify(counts);
}

/** Exactly once, nothing half-written: one event per state reached, one per applied notification. */
async function expectConsistent(db: Inspector, n: number, delivered: Delivery[]) {
  const counts = await contractCounts(db);
  const orphans = await db.all(
    `select p.id from processed_notifications p where p.outcome = 'applied' and
       (select count(*) from contract_events e where e.notification_id = p.id) <> 1`,
  );
  const ids = await db.all<{ id: string }>('select id from processed_notifications');
  expect(counts.byState).toEqual({ SIGNED: n });
  expect(counts.doubled).toEqual([]);
  expect(counts.unexplained).toEqual([]);
  expect(orphans).toEqual([]);
  expect(new Set(ids.map((r) => r.id))).toEqual(new Set(delivered.map((d) => d.notification_id)));
  return counts;
}

describe('database faults', () => {
  const logs: string[] = [];
  const secrets: string[] = [];
  const stacks: Stack[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const s of stacks) {
      await s.bff.proc.stop();
      await s.sim.close();
    }
    for (const c of cleanups) await c();
    destroyAgents();
  });

  it('SQLite file locked by another connection: /readyz 503, notifications 500, then recovery by itself', async () => {
    const s = await stack('sqlite-lock', (sim) => `file:${join(sim.dir, 'bff.sqlite')}`, 3, 80_000);
    stacks.push(s);
    const file = join(s.sim.dir, 'bff.sqlite');
    expect(await readyz(s.bff)).toBe(200);
    const lock = new Sqlite(file);
    lock.exec('begin exclusive');
    let released = false;
    try {
      const lockedReady = await readyz(s.bff);
      for (const u of s.users)
        expect((await s.sim.call('POST', `/sim/pre-entrustweb/${u.pre}/confirm`)).status).toBe(200);
      // Every notification is refused while the lock is held (the BFF waits its 1 s busy time-out, then 500).
      const refused = await until('each notification to be refused once', async () => {
        const list = await signs(s.sim);
        return list.length === s.users.length && list.every((d) => d.attempts.length >= 1) ? list : undefined;
      });
      const duringLock = attemptsOf(refused);
      lock.exec('rollback');
      released = true;
      const unlockedAt = Date.now();
      await until('/readyz to recover', async () => ((await readyz(s.bff)) === 200 ? true : undefined));
      const all = await until('every notification to be delivered', async () => {
        const list = await signs(s.sim);
        return list.every((d) => d.status === 'delivered') ? list : undefined;
      });
      const db = inspectSqlite(file);
      await expectConsistent(db, s.users.length, all);
      await db.close();
      console.log(
        `[db] SQLite lock: readyz-while-locked=${lockedReady} attempts-while-locked=${histogram(duringLock)} ` +
          `all-attempts=${histogram(attemptsOf(all))} recovered-in=${((Date.now() - unlockedAt) / 1000).toFixed(1)} s SIGNED=${s.users.length}`,
      );
      expect(lockedReady).toBe(503);
      // better-sqlite3 waits out its busy time-out synchronously, so queued notifications may also
      // reach the simulator's own time-out; either way none is acknowledged and all are retried.
      expect(duringLock.filter((x) => x !== '500' && x !== 'timeout')).toEqual([]);
      expect(duringLock).toContain('500');
    } finally {
      if (!released) lock.exec('rollback');
      lock.close();
    }
    await s.bff.proc.stop();
    logs.push(s.bff.proc.output(), s.sim.proc.output());
    secrets.push(
      ...secretsOf(s.sim, { tokens: s.users.map((u) => u.token), openids: s.users.map((u) => u.openid) }),
    );
  });

  it(`PostgreSQL connection lost mid-storm (${PG_CONTRACTS} contracts): /readyz 503, notifications 500, recovery`, async () => {
    const pgdb = await freshPgDatabase();
    cleanups.push(() => pgdb.drop());
    const target = new URL(PG_URL);
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(pgdb.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const s = await stack('pg-cut', () => viaProxy.toString(), PG_CONTRACTS, 90_000);
    stacks.push(s);
    const applied = () => (s.bff.proc.output().match(/"outcome":"applied"/g) ?? []).length;

    const storm = pool(PG_CONTRACTS, 8, async (i) => {
      const res = await s.sim.call('POST', `/sim/pre-entrustweb/${s.users[i]?.pre}/confirm`);
      expect(res.status).toBe(200);
    });
    await until(
      'a third to be applied',
      async () => (applied() >= PG_CONTRACTS / 3 ? true : undefined),
      60_000,
      20,
    );
    proxy.cut();
    const appliedAtCut = applied();
    const cutReady = await until('/readyz to fail', async () => {
      const status = await readyz(s.bff);
      return status !== 200 ? status : undefined;
    });
    await storm;
    // Let the simulator's retries hit the dead database for a while.
    await sleep(2000);
    const duringCut = attemptsOf(await signs(s.sim));
    proxy.restore();
    const restoredAt = Date.now();
    await until('/readyz to recover', async () => ((await readyz(s.bff)) === 200 ? true : undefined));
    const all = await until(
      'every notification to be delivered',
      async () => {
        const list = await signs(s.sim);
        return list.length === PG_CONTRACTS && list.every((d) => d.status === 'delivered') ? list : undefined;
      },
      180_000,
      500,
    );
    const recovered = (Date.now() - restoredAt) / 1000;
    const db = await inspectPostgres(pgdb.url);
    try {
      await expectConsistent(db, PG_CONTRACTS, all);
    } finally {
      await db.close();
    }
    const statuses = attemptsOf(all);
    console.log(
      `[db] PostgreSQL cut: contracts=${PG_CONTRACTS} applied-before-cut=${appliedAtCut} readyz-while-cut=${cutReady} ` +
        `attempts-while-cut=${histogram(duringCut)} all-attempts=${histogram(statuses)} recovered-in=${recovered.toFixed(1)} s`,
    );
    expect(cutReady).toBe(503);
    // Refused with 500 (so WeChat retries), never a 4xx that would end the retries.
    expect(statuses.filter((x) => x !== '204' && x !== '500')).toEqual([]);
    expect(statuses.filter((x) => x === '500').length).toBeGreaterThan(0);
    await s.bff.proc.stop();
    logs.push(s.bff.proc.output(), s.sim.proc.output());
    secrets.push(
      ...secretsOf(s.sim, { tokens: s.users.map((u) => u.token), openids: s.users.map((u) => u.openid) }),
    );
  });

  it('writes no key, secret, token or openid to any log line', () => {
    console.log(`[db] scanned ${lineCount(logs)} log lines for ${secrets.length} secrets`);
    expect(logs.length).toBe(4);
    expect(leaks(logs, secrets)).toEqual([]);
  });
});
