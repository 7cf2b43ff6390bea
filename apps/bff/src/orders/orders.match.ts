import type { PartnerTransaction } from '@kit/contract-types';
import { iso, normalizeTime } from '../lib/time.js';
import type { OrderRecord, OrderTransition } from './orders.types.js';

/**
 * A payment counts for our order only when WeChat's own record names the same merchants, order,
 * amount, currency and payer: a signed plaintext for 1 fen must not pay a 100-yuan order.
 */
export function transactionMatches(row: OrderRecord, tx: PartnerTransaction, spMchid: string): boolean {
  return (
    tx.sp_mchid === spMchid &&
    tx.sub_mchid === row.sub_mchid &&
    tx.out_trade_no === row.out_trade_no &&
    tx.amount?.total === Number(row.amount_total) &&
    tx.amount?.currency === row.currency &&
    tx.payer?.sub_openid === row.sub_openid
  );
}

/** What a matching transaction says about the order; undefined while it is still payable. */
export function transitionFromTransaction(
  tx: PartnerTransaction,
  nowMs: number,
): OrderTransition | undefined {
  switch (tx.trade_state) {
    // REFUND: it was paid first; the refund is another record's business.
    case 'SUCCESS':
    case 'REFUND':
      return { to: 'PAID', transactionId: tx.transaction_id, paidAt: normalizeTime(tx.success_time, nowMs) };
    case 'CLOSED':
    case 'REVOKED':
      return { to: 'CLOSED', closedAt: iso(nowMs), reason: `WECHAT_${tx.trade_state}` };
    default:
      return undefined;
  }
}
