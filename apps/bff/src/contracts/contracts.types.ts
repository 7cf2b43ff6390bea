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
