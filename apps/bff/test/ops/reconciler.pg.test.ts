import { until } from '@kit/test-support';
import { API_PATHS } from '@kit/wechatpay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { createOrdersRepo } from '../../src/orders/orders.repo.js';
import { metricsListener, metricValue } from '../helpers/metrics.js';
import { type Instance, reconcileStack } from '../helpers/reconcile-stack.js';

// Long enough for a pass over ~170 records on a loaded 2-core machine.
const INTERVAL_MS = 4_000;
const SIGNED = 50;
const UNSIGNED = 10;
const PAID = 40;
const UNPAID = 10;

describe('reconciler: two instances on PostgreSQL, every notification lost, users never come back', () => {
  let s: Awaited<ReturnType<typeof reconcileStack>>;
  beforeAll(async () => {
    s = await reconcileStack({
      intervalMs: INTERVAL_MS,
      minAgeMs: 0,
      batch: 200,
      perSecond: 500,
      concurrency: 4,
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  async function presign(user: string, on: Instance) {
    const token = await s.login(user, on);
    const res = await on.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { out_contract_code: string; pre_entrustweb_id: string };
  }
  async function order(user: string, on: Instance) {
    const token = await s.login(user, on);
    const res = await on.app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `key-${user}` },
      payload: { product_id: 'americano', pay_mode: 'NORMAL' },
    });
    expect(res.statusCode).toBe(201);
    const json = res.json();
    return {
      no: json.out_trade_no as string,
      prepayId: String(json.payment.package).replace('prepay_id=', ''),
    };
  }
  const seen = (
    api: { match(url: string): Record<string, string> | undefined },
    key: string,
    value: string,
  ) => s.proxy.seen.filter((x) => api.match(x.path)?.[key] === value);

  it('puts every contract and order right within 3 intervals, each change once, no record asked twice per interval', async () => {
    const [a, b] = s.instances as [Instance, Instance];
    const signed: string[] = [];
    const unsigned: string[] = [];
    for (let i = 0; i < SIGNED + UNSIGNED; i++) {
      const p = await presign(`user-${i}`, i % 2 ? a : b);
      if (i < SIGNED) {
        expect((await s.confirm(p.pre_entrustweb_id)).status).toBe(200);
        signed.push(p.out_contract_code);
      } else {
        unsigned.push(p.out_contract_code);
      }
    }
    const paid: string[] = [];
    const unpaid: string[] = [];
    for (let i = 0; i < PAID + UNPAID; i++) {
      const o = await order(`buyer-${i}`, i % 2 ? a : b);
      if (i < PAID) {
        expect((await s.pay(o.prepayId)).status).toBe(200);
        paid.push(o.no);
      } else {
        unpaid.push(o.no);
      }
    }
    await until(
      'every notification dropped',
      async () => (s.dropped.length >= SIGNED + PAID ? true : undefined),
      10_000,
      20,
    );
    // The unpaid orders' 30 minutes are over (moved in the database; the close API does not mind).
    await a.database.db
      .updateTable('orders')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('out_trade_no', 'in', unpaid)
      .execute();
    const contracts = createContractsRepo(a.database.db, () => 'unused');
    const orders = createOrdersRepo(a.database.db, () => 'unused');
    for (const code of signed) expect((await contracts.findByCode(code))?.state).toBe('PRESIGNED');
    for (const no of paid) expect((await orders.findByNo(no))?.state).toBe('CREATED');

    const started = Date.now();
    for (const i of s.instances) i.app.ops.reconciler.start();
    await until(
      'all contracts SIGNED and all orders PAID or CLOSED in the database',
      async () => {
        const c = await Promise.all(signed.map((code) => contracts.findByCode(code)));
        const p = await Promise.all(paid.map((no) => orders.findByNo(no)));
        const u = await Promise.all(unpaid.map((no) => orders.findByNo(no)));
        const done =
          c.every((r) => r?.state === 'SIGNED') &&
          p.every((r) => r?.state === 'PAID') &&
          u.every((r) => r?.state === 'CLOSED');
        return done ? true : undefined;
      },
      3 * INTERVAL_MS,
      50,
    );
    console.log(
      'SETTLED_AFTER',
      Date.now() - started,
      s.proxy.seen
        .filter((x) => x.at >= started)
        .map((x) => `${x.at - started}:${x.path.split('/')[3]}`)
        .join(' '),
    );
    // Let more intervals pass: the unsigned pre-signs keep being checked, never twice per interval.
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS));
    await Promise.all(s.instances.map((i) => i.app.ops.reconciler.stop()));
    const elapsed = Date.now() - started;

    const contractQueries = (code: string) => seen(API_PATHS.queryContract, 'out_contract_code', code);
    for (const code of signed) {
      expect(contractQueries(code)).toHaveLength(1);
      expect(await contracts.events(code)).toMatchObject([
        { from_state: 'PRESIGNED', to_state: 'SIGNED', source: 'query' },
      ]);
    }
    for (const code of unsigned) {
      const times = contractQueries(code).map((x) => x.at);
      expect(times.length).toBeGreaterThanOrEqual(1);
      expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS));
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeGreaterThan(INTERVAL_MS - 150);
      expect((await contracts.findByCode(code))?.state).toBe('PRESIGNED');
      expect(await contracts.events(code)).toEqual([]);
    }
    for (const no of paid) {
      expect(seen(API_PATHS.queryTransaction, 'out_trade_no', no)).toHaveLength(1);
      expect(await orders.events(no)).toMatchObject([
        { from_state: 'CREATED', to_state: 'PAID', source: 'query' },
      ]);
    }
    for (const no of unpaid) {
      expect(seen(API_PATHS.closeTransaction, 'out_trade_no', no)).toHaveLength(1);
      expect(await orders.events(no)).toMatchObject([
        { from_state: 'CREATED', to_state: 'CLOSED', source: 'close' },
      ]);
    }

    // Both instances' metrics, on their own listeners: passes run (one at a time), findings, calls.
    const texts: string[] = [];
    for (const i of s.instances) {
      const listener = await metricsListener(i.app);
      texts.push(await listener.scrape());
      await listener.close();
    }
    const total = (name: string, labels: Record<string, string> = {}) =>
      texts.reduce((sum, t) => sum + metricValue(t, name, labels), 0);
    expect(total('bff_reconcile_runs_total', { outcome: 'completed' })).toBeGreaterThanOrEqual(2);
    expect(total('bff_reconcile_runs_total', { outcome: 'failed' })).toBe(0);
    expect(total('bff_reconcile_findings_total', { record: 'contract', finding: 'signed' })).toBe(SIGNED);
    expect(total('bff_reconcile_findings_total', { record: 'order', finding: 'paid' })).toBe(PAID);
    expect(total('bff_reconcile_findings_total', { record: 'order', finding: 'closed' })).toBe(UNPAID);
    const transitions = (record: string, from: string, to: string, source: string) =>
      total('bff_state_transitions_total', { record, from, to, source });
    expect(transitions('contract', 'PRESIGNED', 'SIGNED', 'query')).toBe(SIGNED);
    expect(transitions('order', 'CREATED', 'PAID', 'query')).toBe(PAID);
    expect(transitions('order', 'CREATED', 'CLOSED', 'close')).toBe(UNPAID);
    expect(total('bff_wechatpay_calls_total', { api: 'queryTransaction', outcome: 'ok' })).toBe(PAID);
    expect(total('bff_wechatpay_calls_total', { api: 'closeTransaction', outcome: 'ok' })).toBe(UNPAID);
    expect(total('bff_reconcile_last_success_timestamp_seconds')).toBeGreaterThan(started / 1000);
    expect(s.logs.filter((l) => l.includes('reconciler pass failed'))).toEqual([]);
  }, 90_000);
});
