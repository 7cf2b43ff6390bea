import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractCounts, freshPgDatabase, type Inspector, inspectPostgres } from './support/database.js';
import { destroyAgents, jsonRequest, pool } from './support/http.js';
import { freePort, until } from './support/processes.js';
import { DuplicatingRelay } from './support/relay.js';
import { leaks, lineCount, secretsOf } from './support/secrets.js';
import { SIZES } from './support/sizes.js';
import { type Bff, deliveries, login, type Sim, startBff, startSim } from './support/stack.js';

const M = SIZES.dupNotifications;
const COPIES = SIZES.dupCopies;

describe(`two BFF processes on one PostgreSQL (${M} notifications × ${COPIES} concurrent copies)`, () => {
  let sim: Sim;
  let a: Bff;
  let b: Bff;
  let relay: DuplicatingRelay;
  let pgdb: Awaited<ReturnType<typeof freshPgDatabase>>;
  let db: Inspector;
  const users: { token: string; openid: string; code: string; pre: string }[] = [];

  beforeAll(async () => {
    pgdb = await freshPgDatabase();
    const relayPort = await freePort();
    relay = await new DuplicatingRelay(COPIES).start(relayPort);
    sim = await startSim({
      name: 'pg2-sim',
      notifyUrl: `http://127.0.0.1:${relayPort}/v1/notifications/wechatpay`,
      timeScale: 0.01,
      notifyTimeoutMs: 60_000,
    });
    // Started together: both migrate the same empty database at once.
    [a, b] = await Promise.all([
      startBff({ name: 'pg2-bff-a', sim, databaseUrl: pgdb.url }),
      startBff({ name: 'pg2-bff-b', sim, databaseUrl: pgdb.url }),
    ]);
    relay.targets = [a.url, b.url];
    db = await inspectPostgres(pgdb.url);
  });
  afterAll(async () => {
    await db?.close();
    await Promise.allSettled([a?.proc.stop(), b?.proc.stop()]);
    await relay?.close();
    await sim?.close();
    await pgdb?.drop();
    destroyAgents();
  });

  it('applies each SIGN notification exactly once and answers every copy 2xx', async () => {
    const made = await pool(M, 8, async (i) => {
      const bff = i % 2 ? a : b;
      const user = await login(bff, sim, `pg2-user-${i}`, 10_000 + i);
      const res = await jsonRequest(`${bff.url}/v1/contracts/pre-sign`, 'POST', {}, user.token);
      expect(res.status).toBe(200);
      return { ...user, code: res.json().out_contract_code, pre: res.json().pre_entrustweb_id };
    });
    users.push(...made);
    await pool(M, 8, async (i) => {
      expect((await sim.call('POST', `/sim/pre-entrustweb/${users[i]?.pre}/confirm`)).status).toBe(200);
    });
    const signs = await until(
      'every SIGN notification to be acknowledged',
      async () => {
        const list = (await deliveries(sim)).filter((d) => d.event_type.endsWith('SIGN'));
        return list.length === M && list.every((d) => d.status !== 'pending') ? list : undefined;
      },
      300_000,
      500,
    );
    const counts = await contractCounts(db);
    console.log(
      `[pg2] SIGN: notifications=${M} copies-sent=${relay.sent} statuses=${JSON.stringify(Object.fromEntries(relay.statuses))} ` +
        `network-errors=${relay.errors.length} SIGNED=${counts.byState.SIGNED ?? 0} processed=${counts.processedNotifications}`,
    );
    expect(relay.errors).toEqual([]);
    expect(Object.fromEntries(relay.statuses)).toEqual({ 204: M * COPIES });
    expect(signs.every((d) => d.status === 'delivered' && d.attempts.length === 1)).toBe(true);
    expect(counts.byState).toEqual({ SIGNED: M });
    expect(counts.processedNotifications).toBe(M);
    expect(counts.doubled).toEqual([]);
    const events = await db.all<{ n: string }>(
      "select count(*) as n from contract_events where to_state = 'SIGNED'",
    );
    expect(Number(events[0]?.n)).toBe(M);
  });

  it('terminates each contract exactly once under concurrent terminate requests on both instances', async () => {
    const statuses = new Map<number, number>();
    const states = new Set<string>();
    // TERMINATE notifications start arriving while the requests are still running.
    relay.statuses.clear();
    relay.sent = 0;
    await pool(M, 2, async (i) => {
      const user = users[i] as (typeof users)[number];
      await pool(COPIES, COPIES, async (k) => {
        const res = await jsonRequest(
          `${(k % 2 ? a : b).url}/v1/contracts/${user.code}/terminate`,
          'POST',
          { remark: '并发解约' },
          user.token,
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) states.add(res.json().state);
      });
    });
    const terminates = await until(
      'every TERMINATE notification to be acknowledged',
      async () => {
        const list = (await deliveries(sim)).filter((d) => d.event_type.endsWith('TERMINATE'));
        return list.length >= M && list.every((d) => d.status !== 'pending') ? list : undefined;
      },
      300_000,
      500,
    );
    const counts = await contractCounts(db);
    const events = await db.all<{ n: string }>(
      "select count(*) as n from contract_events where from_state = 'SIGNED' and to_state = 'TERMINATED'",
    );
    console.log(
      `[pg2] TERMINATE: requests=${M * COPIES} statuses=${JSON.stringify(Object.fromEntries(statuses))} ` +
        `upstream-terminations(notifications)=${terminates.length} notification-copies=${relay.sent} ` +
        `copy-statuses=${JSON.stringify(Object.fromEntries(relay.statuses))} TERMINATED=${counts.byState.TERMINATED ?? 0} ` +
        `terminate-events=${events[0]?.n}`,
    );
    expect(Object.fromEntries(statuses)).toEqual({ 200: M * COPIES });
    expect([...states]).toEqual(['TERMINATED']);
    // WeChat Pay terminated each contract once (one TERMINATE notification per contract).
    expect(terminates.length).toBe(M);
    expect(Object.fromEntries(relay.statuses)).toEqual({ 204: M * COPIES });
    expect(counts.byState).toEqual({ TERMINATED: M });
    expect(Number(events[0]?.n)).toBe(M);
    expect(counts.doubled).toEqual([]);
    expect(counts.unexplained).toEqual([]);
  });

  it('writes no key, secret, token or openid to any log line', async () => {
    await Promise.all([a.proc.stop(), b.proc.stop()]);
    const logs = [a.proc.output(), b.proc.output(), sim.proc.output()];
    const secrets = secretsOf(sim, {
      tokens: users.map((u) => u.token),
      openids: users.map((u) => u.openid),
    });
    console.log(`[pg2] scanned ${lineCount(logs)} log lines for ${secrets.length} secrets`);
    expect(leaks(logs, secrets)).toEqual([]);
  });
});
