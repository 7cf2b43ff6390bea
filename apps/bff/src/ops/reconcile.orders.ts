import type { Database } from '../db/database.js';
import { iso } from '../lib/time.js';
import type { OrderSync } from '../orders/orders.sync.js';
import type { OrderRecord } from '../orders/orders.types.js';
import type { ReconcileTask } from './reconciler.js';

/**
 * CREATED orders older than `createdBefore` or past their expiry (`now`), not asked about since
 * `notQueriedSince`: never asked first (oldest first), then the longest unasked.
 */
export function findUnsettledOrders(
  database: Database,
  createdBefore: string,
  now: string,
  notQueriedSince: string,
  limit: number,
): Promise<OrderRecord[]> {
  return database.db
    .selectFrom('orders')
    .selectAll()
    .where('state', '=', 'CREATED')
    .where((eb) => eb.or([eb('created_at', '<=', createdBefore), eb('expires_at', '<=', now)]))
    .where((eb) => eb.or([eb('last_queried_at', 'is', null), eb('last_queried_at', '<=', notQueriedSince)]))
    .orderBy((eb) => eb.case().when('last_queried_at', 'is', null).then(0).else(1).end())
    .orderBy('last_queried_at')
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/**
 * Through the same `sync.refresh` the order routes use: past its expiry an order is closed with the
 * close API (CLOSED, or PAID when WeChat Pay says it was paid), otherwise the order query decides;
 * one conditional update plus one event per change, one asker per order per interval.
 */
export function reconcileOrders(database: Database, sync: OrderSync, minAgeMs: number): ReconcileTask {
  return async (pass) => {
    const now = pass.now();
    const rows = await findUnsettledOrders(
      database,
      iso(now - minAgeMs),
      iso(now),
      iso(now - pass.intervalMs),
      pass.batch,
    );
    await pass.each(rows, async (row) => {
      const after = await sync.refresh(row, pass.log, pass.intervalMs);
      pass.found('order', after.state === row.state ? 'unchanged' : after.state.toLowerCase());
    });
  };
}
