import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSqlite } from './support/database.js';
import { destroyAgents, jsonRequest, pool } from './support/http.js';
import {
  type Buyer,
  buyer,
  orderCounts,
  type Placed,
  payAtSim,
  paymentDeliveries,
  placeWithRetries,
  simOrders,
  tally,
} from './support/orders.js';
import { freePort, rssMiB, sleep, until } from './support/processes.js';
import { leaks, lineCount, secretsOf } from './support/secrets.js';
import { SIZES } from './support/sizes.js';
import { type Bff, type Sim, startBff, startSim } from './support/stack.js';

const N = SIZES.stormOrders;
/** Two orders per user keeps every user far below the 20 orders/min limit, retries included. */
const USERS = Math.ceil(N / 2);
/** Every tenth order is left unpaid: it must stay CREATED on both sides. */
const paidIndex = (i: number) => i % 10 !== 9;

describe(`order storm (${N} orders of ${USERS} users, half signed, SQLite, SIGKILL mid-way)`, () => {
  let sim: Sim;
  let bff: Bff;
  let dbPath: string;
  const buyers: Buyer[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    sim = await startSim({
      name: 'orders-sim',
      notifyUrl: `http://127.0.0.1:${port}/v1/notifications/wechatpay`,
      timeScale: 0.01,
    });
    dbPath = join(sim.dir, 'bff.sqlite');
    bff = await startBff({ name: 'orders-bff', sim, port, databaseUrl: `file:${dbPath}` });
  });
  afterAll(async () => {
    await bff?.proc.stop();
    await sim?.close();
    destroyAgents();
  });

  it('logs in every user and signs a contract for every second one', async () => {
    const started = Date.now();
    buyers.push(
      ...(await pool(USERS, 16, (i) => buyer(bff, sim, `order-user-${i}`, 20_000 + i, i % 2 === 0))),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`[orders] ${USERS} users (${Math.ceil(USERS / 2)} signed) ready in ${seconds.toFixed(1)} s`);
    expect(buyers.filter((b) => b.signed).length).toBe(Math.ceil(USERS / 2));
  });

  it('places and pays every order exactly once although the BFF is SIGKILLed mid-storm', async () => {
    const keys = Array.from({ length: N }, (_, i) => `storm-${i}-${randomBytes(6).toString('hex')}`);
    const placed: Placed[] = new Array(N);
    let answered = 0;
    const started = Date.now();
    const storm = pool(N, 16, async (i) => {
      const user = buyers[i % USERS] as Buyer;
      const body = { product_id: user.products[i % user.products.length] };
      const p = await placeWithRetries(bff, user.token, body, keys[i] as string);
      placed[i] = p;
      answered++;
      if (paidIndex(i)) await payAtSim(sim, p.order);
    });
    await until(
      'a third of the orders to be answered',
      async () => (answered >= N / 3 ? true : undefined),
      300_000,
      10,
    );
    const answeredBeforeKill = answered;
    const rateBeforeKill = answered / ((Date.now() - started) / 1000);
    logs.push(bff.proc.output());
    await bff.proc.kill();
    await sleep(1000);
    await bff.restart();
    await storm;
    const placedIn = (Date.now() - started) / 1000;
    const paid = placed.filter((_, i) => paidIndex(i)).length;

    // WeChat's retries deliver what the crash refused.
    const all = await until(
      'every TRANSACTION.SUCCESS to be delivered',
      async () => {
        const list = await paymentDeliveries(sim);
        return list.length === paid && list.every((d) => d.status === 'delivered' || d.status === 'failed')
          ? list
          : undefined;
      },
      300_000,
      500,
    );
    const seconds = (Date.now() - started) / 1000;
    const attempts = all.flatMap((d) => d.attempts);
    const refused = attempts.filter((a) => a.error !== undefined || (a.status ?? 0) >= 300).length;
    logs.push(bff.proc.output());

    const db = inspectSqlite(dbPath);
    const counts = await orderCounts(db);
    await db.close();
    const upstream = await simOrders(sim);
    const bffByNo = new Map(counts.rows.map((r) => [r.out_trade_no, r]));
    const simByNo = new Map(upstream.map((o) => [o.transaction.out_trade_no, o]));

    // Lost: an order WeChat Pay holds, or a client was answered with, that the BFF lacks or has not
    // recorded as paid although WeChat Pay took the money.
    const lost = new Set<string>();
    for (const o of upstream) {
      const row = bffByNo.get(o.transaction.out_trade_no);
      if (!row) lost.add(o.transaction.out_trade_no);
      else if (o.transaction.trade_state === 'SUCCESS' && row.state !== 'PAID') lost.add(row.out_trade_no);
      else if (o.transaction.trade_state === 'SUCCESS' && row.transaction_id !== o.transaction.transaction_id)
        lost.add(row.out_trade_no);
    }
    for (const p of placed) if (!bffByNo.has(p.order.out_trade_no)) lost.add(p.order.out_trade_no);
    // Doubled: more than one order for a purchase attempt, or a transition applied twice.
    const doubled = [
      ...counts.doubled,
      ...counts.keysDoubled,
      ...counts.rows.filter((r) => !simByNo.has(r.out_trade_no)).map((r) => r.out_trade_no),
    ];
    const upstreamStates = tally(upstream.map((o) => o.transaction.trade_state));
    const retried = placed.filter((p) => p.retries > 0).length;

    console.log(
      `[orders] orders=${N} answered-before-kill=${answeredBeforeKill} retried-after-crash=${retried} ` +
        `statuses=${JSON.stringify(tally(placed.map((p) => p.status)))} modes=${JSON.stringify(tally(placed.map((p) => p.order.pay_mode)))} ` +
        `placed+paid in ${placedIn.toFixed(1)} s (${(N / placedIn).toFixed(0)} orders/s; ${rateBeforeKill.toFixed(0)}/s before the kill) ` +
        `slowest-answer=${(Math.max(...placed.map((p) => p.ms)) / 1000).toFixed(1)} s\n` +
        `[orders] wechat=${JSON.stringify(upstreamStates)} bff=${JSON.stringify(counts.byState)} paid-events=${counts.paidEvents} ` +
        `payment-deliveries=${all.length} attempts=${attempts.length} failed-attempts=${refused} ` +
        `outcomes=${JSON.stringify(tally(counts.payments.map((p) => p.outcome)))} lost=${lost.size} doubled=${doubled.length} ` +
        `total=${seconds.toFixed(1)} s bff-rss-after-restart=${rssMiB(bff.proc.pid)} MiB`,
    );
    // The crash really cut requests and deliveries off (else this proved nothing about crashes).
    expect(retried).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(all.filter((d) => d.status !== 'delivered')).toEqual([]);
    expect([...lost]).toEqual([]);
    expect(doubled).toEqual([]);
    expect(counts.unexplained).toEqual([]);
    expect(counts.rows.length).toBe(N);
    expect(new Set(placed.map((p) => p.order.out_trade_no)).size).toBe(N);
    expect(upstream.length).toBe(N);
    expect(upstreamStates).toEqual({ SUCCESS: paid, NOTPAY: N - paid });
    expect(counts.byState).toEqual({ PAID: paid, CREATED: N - paid });
    expect(counts.paidEvents).toBe(paid);
    // Every TRANSACTION.SUCCESS WeChat Pay sent is recorded once, and applied.
    expect(new Set(counts.payments.map((p) => p.id))).toEqual(new Set(all.map((d) => d.notification_id)));
    expect(tally(counts.payments.map((p) => p.outcome))).toEqual({ applied: paid });
    // Both kinds of order were in the storm.
    expect(Object.keys(tally(placed.map((p) => p.order.pay_mode))).sort()).toEqual([
      'NORMAL',
      'PASSWORD_FREE',
    ]);
    // And the BFF's API agrees for a sample of orders.
    for (const i of [0, 9, Math.floor(N / 2), N - 1]) {
      const user = buyers[i % USERS] as Buyer;
      const no = placed[i]?.order.out_trade_no;
      const view = await jsonRequest(`${bff.url}/v1/orders/${no}`, 'GET', undefined, user.token);
      expect(view.json()).toMatchObject({ state: paidIndex(i) ? 'PAID' : 'CREATED' });
    }
  });

  it('writes no key, secret, token or openid to any log line', async () => {
    await bff.proc.stop();
    logs.push(bff.proc.output(), sim.proc.output());
    const secrets = secretsOf(sim, {
      tokens: buyers.map((b) => b.token),
      openids: buyers.map((b) => b.openid),
    });
    console.log(`[orders] scanned ${lineCount(logs)} log lines for ${secrets.length} secrets`);
    expect(secrets.length).toBeGreaterThan(USERS);
    expect(leaks(logs, secrets)).toEqual([]);
  });
});
