import type { ContractState } from '@kit/contract-types';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import type { StatementName, Statements } from './contracts.sql.js';
import type { ContractRecord, Transition, TransitionContext } from './contracts.types.js';

/** States only move forward. TERMINATED may follow PRESIGNED directly when the SIGNED news was lost. */
const ALLOWED_FROM: Record<Transition['to'], readonly ContractState[]> = {
  SIGNED: ['PRESIGNED'],
  TERMINATED: ['PRESIGNED', 'SIGNED'],
  EXPIRED: ['PRESIGNED'],
};

/** The conditional UPDATE for `t` (`where out_contract_code = ? and state = <read state>`). */
function update(row: ContractRecord, t: Transition, now: string): [StatementName, (string | null)[]] {
  const where = [row.out_contract_code, row.state];
  switch (t.to) {
    case 'SIGNED':
      return ['signed', [now, t.contractId ?? row.contract_id, t.signedAt, ...where]];
    case 'TERMINATED':
      return [
        'terminated',
        [
          now,
          row.contract_id ?? t.contractId ?? null,
          row.signed_at ?? t.signedAt ?? null,
          t.terminatedAt,
          t.mode ?? null,
          t.remark ?? null,
          ...where,
        ],
      ];
    case 'EXPIRED':
      return ['expired', [now, ...where]];
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
  stmts: Statements,
  code: string,
  t: Transition,
  ctx: TransitionContext,
  /** The row as the caller already read it: a stale one only costs a retry (the UPDATE is conditional). */
  known?: ContractRecord,
): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = attempt === 0 && known ? known : (await stmts.rows(db, 'contractByCode', [code]))[0];
    if (!row || !ALLOWED_FROM[t.to].includes(row.state)) return false;
    const [name, params] = update(row, t, ctx.now);
    if ((await stmts.changes(db, name, params)) === 1) {
      await stmts.changes(db, 'insertEvent', [
        ctx.newId(),
        code,
        row.state,
        t.to,
        ctx.source,
        ctx.notificationId ?? null,
        ctx.now,
      ]);
      ctx.onApplied?.(row.state, t.to);
      return true;
    }
  }
  return false;
}
