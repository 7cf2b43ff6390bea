import { type CreateOrderResponse, CURRENCY, type OrderView, type PaymentParams } from '@kit/contract-types';
import type { OrderRecord } from './orders.types.js';

/** Row → the JSON the mini program sees; absent values are omitted, never null. */
export function toOrderView(row: OrderRecord): OrderView {
  const view: OrderView = {
    out_trade_no: row.out_trade_no,
    state: row.state,
    pay_mode: row.pay_mode,
    product_id: row.product_id,
    description: row.description,
    amount_total: Number(row.amount_total),
    currency: CURRENCY,
    expires_at: row.expires_at,
  };
  if (row.transaction_id) view.transaction_id = row.transaction_id;
  if (row.paid_at) view.paid_at = row.paid_at;
  if (row.closed_at) view.closed_at = row.closed_at;
  return view;
}

export function toCreateOrderResponse(row: OrderRecord, payment: PaymentParams): CreateOrderResponse {
  return { ...toOrderView(row), payment, sign_after_pay: Number(row.sign_after_pay) === 1 };
}
