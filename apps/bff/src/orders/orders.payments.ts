import type { TransactionNotification } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { iso, normalizeTime } from '../lib/time.js';
import { transactionMatches } from './orders.match.js';
import type { OrdersRepo } from './orders.repo.js';
import type { PaymentOutcome } from './orders.types.js';

export type PaymentNotifications = ReturnType<typeof createPaymentNotifications>;

/** TRANSACTION.SUCCESS → the order it names, once; what cannot be applied is recorded and alerted. */
export function createPaymentNotifications(repo: OrdersRepo, spMchid: string, now: () => number) {
  return {
    async apply(n: TransactionNotification, log: FastifyBaseLogger): Promise<PaymentOutcome> {
      const tx = n.payload;
      const fields = { notificationId: n.id, outTradeNo: tx.out_trade_no, transactionId: tx.transaction_id };
      const outcome = await repo.processPayment(
        { id: n.id, eventType: n.eventType, outTradeNo: tx.out_trade_no },
        {
          matches: (row) => transactionMatches(row, tx, spMchid),
          transition: () => ({
            to: 'PAID',
            transactionId: tx.transaction_id,
            paidAt: normalizeTime(tx.success_time, now()),
          }),
        },
        iso(now()),
      );
      // Error level: each of these is money WeChat Pay moved that our records do not show as paid.
      if (outcome === 'mismatch') log.error(fields, 'payment notification does not match the order');
      if (outcome === 'paid_after_close')
        log.error(fields, 'payment notification for a closed order: reconcile');
      if (outcome === 'unknown_order') log.error(fields, 'payment notification for an unknown order');
      return outcome;
    },
  };
}
