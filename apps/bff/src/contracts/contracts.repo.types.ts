import type { Insertable, Selectable } from 'kysely';
import type { ContractEventsTable, ContractsTable } from '../db/schema.js';
import type {
  ContractRecord,
  NotificationDecision,
  Transition,
  TransitionContext,
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

export interface PresignLookup {
  signed: ContractRecord | undefined;
  presigned: ContractRecord[];
  pending: ContractRecord | undefined;
}
