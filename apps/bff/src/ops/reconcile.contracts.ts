import { sql } from 'kysely';
import type { ContractSync } from '../contracts/contracts.sync.js';
import type { ContractRecord } from '../contracts/contracts.types.js';
import type { Database } from '../db/database.js';
import { iso } from '../lib/time.js';
import type { ReconcileTask } from './reconciler.js';

/**
 * PRESIGNED contracts that reached WeChat Pay, pre-signed before `presignedBefore`, not asked
 * about since `notQueriedSince`: never asked first (oldest first), then the longest unasked, so a
 * batch full of still-unsigned pre-signs cannot starve the rest.
 */
export function findUnsettled(
  database: Database,
  presignedBefore: string,
  notQueriedSince: string,
  limit: number,
): Promise<ContractRecord[]> {
  return database.db
    .selectFrom('contracts')
    .selectAll()
    .where('state', '=', 'PRESIGNED')
    .where('pre_entrustweb_id', 'is not', null)
    .where('updated_at', '<=', presignedBefore)
    .where((eb) => eb.or([eb('last_queried_at', 'is', null), eb('last_queried_at', '<=', notQueriedSince)]))
    .orderBy(sql`case when last_queried_at is null then 0 else 1 end`)
    .orderBy('last_queried_at')
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/**
 * Asks WeChat Pay about each unsettled pre-sign through the same `sync.refresh` the routes use:
 * the same claim (one asker per record per interval, across instances), the same transitions
 * (one conditional update plus one event, in one transaction) and EXPIRED once WeChat Pay does not
 * know a pre-sign past its expiry.
 */
export function reconcileContracts(database: Database, sync: ContractSync, minAgeMs: number): ReconcileTask {
  return async (pass) => {
    const now = pass.now();
    const rows = await findUnsettled(database, iso(now - minAgeMs), iso(now - pass.intervalMs), pass.batch);
    await pass.each(rows, async (row) => {
      const after = await sync.refresh(row, pass.log, pass.intervalMs);
      pass.found('contract', after.state === row.state ? 'unchanged' : after.state.toLowerCase());
    });
  };
}
