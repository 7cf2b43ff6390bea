import type { Insertable, Kysely, Selectable } from 'kysely';
import {
  applyTransition,
  type ContractRecord,
  type Transition,
  type TransitionContext,
} from './contracts.transitions.js';
import type { ContractEventsTable, ContractsTable, DatabaseSchema } from './db/schema.js';

export type { ContractRecord, Transition } from './contracts.transitions.js';

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

/** `duplicate`: the id was processed before; nothing else was touched. */
export type NotificationOutcome = 'duplicate' | 'applied' | 'unchanged' | 'unknown_contract';

export interface ContractsRepo {
  insertPending(row: NewContract, now: string): Promise<boolean>;
  recordPresign(code: string, result: PresignResult, now: string): Promise<void>;
  findByCode(code: string): Promise<ContractRecord | undefined>;
  findOwned(code: string, owner: Owner): Promise<ContractRecord | undefined>;
  /** The owner's most recent contract that reached WeChat Pay (pending pre-signs are skipped). */
  findLatest(owner: Owner): Promise<ContractRecord | undefined>;
  findSigned(owner: Owner): Promise<ContractRecord | undefined>;
  findPresigned(owner: Owner, displayAccount: string): Promise<ContractRecord | undefined>;
  findPending(
    owner: Owner,
    displayAccount: string,
    createdAfter: string,
  ): Promise<ContractRecord | undefined>;
  /** Claims the right to ask WeChat Pay about a PRESIGNED contract: at most once per throttle window. */
  claimQuery(code: string, now: string, lastQueriedBefore: string): Promise<boolean>;
  transition(code: string, t: Transition, ctx: Omit<TransitionContext, 'newId'>): Promise<boolean>;
  /** Records the notification id and applies its transition in one transaction. */
  processNotification(
    n: IncomingNotification,
    t: Transition | undefined,
    now: string,
  ): Promise<NotificationOutcome>;
  events(code: string): Promise<Selectable<ContractEventsTable>[]>;
}

export function createContractsRepo(db: Kysely<DatabaseSchema>, newId: () => string): ContractsRepo {
  const owned = (owner: Owner) =>
    db
      .selectFrom('contracts')
      .selectAll()
      .where('sub_mchid', '=', owner.sub_mchid)
      .where('sub_openid', '=', owner.sub_openid);

  return {
    async insertPending(row, now) {
      const inserted = await db
        .insertInto('contracts')
        .values({ ...row, state: 'PRESIGNED', pre_entrustweb_id: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('out_contract_code').doNothing())
        .returning('out_contract_code')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async recordPresign(code, result, now) {
      await db
        .updateTable('contracts')
        .set({ ...result, updated_at: now })
        .where('out_contract_code', '=', code)
        .where('state', '=', 'PRESIGNED')
        .execute();
    },
    findByCode: (code) =>
      db.selectFrom('contracts').selectAll().where('out_contract_code', '=', code).executeTakeFirst(),
    findOwned: (code, owner) => owned(owner).where('out_contract_code', '=', code).executeTakeFirst(),
    findLatest: (owner) =>
      owned(owner)
        .where((eb) => eb.or([eb('state', '!=', 'PRESIGNED'), eb('pre_entrustweb_id', 'is not', null)]))
        .orderBy('created_at', 'desc')
        .orderBy('out_contract_code', 'desc')
        .limit(1)
        .executeTakeFirst(),
    findSigned: (owner) =>
      owned(owner).where('state', '=', 'SIGNED').orderBy('created_at', 'desc').limit(1).executeTakeFirst(),
    findPresigned: (owner, displayAccount) =>
      owned(owner)
        .where('state', '=', 'PRESIGNED')
        .where('pre_entrustweb_id', 'is not', null)
        .where('contract_display_account', '=', displayAccount)
        .orderBy('presign_expires_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    findPending: (owner, displayAccount, createdAfter) =>
      owned(owner)
        .where('state', '=', 'PRESIGNED')
        .where('pre_entrustweb_id', 'is', null)
        .where('contract_display_account', '=', displayAccount)
        .where('created_at', '>', createdAfter)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
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
    transition: (code, t, ctx) =>
      db.transaction().execute((trx) => applyTransition(trx, code, t, { ...ctx, newId })),
    processNotification: (n, t, now) =>
      db.transaction().execute(async (trx): Promise<NotificationOutcome> => {
        // The primary key is the lock: a concurrent duplicate waits here, then inserts nothing.
        const claimed = await trx
          .insertInto('processed_notifications')
          .values({
            id: n.id,
            event_type: n.eventType.slice(0, 64),
            out_contract_code: n.outContractCode ?? null,
            outcome: 'received',
            received_at: now,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!claimed) return 'duplicate';
        const code = n.outContractCode;
        const exists =
          code !== undefined &&
          (await trx
            .selectFrom('contracts')
            .select('out_contract_code')
            .where('out_contract_code', '=', code)
            .executeTakeFirst()) !== undefined;
        let outcome: NotificationOutcome = 'unknown_contract';
        if (exists && code !== undefined) {
          const ctx = { source: 'notification', notificationId: n.id, now, newId } as const;
          outcome = t && (await applyTransition(trx, code, t, ctx)) ? 'applied' : 'unchanged';
        }
        await trx.updateTable('processed_notifications').set({ outcome }).where('id', '=', n.id).execute();
        return outcome;
      }),
    events: (code) =>
      db
        .selectFrom('contract_events')
        .selectAll()
        .where('out_contract_code', '=', code)
        .orderBy('at')
        .execute(),
  };
}
