import type { ContractState } from '@kit/contract-types';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ContractsTable, DatabaseSchema } from './db/schema.js';

export type ContractRecord = Selectable<ContractsTable>;

/** What WeChat Pay (a notification, the query API, our terminate call) told us about a contract. */
export type Transition =
  | { to: 'SIGNED'; contractId?: string | undefined; signedAt: string }
  | {
      to: 'TERMINATED';
      contractId?: string | undefined;
      signedAt?: string | undefined;
      terminatedAt: string;
      mode?: string | undefined;
      remark?: string | undefined;
    }
  | { to: 'EXPIRED' };

export interface TransitionContext {
  source: 'notification' | 'query' | 'terminate';
  notificationId?: string | undefined;
  now: string;
  newId: () => string;
}

/** States only move forward. TERMINATED may follow PRESIGNED directly when the SIGNED news was lost. */
const ALLOWED_FROM: Record<Transition['to'], readonly ContractState[]> = {
  SIGNED: ['PRESIGNED'],
  TERMINATED: ['PRESIGNED', 'SIGNED'],
  EXPIRED: ['PRESIGNED'],
};

function changes(row: ContractRecord, t: Transition, now: string): Updateable<ContractsTable> {
  const base = { state: t.to, updated_at: now } as const;
  switch (t.to) {
    case 'SIGNED':
      return { ...base, contract_id: t.contractId ?? row.contract_id, signed_at: t.signedAt };
    case 'TERMINATED':
      return {
        ...base,
        contract_id: row.contract_id ?? t.contractId ?? null,
        signed_at: row.signed_at ?? t.signedAt ?? null,
        terminated_at: t.terminatedAt,
        termination_mode: t.mode ?? null,
        termination_remark: t.remark ?? null,
      };
    case 'EXPIRED':
      return base;
  }
}

/**
 * Applies a transition with a conditional UPDATE (`WHERE state = <the state we read>`): when two
 * instances race, the database lets exactly one of them match; the loser re-reads and re-decides.
 * Run it inside the caller's transaction when it must be atomic with other writes.
 * Returns true when this call changed the row.
 */
export async function applyTransition(
  db: Kysely<DatabaseSchema>,
  code: string,
  t: Transition,
  ctx: TransitionContext,
): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await db
      .selectFrom('contracts')
      .selectAll()
      .where('out_contract_code', '=', code)
      .executeTakeFirst();
    if (!row || !ALLOWED_FROM[t.to].includes(row.state)) return false;
    const result = await db
      .updateTable('contracts')
      .set(changes(row, t, ctx.now))
      .where('out_contract_code', '=', code)
      .where('state', '=', row.state)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      await db
        .insertInto('contract_events')
        .values({
          id: ctx.newId(),
          out_contract_code: code,
          from_state: row.state,
          to_state: t.to,
          source: ctx.source,
          notification_id: ctx.notificationId ?? null,
          at: ctx.now,
        })
        .execute();
      return true;
    }
  }
  return false;
}
