import type { ContractState } from '@kit/contract-types';
import { type Kysely, sql } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import type { ContractsRepo, NotificationOutcome, Owner } from './contracts.repo.types.js';
import { createStatements } from './contracts.sql.js';
import { applyTransition } from './contracts.transitions.js';
import type { ContractRecord, TransitionObserver } from './contracts.types.js';

/** Collects a transaction's changes; `report` them once it committed. */
function tracker(observe: TransitionObserver | undefined) {
  const applied: [ContractState, ContractState][] = [];
  return {
    onApplied: (from: ContractState, to: ContractState) => void applied.push([from, to]),
    report(source: string) {
      for (const [from, to] of applied) observe?.(from, to, source);
    },
  };
}

/** Thrown inside a notification's transaction to roll it back; never leaves the repo. */
const DUPLICATE = new Error('duplicate notification');

export function createContractsRepo(
  db: Kysely<DatabaseSchema>,
  newId: () => string,
  observe?: TransitionObserver,
): ContractsRepo {
  const stmts = createStatements(db);
  const owned = (owner: Owner) =>
    db
      .selectFrom('contracts')
      .selectAll()
      .where('sub_mchid', '=', owner.sub_mchid)
      .where('sub_openid', '=', owner.sub_openid);

  return {
    async insertPending(row, now) {
      const { out_contract_code: code, sub_mchid, sub_appid, sub_openid, service_id } = row;
      const params = [code, sub_mchid, sub_appid, sub_openid, service_id, row.contract_display_account];
      const origin = row.origin ?? 'MINI_PROGRAM';
      return (await stmts.changes(db, 'insertPending', [...params, origin, now, now])) === 1;
    },
    findSigned: async (owner) => (await stmts.rows(db, 'signedOf', [owner.sub_mchid, owner.sub_openid]))[0],
    async recordPayRedirect(code, expiresAt, now) {
      await db
        .updateTable('contracts')
        .set({ presign_expires_at: expiresAt, updated_at: now })
        .where('out_contract_code', '=', code)
        .where('state', '=', 'PRESIGNED')
        .execute();
    },
    async markQueried(code, now) {
      await db
        .updateTable('contracts')
        .set({ last_queried_at: now })
        .where('out_contract_code', '=', code)
        .execute();
    },
    async recordPresign(code, r, now) {
      const { pre_entrustweb_id, sign_mp_appid, sign_mp_path, presign_expires_at } = r;
      const params = [pre_entrustweb_id, sign_mp_appid, sign_mp_path, presign_expires_at, now, code];
      await stmts.changes(db, 'recordPresign', params);
    },
    findByCode: async (code) => (await stmts.rows(db, 'contractByCode', [code]))[0],
    findOwned: (code, owner) => owned(owner).where('out_contract_code', '=', code).executeTakeFirst(),
    findStatus: (owner) =>
      owned(owner)
        .where('state', 'in', ['SIGNED', 'TERMINATED'])
        .orderBy(sql`case when state = 'SIGNED' then 0 else 1 end`)
        .orderBy(sql`case when state = 'SIGNED' then signed_at else terminated_at end`, 'desc')
        .orderBy('updated_at', 'desc')
        .orderBy('out_contract_code', 'desc')
        .limit(1)
        .executeTakeFirst(),
    findPresigned: (owner, limit) =>
      owned(owner)
        .where('state', '=', 'PRESIGNED')
        .where('presign_expires_at', 'is not', null)
        .orderBy('presign_expires_at', 'desc')
        .limit(limit)
        .execute(),
    async presignLookup(o, display, createdAfter) {
      const who = [o.sub_mchid, o.sub_openid];
      const params = [...who, ...who, ...who, display, createdAfter];
      const rows = await stmts.rows<ContractRecord & { kind: string }>(db, 'presignLookup', params);
      const all = (kind: string): ContractRecord[] =>
        rows.filter((r) => r.kind === kind).map(({ kind: _kind, ...record }) => record);
      return { signed: all('signed')[0], presigned: all('presigned'), pending: all('pending')[0] };
    },
    async claimQuery(code, now, lastQueriedBefore) {
      const result = await db
        .updateTable('contracts')
        .set({ last_queried_at: now })
        .where('out_contract_code', '=', code)
        .where('state', '=', 'PRESIGNED')
        .where((eb) =>
          eb.or([eb('last_queried_at', 'is', null), eb('last_queried_at', '<=', lastQueriedBefore)]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async transition(code, t, ctx) {
      const tracked = tracker(observe);
      const context = { ...ctx, newId, onApplied: tracked.onApplied };
      const changed = await db.transaction().execute((trx) => applyTransition(trx, stmts, code, t, context));
      tracked.report(ctx.source);
      return changed;
    },
    async processNotification(n, decision, now, known) {
      const tracked = tracker(observe);
      const onApplied = tracked.onApplied;
      let result: NotificationOutcome;
      try {
        result = await db.transaction().execute(async (trx): Promise<NotificationOutcome> => {
          const code = n.outContractCode ?? null;
          // Contracts are never deleted: a row read before still exists.
          const row =
            code === null || decision.kind === 'not_contract_event'
              ? undefined
              : known?.out_contract_code === code
                ? known
                : (await stmts.rows(trx, 'contractByCode', [code]))[0];
          let outcome: NotificationOutcome =
            decision.kind === 'not_contract_event' ? 'not_contract_event' : 'unknown_contract';
          if (row && code !== null && decision.kind === 'contract_event') {
            const t = decision.transition;
            const ctx = { source: decision.source, notificationId: n.id, now, newId, onApplied };
            outcome = t && (await applyTransition(trx, stmts, code, t, ctx, row)) ? 'applied' : 'unchanged';
          }
          // Last, so the id is written once with its outcome. A duplicate finds the id taken (on
          // PostgreSQL a concurrent one waits on the contract row or the key, then finds it) and
          // undoes what it wrote: nothing else is touched.
          const record = [n.id, n.eventType.slice(0, 64), code, outcome, now];
          if ((await stmts.rows(trx, 'recordNotification', record)).length === 0) throw DUPLICATE;
          return outcome;
        });
      } catch (error) {
        // Rolled back: a transition it applied did not happen, so none is reported.
        if (error === DUPLICATE) return 'duplicate';
        throw error;
      }
      tracked.report(decision.kind === 'contract_event' ? decision.source : 'notification');
      return result;
    },
    events: (code) =>
      db
        .selectFrom('contract_events')
        .selectAll()
        .where('out_contract_code', '=', code)
        .orderBy('at')
        // States only move forward, so within one instant the from-state orders a record's events.
        .orderBy(sql`case from_state when 'PRESIGNED' then 0 when 'SIGNED' then 1 else 2 end`)
        .execute(),
  };
}
