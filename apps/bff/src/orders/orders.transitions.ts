import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import type { OrderStatements } from './orders.sql.js';
import type { OrderTransition, OrderTransitionContext } from './orders.types.js';

/**
 * CREATED → PAID | CLOSED, nothing else: one conditional UPDATE (`WHERE state = 'CREATED'`) plus one
 * order_events row. Two instances racing (a notification and a close) cannot both match: exactly one
 * wins, the other sees false and re-reads. Run inside the caller's transaction.
 */
export async function applyOrderTransition(
  db: Kysely<DatabaseSchema>,
  stmts: OrderStatements,
  outTradeNo: string,
  t: OrderTransition,
  ctx: OrderTransitionContext,
): Promise<boolean> {
  const changed =
    t.to === 'PAID'
      ? await stmts.changes(db, 'paid', [t.transactionId ?? null, t.paidAt, ctx.now, outTradeNo])
      : await stmts.changes(db, 'closed', [t.closedAt, t.reason.slice(0, 32), ctx.now, outTradeNo]);
  if (changed !== 1) return false;
  await stmts.changes(db, 'insertEvent', [
    ctx.newId(),
    outTradeNo,
    'CREATED',
    t.to,
    ctx.source,
    ctx.notificationId ?? null,
    ctx.now,
  ]);
  return true;
}
