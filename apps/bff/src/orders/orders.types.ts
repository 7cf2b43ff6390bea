import type { Insertable, Selectable } from 'kysely';
import type { OrdersTable } from '../db/schema.js';

export type OrderRecord = Selectable<OrdersTable>;

export type NewOrder = Omit<
  Insertable<OrdersTable>,
  | 'state'
  | 'prepay_id'
  | 'transaction_id'
  | 'paid_at'
  | 'closed_at'
  | 'close_reason'
  | 'sign_contract_code'
  | 'sign_after_pay'
  | 'upstream_lease_until'
  | 'last_queried_at'
  | 'updated_at'
>;

/** What WeChat Pay (a notification, the order query, the close call) told us about an order. */
export type OrderTransition =
  | { to: 'PAID'; transactionId: string | undefined; paidAt: string }
  | { to: 'CLOSED'; closedAt: string; reason: string };

export interface OrderTransitionContext {
  source: 'notification' | 'query' | 'close' | 'create';
  notificationId?: string | undefined;
  now: string;
  newId: () => string;
}

export interface Owner {
  sub_mchid: string;
  sub_openid: string;
}

export interface IncomingPayment {
  id: string;
  eventType: string;
  outTradeNo: string;
}

/**
 * `duplicate`: the id was processed before. `mismatch`: the plaintext names another amount, payer or
 * merchant than our order. `paid_after_close`: WeChat took the money for an order we had closed.
 */
export type PaymentOutcome =
  | 'duplicate'
  | 'applied'
  | 'unchanged'
  | 'mismatch'
  | 'paid_after_close'
  | 'unknown_order';
