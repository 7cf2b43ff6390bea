import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractCounts, inspectSqlite } from './support/database.js';
import { destroyAgents, jsonRequest, pool } from './support/http.js';
import { freePort, rssMiB, sleep, until } from './support/processes.js';
import { leaks, lineCount, secretsOf } from './support/secrets.js';
import { SIZES } from './support/sizes.js';
import { type Bff, deliveries, login, type Sim, startBff, startSim } from './support/stack.js';

const N = SIZES.stormContracts;

describe(`crash during a notification storm (${N} contracts, SQLite, SIGKILL mid-way)`, () => {
  let sim: Sim;
  let bff: Bff;
  let dbPath: string;
  const tokens: string[] = [];
  const openids: string[] = [];
  const logs: string[] = [];
  const presigned: { code: string; pre: string }[] = [];

  beforeAll(async () => {
    const port = await freePort();
    // WeChat's retry schedule × 0.01: 0.15 s, 0.15 s, 0.3 s, 1.8 s, 6 s, 12 s, … — a restart fits in it.
    sim = await startSim({
      name: 'storm-sim',
      notifyUrl: `http://127.0.0.1:${port}/v1/notifications/wechatpay`,
      timeScale: 0.01,
    });
    dbPath = join(sim.dir, 'bff.sqlite');
    bff = await startBff({ name: 'storm-bff', sim, port, databaseUrl: `file:${dbPath}` });
  });
  afterAll(async () => {
    await bff?.proc.stop();
    await sim?.close();
    destroyAgents();
  });

  it('pre-signs every contract through the BFF', async () => {
    const started = Date.now();
    const results = await pool(N, 16, async (i) => {
      const user = await login(bff, sim, `storm-user-${i}`, i);
      tokens.push(user.token);
      openids.push(user.openid);
      const res = await jsonRequest(`${bff.url}/v1/contracts/pre-sign`, 'POST', {}, user.token);
      if (res.status !== 200) throw new Error(`pre-sign ${i}: ${res.status} ${res.text}`);
      return { code: res.json().out_contract_code as string, pre: res.json().pre_entrustweb_id as string };
    });
    presigned.push(...results);
    const seconds = (Date.now() - started) / 1000;
    console.log(`[storm] ${N} logins + pre-signs in ${seconds.toFixed(1)} s (${(N / seconds).toFixed(0)}/s)`);
    expect(new Set(presigned.map((p) => p.code)).size).toBe(N);
  });

  it('signs every contract exactly once although the BFF is SIGKILLed mid-storm', async () => {
    const applied = () => (bff.proc.output().match(/"outcome":"applied"/g) ?? []).length;
    const started = Date.now();
    let killedAt = -1;
    // The storm: every user confirms at once (32 in flight); the simulator notifies each at once.
    const storm = pool(N, 32, async (i) => {
      const res = await sim.call('POST', `/sim/pre-entrustweb/${presigned[i]?.pre}/confirm`);
      if (res.status !== 200) throw new Error(`confirm ${i}: ${res.status} ${res.text}`);
    });
    // The crash: once a third of the notifications were applied, SIGKILL — no shutdown code runs.
    await until(
      'a third of the notifications to be applied',
      async () => (applied() >= N / 3 ? true : undefined),
      120_000,
      20,
    );
    killedAt = applied();
    logs.push(bff.proc.output());
    await bff.proc.kill();
    await sleep(1000);
    await bff.restart();
    await storm;
    const confirmedIn = (Date.now() - started) / 1000;

    // WeChat's retries finish the job.
    const all = await until(
      'every SIGN notification to be delivered',
      async () => {
        const list = (await deliveries(sim)).filter((d) => d.event_type.endsWith('SIGN'));
        return list.length === N && list.every((d) => d.status === 'delivered' || d.status === 'failed')
          ? list
          : undefined;
      },
      300_000,
      1000,
    );
    const seconds = (Date.now() - started) / 1000;
    const attempts = all.flatMap((d) => d.attempts);
    const refused = attempts.filter((a) => a.error !== undefined || (a.status ?? 0) >= 300).length;
    const retried = all.filter((d) => d.attempts.length > 1).length;
    logs.push(bff.proc.output());
    const duplicatesAfterRestart = (bff.proc.output().match(/"outcome":"duplicate"/g) ?? []).length;

    const db = inspectSqlite(dbPath);
    const counts = await contractCounts(db);
    const signedEvents = await db.all<{ n: number }>(
      "select count(*) as n from contract_events where from_state = 'PRESIGNED' and to_state = 'SIGNED'",
    );
    const ids = await db.all<{ id: string }>('select id from processed_notifications');
    await db.close();

    console.log(
      `[storm] contracts=${N} confirms=${N} (in ${confirmedIn.toFixed(1)} s) SIGN deliveries=${all.length} ` +
        `delivered=${all.filter((d) => d.status === 'delivered').length} failed=${all.filter((d) => d.status === 'failed').length} ` +
        `attempts=${attempts.length} failed-attempts=${refused} retried-deliveries=${retried} ` +
        `applied-before-kill=${killedAt} duplicates-after-restart=${duplicatesAfterRestart} ` +
        `SIGNED=${counts.byState.SIGNED ?? 0} signed-events=${signedEvents[0]?.n} ` +
        `processed-notifications=${counts.processedNotifications} total=${seconds.toFixed(1)} s ` +
        `bff-rss-after-restart=${rssMiB(bff.proc.pid)} MiB`,
    );
    expect(all.filter((d) => d.status !== 'delivered')).toEqual([]);
    // The crash really cut deliveries off (else this test proved nothing about crashes).
    expect(refused).toBeGreaterThan(0);
    expect(counts.byState).toEqual({ SIGNED: N });
    expect(Number(signedEvents[0]?.n)).toBe(N);
    expect(counts.doubled).toEqual([]);
    expect(counts.unexplained).toEqual([]);
    // No notification lost: every id the simulator sent is recorded by the BFF, nothing else is.
    expect(new Set(ids.map((r) => r.id))).toEqual(new Set(all.map((d) => d.notification_id)));
    // And the BFF's API agrees for a sample of users.
    for (const i of [0, Math.floor(N / 2), N - 1]) {
      const view = await jsonRequest(`${bff.url}/v1/contracts/current`, 'GET', undefined, tokens[i]);
      expect(view.json()).toMatchObject({ state: 'SIGNED' });
    }
  });

  it('writes no key, secret, token or openid to any log line', async () => {
    await bff.proc.stop();
    logs.push(bff.proc.output(), sim.proc.output());
    const secrets = secretsOf(sim, { tokens, openids });
    console.log(`[storm] scanned ${lineCount(logs)} log lines for ${secrets.length} secrets`);
    expect(secrets.length).toBeGreaterThan(N);
    expect(leaks(logs, secrets)).toEqual([]);
  });
});
