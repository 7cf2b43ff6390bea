import type { ContractState } from '@kit/contract-types';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { ContractEventsTable, ContractsTable, DatabaseSchema } from '../db/schema.js';
import { createStatements } from './contracts.sql.js';
import { applyTransition } from './contracts.transitions.js';
import type {
  ContractRecord,
  NotificationDecision,
  Transition,
  TransitionContext,
  TransitionObserver,
} from './contracts.types.js';

export interface Owner {
  sub_mchid: string;
  sub_openid: string;
}

export type NewContract = Omit<
  Insertable<ContractsTable>,
  'state' | 'created_at' | 'updated_at' | 'pre_entrustweb_id'
>;

export interface PresignResult {
  pre_entrustweb_id: string;
  sign_mp_appid: string;
  sign_mp_path: string;
  presign_expires_at: string;
}

export interface IncomingNotification {
  id: string;
  eventType: string;
  outContractCode: string | undefined;
}

/**
 * `duplicate`: the id was processed before; nothing else was touched. `not_contract_event`: a
 * payment or refund event naming a contract code; recorded, never applied to the contract.
 */
export type NotificationOutcome =
  | 'duplicate'
  | 'applied'
  | 'unchanged'
  | 'unknown_contract'
  | 'not_contract_event';

export interface ContractsRepo {
  insertPending(row: NewContract, now: string): Promise<boolean>;
  recordPresign(code: string, result: PresignResult, now: string): Promise<void>;
  findByCode(code: string): Promise<ContractRecord | undefined>;
  findOwned(code: string, owner: Owner): Promise<ContractRecord | undefined>;
  /** The owner's SIGNED contract with this sub-merchant, if any (what a password-free order uses). */
  findSigned(owner: Owner): Promise<ContractRecord | undefined>;
  /** A pay-redirect pre-sign accepted by WeChat Pay: signable on the payment sheet until `expiresAt`. */
  recordPayRedirect(code: string, expiresAt: string, now: string): Promise<void>;
  /** When WeChat Pay last confirmed a contract (a SIGNED one is re-checked before it pays). */
  markQueried(code: string, now: string): Promise<void>;
  /**
   * The owner's status: the newest SIGNED contract, else the latest TERMINATED one. Pre-signs that
   * were never signed (PRESIGNED, EXPIRED) are not a status.
   */
  findStatus(owner: Owner): Promise<ContractRecord | undefined>;
  /**
   * The owner's PRESIGNED contracts that reached WeChat Pay (either origin: a pay-redirect one has
   * no pre_entrustweb_id), the latest expiry first.
   */
  findPresigned(owner: Owner, limit: number): Promise<ContractRecord[]>;
  /**
   * What a pre-sign needs in one query: the owner's SIGNED contract, the PRESIGNED ones that reached
   * WeChat Pay (latest expiry first, any display account), and the pending one for `displayAccount`
   * (no pre_entrustweb_id, created after `createdAfter`) to retry.
   */
  presignLookup(owner: Owner, displayAccount: string, createdAfter: string): Promise<PresignLookup>;
  /** Claims the right to ask WeChat Pay about a PRESIGNED contract: at most once per throttle window. */
  claimQuery(code: string, now: string, lastQueriedBefore: string): Promise<boolean>;
  transition(code: string, t: Transition, ctx: Omit<TransitionContext, 'newId'>): Promise<boolean>;
  /**
   * Records the notification id and applies its transition in one transaction. `known`: the
   * contract row as read before (saves a read; the conditional update catches a stale one).
   */
  processNotification(
    n: IncomingNotification,
    decision: NotificationDecision,
    now: string,
    known?: ContractRecord,
  ): Promise<NotificationOutcome>;
  events(code: string): Promise<Selectable<ContractEventsTable>[]>;
}

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

export interface PresignLookup {
  signed: ContractRecord | undefined;
  presigned: ContractRecord[];
  pending: ContractRecord | undefined;
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
