import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { createOrdersRepo, type OrdersRepo, type PaymentJudge } from '../../src/orders/orders.repo.js';
import type { NewOrder, Owner } from '../../src/orders/orders.types.js';
import { ENGINES, type TestEngine } from '../helpers/engines.js';

let counter = 0;
const ids = () => `ev${(++counter).toString().padStart(10, '0')}${Math.random().toString(36).slice(2, 12)}`;
const T0 = Date.parse('2026-11-28T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const alice: Owner = { sub_mchid: '1900000109', sub_openid: 'o-alice' };

function order(no: string, key: string, over: Partial<NewOrder> = {}): NewOrder {
  return {
    out_trade_no: no,
    ...alice,
    sub_appid: 'wxsub0000000000001',
    idempotency_key: key,
    request_hash: 'h1',
    product_id: 'coffee',
    description: '咖啡',
    amount_total: 1200,
    currency: 'CNY',
    pay_mode: 'NORMAL',
    expires_at: at(30),
    created_at: at(0),
    ...over,
  };
}

const pays = (amount = 1200): PaymentJudge => ({
  matches: (row) => row.amount_total === amount,
  transition: () => ({ to: 'PAID', transactionId: '4200000001', paidAt: at(1) }),
});

describe.each(ENGINES)('orders repository on %s', (name, makeEngine) => {
  let engine: TestEngine;
  let database: Database;
  let repo: OrdersRepo;
  beforeAll(async () => {
    engine = await makeEngine();
    database = await openDatabase(engine.config, engine.options);
    repo = createOrdersRepo(database.db, ids);
  });
  afterAll(async () => {
    await database?.close();
    await engine?.cleanup();
  });

  it('refuses a second row for the same out_trade_no or the same owner and idempotency key', async () => {
    expect(await repo.insert(order('T00000001', 'key-aaaa-1'))).toMatchObject({
      out_trade_no: 'T00000001',
      state: 'CREATED',
      upstream_lease_until: null,
    });
    expect(await repo.insert(order('T00000001', 'key-aaaa-2'))).toBeUndefined();
    expect(await repo.insert(order('T00000002', 'key-aaaa-1'))).toBeUndefined();
    expect(await repo.insert(order('T00000003', 'key-aaaa-1', { sub_openid: 'o-bob' }))).toMatchObject({
      out_trade_no: 'T00000003',
    });
    expect(await repo.findByKey(alice, 'key-aaaa-1')).toMatchObject({ out_trade_no: 'T00000001' });
    expect(await repo.findOwned('T00000003', alice)).toBeUndefined();
  });

  it('lets one caller at a time call WeChat Pay for an order without a prepay_id', async () => {
    await repo.insert(order('T00000010', 'key-lease-1'));
    expect(await repo.claimLease('T00000010', at(0), at(0.5))).toBe(true);
    expect(await repo.claimLease('T00000010', at(0.1), at(0.6))).toBe(false);
    expect(await repo.claimLease('T00000010', at(0.5), at(1))).toBe(true); // the first one's lease ran out
    expect(await repo.recordPrepay('T00000010', 'wx-prepay-1', at(0.6))).toMatchObject({
      prepay_id: 'wx-prepay-1',
    });
    expect(await repo.recordPrepay('T00000010', 'wx-prepay-2', at(0.7))).toBeUndefined();
    expect(await repo.claimLease('T00000010', at(2), at(3))).toBe(false);
    expect(await repo.findByNo('T00000010')).toMatchObject({
      prepay_id: 'wx-prepay-1',
      upstream_lease_until: null,
    });
  });

  it('inserts a row born leased: no second caller until the lease runs out', async () => {
    await repo.insert(order('T00000011', 'key-lease-2'), at(0.5));
    expect(await repo.claimLease('T00000011', at(0.1), at(0.6))).toBe(false);
    expect(await repo.claimLease('T00000011', at(0.5), at(1))).toBe(true);
  });

  it('moves CREATED → PAID or CLOSED only, once', async () => {
    await repo.insert(order('T00000020', 'key-trans-1'));
    const ctx = { source: 'close', now: at(2) } as const;
    expect(await repo.transition('T00000020', { to: 'CLOSED', closedAt: at(2), reason: 'USER' }, ctx)).toBe(
      true,
    );
    const paid = { to: 'PAID', transactionId: 'X', paidAt: at(3) } as const;
    expect(await repo.transition('T00000020', paid, { source: 'query', now: at(3) })).toBe(false);
    expect(await repo.findByNo('T00000020')).toMatchObject({ state: 'CLOSED', transaction_id: null });
    expect((await repo.events('T00000020')).map((e) => [e.from_state, e.to_state, e.source])).toEqual([
      ['CREATED', 'CLOSED', 'close'],
    ]);
  });

  it('applies a payment notification once; a mismatch, a late one and an unknown order are recorded', async () => {
    await repo.insert(order('T00000030', 'key-pay-1'));
    const n = (id: string, no = 'T00000030') => ({ id, eventType: 'TRANSACTION.SUCCESS', outTradeNo: no });
    expect(await repo.processPayment(n('pay-0'), pays(1), at(1))).toBe('mismatch');
    expect(await repo.findByNo('T00000030')).toMatchObject({ state: 'CREATED' });
    expect(await repo.processPayment(n('pay-1'), pays(), at(1))).toBe('applied');
    expect(await repo.processPayment(n('pay-1'), pays(), at(1))).toBe('duplicate');
    expect(await repo.processPayment(n('pay-2'), pays(), at(1))).toBe('unchanged');
    expect(await repo.findByNo('T00000030')).toMatchObject({ state: 'PAID', transaction_id: '4200000001' });

    await repo.insert(order('T00000031', 'key-pay-2'));
    await repo.transition(
      'T00000031',
      { to: 'CLOSED', closedAt: at(2), reason: 'EXPIRED' },
      { source: 'close', now: at(2) },
    );
    expect(await repo.processPayment(n('pay-3', 'T00000031'), pays(), at(3))).toBe('paid_after_close');
    expect(await repo.processPayment(n('pay-4', 'T99999999'), pays(), at(3))).toBe('unknown_order');
    const outcomes = await database.db
      .selectFrom('processed_notifications')
      .select(['id', 'outcome', 'out_trade_no'])
      .where('id', 'like', 'pay-%')
      .orderBy('id')
      .execute();
    expect(outcomes.map((o) => [o.id, o.outcome, o.out_trade_no])).toEqual([
      ['pay-0', 'mismatch', 'T00000030'],
      ['pay-1', 'applied', 'T00000030'],
      ['pay-2', 'unchanged', 'T00000030'],
      ['pay-3', 'paid_after_close', 'T00000031'],
      ['pay-4', 'unknown_order', 'T99999999'],
    ]);
  });

  it.runIf(name === 'postgres')(
    'applies 40 concurrent copies across two instances exactly once',
    async () => {
      const other = await openDatabase(engine.config, engine.options);
      try {
        const repos = [repo, createOrdersRepo(other.db, ids)];
        await repo.insert(order('T00000040', 'key-race-1'));
        const n = { id: 'race-1', eventType: 'TRANSACTION.SUCCESS', outTradeNo: 'T00000040' };
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => repos[i % 2]!.processPayment(n, pays(), at(1))),
        );
        expect(results.filter((r) => r === 'applied')).toHaveLength(1);
        expect(results.filter((r) => r === 'duplicate')).toHaveLength(39);
        expect(await repo.events('T00000040')).toHaveLength(1);
      } finally {
        await other.close();
      }
    },
  );
});
