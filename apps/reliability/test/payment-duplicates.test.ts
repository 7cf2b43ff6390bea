import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildNotification } from '@kit/wechatpay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase, type Inspector, inspectPostgres } from './support/database.js';
import { destroyAgents, pool, request } from './support/http.js';
import {
  type Buyer,
  buyer,
  orderCounts,
  type Placed,
  payAtSim,
  paymentDeliveries,
  placeWithRetries,
  prepayOf,
  type SimOrder,
  tally,
} from './support/orders.js';
import { freePort, until } from './support/processes.js';
import { DuplicatingRelay } from './support/relay.js';
import { leaks, lineCount, secretsOf } from './support/secrets.js';
import { SIZES } from './support/sizes.js';
import { type Bff, deliveries, type Sim, startBff, startSim } from './support/stack.js';

const M = SIZES.dupPayments;
const COPIES = SIZES.dupCopies;

describe(`payment notifications on two BFF processes and one PostgreSQL (${M} orders × ${COPIES} concurrent copies)`, () => {
  let sim: Sim;
  let a: Bff;
  let b: Bff;
  let relay: DuplicatingRelay;
  let pgdb: Awaited<ReturnType<typeof freshPgDatabase>>;
  let db: Inspector;
  const buyers: Buyer[] = [];

  beforeAll(async () => {
    pgdb = await freshPgDatabase();
    const relayPort = await freePort();
    relay = await new DuplicatingRelay(COPIES).start(relayPort);
    sim = await startSim({
      name: 'pay2-sim',
      notifyUrl: `http://127.0.0.1:${relayPort}/v1/notifications/wechatpay`,
      timeScale: 0.01,
      notifyTimeoutMs: 60_000,
    });
    [a, b] = await Promise.all([
      startBff({ name: 'pay2-bff-a', sim, databaseUrl: pgdb.url }),
      startBff({ name: 'pay2-bff-b', sim, databaseUrl: pgdb.url }),
    ]);
    relay.targets = [a.url, b.url];
    db = await inspectPostgres(pgdb.url);
    // Half the buyers pay password-free (their SIGN notifications go through the relay too).
    buyers.push(
      ...(await pool(M, 8, (i) => buyer(i % 2 ? a : b, sim, `pay2-user-${i}`, 30_000 + i, i % 2 === 0))),
    );
    // A contract may read SIGNED through the query API before its notification is through: wait for
    // the SIGN copies, so the relay's figures below count payments only.
    await until(
      'every SIGN notification to be acknowledged',
      async () => {
        const list = (await deliveries(sim)).filter((d) => d.event_type.endsWith('SIGN'));
        return list.length === Math.ceil(M / 2) && list.every((d) => d.status === 'delivered')
          ? true
          : undefined;
      },
      120_000,
      200,
    );
  });
  afterAll(async () => {
    await db?.close();
    await Promise.allSettled([a?.proc.stop(), b?.proc.stop()]);
    await relay?.close();
    await sim?.close();
    await pgdb?.drop();
    destroyAgents();
  });

  /** One order per buyer, created on alternating instances, then paid by the user in the simulator. */
  const placeAndPay = (tag: string) =>
    pool(M, 8, async (i) => {
      const user = buyers[i] as Buyer;
      const p = await placeWithRetries(
        i % 2 ? b : a,
        user.token,
        { product_id: user.products[0] },
        `${tag}-${i}-${randomUUID().slice(0, 8)}`,
      );
      await payAtSim(sim, p.order);
      return p;
    });

  const paidEventsOf = async (orders: Placed[]) => {
    const rows = await db.all<{ out_trade_no: string; n: string }>(
      "select out_trade_no, count(*) as n from order_events where to_state = 'PAID' and out_trade_no = any($1) group by out_trade_no",
      [orders.map((p) => p.order.out_trade_no)],
    );
    return rows.reduce((sum, r) => sum + Number(r.n), 0);
  };

  it('applies a TRANSACTION.SUCCESS once when 100 byte-identical copies reach both instances at once', async () => {
    relay.statuses.clear();
    relay.byEvent.clear();
    relay.sent = 0;
    const orders = await placeAndPay('same-id');
    const numbers = new Set(orders.map((p) => p.order.out_trade_no));
    const sent = await until(
      'every TRANSACTION.SUCCESS to be acknowledged',
      async () => {
        const list = (await paymentDeliveries(sim)).filter((d) => numbers.has(d.out_trade_no ?? ''));
        return list.length === M && list.every((d) => d.status !== 'pending') ? list : undefined;
      },
      120_000,
      200,
    );
    const counts = await orderCounts(db);
    const mine = counts.payments.filter((p) => numbers.has(p.out_trade_no ?? ''));
    const events = await paidEventsOf(orders);
    console.log(
      `[pay2] same id: orders=${M} modes=${JSON.stringify(tally(orders.map((p) => p.order.pay_mode)))} copies-sent=${relay.sent} ` +
        `statuses=${JSON.stringify(Object.fromEntries(relay.byEvent))} network-errors=${relay.errors.length} ` +
        `paid-events=${events} processed=${JSON.stringify(tally(mine.map((p) => p.outcome)))}`,
    );
    expect(relay.errors).toEqual([]);
    expect(Object.fromEntries(relay.byEvent)).toEqual({ 'TRANSACTION.SUCCESS:204': M * COPIES });
    expect(sent.every((d) => d.status === 'delivered' && d.attempts.length === 1)).toBe(true);
    expect(events).toBe(M);
    expect(tally(mine.map((p) => p.outcome))).toEqual({ applied: M });
    expect(counts.doubled).toEqual([]);
  });

  it('applies one payment once when it comes as 100 notifications with different ids at once', async () => {
    // WeChat Pay's own notification is dropped: the copies below are the only news of each payment.
    const fault = await sim.call('POST', '/sim/faults', {
      target: 'transaction_notifications',
      kind: 'drop',
      count: M,
    });
    expect(fault.status).toBeLessThan(300);
    const orders = await placeAndPay('new-ids');
    const numbers = new Set(orders.map((p) => p.order.out_trade_no));
    const dropped = (await paymentDeliveries(sim)).filter((d) => numbers.has(d.out_trade_no ?? ''));
    expect(dropped.map((d) => d.status)).toEqual(new Array(M).fill('dropped'));

    const env = sim.bffEnv;
    const privateKey = readFileSync(join(sim.dir, 'identity', 'wechatpay_private_key.pem'));
    const statuses = new Map<number, number>();
    const errors: string[] = [];
    await pool(M, 2, async (i) => {
      const prepay = prepayOf((orders[i] as Placed).order);
      const { transaction } = (await sim.call('GET', `/sim/prepay/${prepay}`)).json() as SimOrder;
      expect(transaction.trade_state).toBe('SUCCESS');
      const copies = Array.from({ length: COPIES }, () =>
        buildNotification({
          privateKey,
          serial: env.WECHATPAY_PUBLIC_KEY_ID as string,
          apiV3Key: env.WECHATPAY_APIV3_KEY as string,
          eventType: 'TRANSACTION.SUCCESS',
          originalType: 'transaction',
          associatedData: 'transaction',
          summary: '支付成功',
          payload: transaction,
        }),
      );
      await pool(COPIES, COPIES, async (k) => {
        const n = copies[k] as (typeof copies)[number];
        try {
          const res = await request(`${(k % 2 ? a : b).url}/v1/notifications/wechatpay`, {
            method: 'POST',
            headers: n.headers,
            body: n.body,
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        } catch (error) {
          errors.push(String(error));
        }
      });
    });
    const counts = await orderCounts(db);
    const mine = counts.payments.filter((p) => numbers.has(p.out_trade_no ?? ''));
    const events = await paidEventsOf(orders);
    const states = counts.rows.filter((r) => numbers.has(r.out_trade_no)).map((r) => r.state);
    console.log(
      `[pay2] new ids: orders=${M} notifications=${M * COPIES} statuses=${JSON.stringify(Object.fromEntries(statuses))} ` +
        `network-errors=${errors.length} paid-events=${events} processed=${JSON.stringify(tally(mine.map((p) => p.outcome)))} ` +
        `states=${JSON.stringify(tally(states))}`,
    );
    expect(errors).toEqual([]);
    expect(Object.fromEntries(statuses)).toEqual({ 204: M * COPIES });
    expect(events).toBe(M);
    expect(tally(states)).toEqual({ PAID: M });
    // Every id is recorded once; exactly one per order moved it.
    expect(tally(mine.map((p) => p.outcome))).toEqual({ applied: M, unchanged: M * (COPIES - 1) });
    expect(counts.doubled).toEqual([]);
    expect(counts.unexplained).toEqual([]);
  });

  it('writes no key, secret, token or openid to any log line', async () => {
    await Promise.all([a.proc.stop(), b.proc.stop()]);
    const logs = [a.proc.output(), b.proc.output(), sim.proc.output()];
    const secrets = secretsOf(sim, {
      tokens: buyers.map((u) => u.token),
      openids: buyers.map((u) => u.openid),
    });
    console.log(`[pay2] scanned ${lineCount(logs)} log lines for ${secrets.length} secrets`);
    expect(leaks(logs, secrets)).toEqual([]);
  });
});
