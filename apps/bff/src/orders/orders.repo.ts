import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, OrderEventsTable } from '../db/schema.js';
import { createOrderStatements } from './orders.sql.js';
import { applyOrderTransition } from './orders.transitions.js';
import type {
  IncomingPayment,
  NewOrder,
  OrderRecord,
  OrderTransition,
  OrderTransitionContext,
  Owner,
  PaymentOutcome,
} from './orders.types.js';

/** What a payment notification does to the order it names, decided on the row read in the transaction. */
export interface PaymentJudge {
  matches(row: OrderRecord): boolean;
  transition(row: OrderRecord): OrderTransition;
}

export interface OrdersRepo {
  /**
   * The new row; undefined when the out_trade_no or the owner's idempotency key is taken (nothing
   * written). `leaseUntil`: the row is born with the right to call WeChat Pay (see `claimLease`).
   */
  insert(row: NewOrder, leaseUntil?: string): Promise<OrderRecord | undefined>;
  findByNo(outTradeNo: string): Promise<OrderRecord | undefined>;
  findOwned(outTradeNo: string, owner: Owner): Promise<OrderRecord | undefined>;
  findByKey(owner: Owner, key: string): Promise<OrderRecord | undefined>;
  /** The owner's CREATED password-free orders of one product (what a forced NORMAL order closes first). */
  openPasswordFree(owner: Owner, productId: string): Promise<OrderRecord[]>;
  /** The right to call WeChat Pay's order API for an order without a prepay_id, until `until`. */
  claimLease(outTradeNo: string, now: string, until: string): Promise<boolean>;
  releaseLease(outTradeNo: string): Promise<void>;
  /** The order with its prepay_id; undefined when it already had one. */
  recordPrepay(outTradeNo: string, prepayId: string, now: string): Promise<OrderRecord | undefined>;
  /** The pay-redirect pre-sign `code` rides on this order's payment sheet. */
  recordSignAfterPay(outTradeNo: string, code: string, now: string): Promise<OrderRecord | undefined>;
  /** The right to ask the order query about a CREATED order: at most once per throttle window. */
  claimQuery(outTradeNo: string, now: string, lastQueriedBefore: string): Promise<boolean>;
  transition(
    outTradeNo: string,
    t: OrderTransition,
    ctx: Omit<OrderTransitionContext, 'newId'>,
  ): Promise<boolean>;
  /** Records the notification id and applies the payment in one transaction, once. */
  processPayment(n: IncomingPayment, judge: PaymentJudge, now: string): Promise<PaymentOutcome>;
  events(outTradeNo: string): Promise<Selectable<OrderEventsTable>[]>;
}

/** Thrown inside a notification's transaction to roll it back; never leaves the repo. */
const DUPLICATE = new Error('duplicate notification');

export function createOrdersRepo(db: Kysely<DatabaseSchema>, newId: () => string): OrdersRepo {
  const stmts = createOrderStatements(db);
  const one = async (name: 'orderByNo' | 'orderByKey', params: string[], on = db) =>
    (await stmts.rows<OrderRecord>(on, name, params))[0];

  return {
    async insert(r, leaseUntil) {
      const params = [
        r.out_trade_no,
        r.sub_mchid,
        r.sub_appid,
        r.sub_openid,
        r.idempotency_key,
        r.request_hash,
        r.product_id,
        r.description,
        r.amount_total,
        r.currency,
        r.pay_mode,
        r.out_contract_code ?? null,
        r.contract_id ?? null,
        r.expires_at,
        leaseUntil ?? null,
        r.created_at,
        r.created_at,
      ];
      return (await stmts.rows<OrderRecord>(db, 'insertOrder', params))[0];
    },
    findByNo: (no) => one('orderByNo', [no]),
    async findOwned(no, owner) {
      const row = await one('orderByNo', [no]);
      return row && row.sub_mchid === owner.sub_mchid && row.sub_openid === owner.sub_openid
        ? row
        : undefined;
    },
    findByKey: (owner, key) => one('orderByKey', [owner.sub_mchid, owner.sub_openid, key]),
    openPasswordFree: (owner, productId) =>
      stmts.rows<OrderRecord>(db, 'openPasswordFree', [owner.sub_mchid, owner.sub_openid, productId]),
    claimLease: async (no, now, until) =>
      (await stmts.changes(db, 'claimLease', [until, now, no, now])) === 1,
    async releaseLease(no) {
      await stmts.changes(db, 'releaseLease', [no]);
    },
    recordPrepay: async (no, prepayId, now) =>
      (await stmts.rows<OrderRecord>(db, 'recordPrepay', [prepayId, now, no]))[0],
    recordSignAfterPay: async (no, code, now) =>
      (await stmts.rows<OrderRecord>(db, 'recordSignAfterPay', [code, now, no]))[0],
    claimQuery: async (no, now, before) => (await stmts.changes(db, 'claimQuery', [now, no, before])) === 1,
    transition: (no, t, ctx) =>
      db.transaction().execute((trx) => applyOrderTransition(trx, stmts, no, t, { ...ctx, newId })),
    async processPayment(n, judge, now) {
      try {
        return await db.transaction().execute(async (trx): Promise<PaymentOutcome> => {
          const outcome = await decide(trx);
          // Last, so the id is written once with its outcome (as for contracts). A duplicate finds
          // the id taken (on PostgreSQL a concurrent one first waits on the order row) and undoes
          // what it wrote.
          const record = [n.id, n.eventType.slice(0, 64), n.outTradeNo, outcome, now];
          if ((await stmts.rows(trx, 'recordNotification', record)).length === 0) throw DUPLICATE;
          return outcome;
        });
      } catch (error) {
        if (error === DUPLICATE) return 'duplicate';
        throw error;
      }

      async function decide(on: Kysely<DatabaseSchema>): Promise<PaymentOutcome> {
        const row = await one('orderByNo', [n.outTradeNo], on);
        if (!row) return 'unknown_order';
        if (!judge.matches(row)) return 'mismatch';
        if (row.state === 'CLOSED') return 'paid_after_close';
        if (row.state !== 'CREATED') return 'unchanged';
        const ctx = { source: 'notification', notificationId: n.id, now, newId } as const;
        if (await applyOrderTransition(on, stmts, row.out_trade_no, judge.transition(row), ctx)) {
          return 'applied';
        }
        // Another writer moved it since the read (a close, or the same payment by query).
        const latest = (await one('orderByNo', [n.outTradeNo], on)) ?? row;
        return latest.state === 'CLOSED' ? 'paid_after_close' : 'unchanged';
      }
    },
    events: (no) =>
      db.selectFrom('order_events').selectAll().where('out_trade_no', '=', no).orderBy('at').execute(),
  };
}
