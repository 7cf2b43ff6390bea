import type { ContractState } from '@kit/contract-types';
import type { Selectable } from 'kysely';
import type { ContractsTable } from '../db/schema.js';

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
  /** Told of each change this call made (inside the transaction: report it only after commit). */
  onApplied?: ((from: ContractState, to: ContractState) => void) | undefined;
}

/** Told of every committed state change (metrics); orders use it with their own states. */
export type TransitionObserver<S extends string = ContractState> = (from: S, to: S, source: string) => void;

/** What the query API said: `known: false` = WeChat Pay has no such contract (not signed, or never). */
export type Learned = { known: false } | { known: true; transition: Transition | undefined };

/** What a notification means for its contract, decided before the transaction. */
export type NotificationDecision =
  | { kind: 'not_contract_event' }
  | {
      kind: 'contract_event';
      transition: Transition | undefined;
      /** The plaintext itself, or the query API that the plaintext prompted. */
      source: 'notification' | 'query';
    };
