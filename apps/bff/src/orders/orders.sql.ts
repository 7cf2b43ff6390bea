import type { Kysely } from 'kysely';
import type { DatabaseSchema, OrdersTable } from '../db/schema.js';
import { columnList, type FixedStatements, fixedStatements } from '../db/statements.js';

const ROW = columnList<OrdersTable>({
  out_trade_no: true,
  sub_mchid: true,
  sub_appid: true,
  sub_openid: true,
  idempotency_key: true,
  request_hash: true,
  product_id: true,
  description: true,
  amount_total: true,
  currency: true,
  pay_mode: true,
  out_contract_code: true,
  contract_id: true,
  sign_contract_code: true,
  sign_after_pay: true,
  prepay_id: true,
  state: true,
  transaction_id: true,
  paid_at: true,
  closed_at: true,
  close_reason: true,
  expires_at: true,
  upstream_lease_until: true,
  last_queried_at: true,
  created_at: true,
  updated_at: true,
});

/** The order paths' statements (create, notification, transitions); only syntax both engines share. */
const TEXT = {
  insertOrder:
    'insert into orders (out_trade_no, sub_mchid, sub_appid, sub_openid, idempotency_key, request_hash, ' +
    'product_id, description, amount_total, currency, pay_mode, out_contract_code, contract_id, ' +
    'state, expires_at, upstream_lease_until, created_at, updated_at) ' +
    `values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'CREATED', ?, ?, ?, ?) on conflict do nothing returning ${ROW}`,
  orderByNo: `select ${ROW} from orders where out_trade_no = ?`,
  orderByKey: `select ${ROW} from orders where sub_mchid = ? and sub_openid = ? and idempotency_key = ?`,
  claimLease:
    'update orders set upstream_lease_until = ?, updated_at = ? where out_trade_no = ? and ' +
    "state = 'CREATED' and prepay_id is null and (upstream_lease_until is null or upstream_lease_until <= ?)",
  releaseLease: 'update orders set upstream_lease_until = null where out_trade_no = ?',
  recordPrepay:
    'update orders set prepay_id = ?, upstream_lease_until = null, updated_at = ? ' +
    `where out_trade_no = ? and prepay_id is null returning ${ROW}`,
  recordSignAfterPay:
    'update orders set sign_contract_code = ?, sign_after_pay = 1, updated_at = ? where out_trade_no = ? ' +
    `returning ${ROW}`,
  openPasswordFree:
    `select ${ROW} from orders where sub_mchid = ? and sub_openid = ? and product_id = ? ` +
    "and state = 'CREATED' and pay_mode = 'PASSWORD_FREE' order by created_at",
  claimQuery:
    "update orders set last_queried_at = ? where out_trade_no = ? and state = 'CREATED' " +
    'and (last_queried_at is null or last_queried_at <= ?)',
  paid:
    "update orders set state = 'PAID', transaction_id = ?, paid_at = ?, updated_at = ?, " +
    "upstream_lease_until = null where out_trade_no = ? and state = 'CREATED'",
  closed:
    "update orders set state = 'CLOSED', closed_at = ?, close_reason = ?, updated_at = ?, " +
    "upstream_lease_until = null where out_trade_no = ? and state = 'CREATED'",
  insertEvent:
    'insert into order_events (id, out_trade_no, from_state, to_state, source, notification_id, at) ' +
    'values (?, ?, ?, ?, ?, ?, ?)',
  /** Written last in its transaction, with the outcome: no row back means a duplicate. */
  recordNotification:
    'insert into processed_notifications (id, event_type, out_trade_no, outcome, received_at) ' +
    'values (?, ?, ?, ?, ?) on conflict (id) do nothing returning id',
} as const;

export type OrderStatementName = keyof typeof TEXT;
export type OrderStatements = FixedStatements<OrderStatementName>;

export const createOrderStatements = (db: Kysely<DatabaseSchema>): OrderStatements =>
  fixedStatements(db, 'orders', TEXT);
