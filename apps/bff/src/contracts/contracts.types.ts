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
}

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
