import type { ContractView } from '@kit/contract-types/types';
import type { ApiError } from '../services/api-error';

/** What the user sees after coming back from the signing mini program. */
export type ReturnState =
  | { kind: 'idle' }
  | { kind: 'confirming'; code: string }
  | { kind: 'signed'; code: string; contract: ContractView }
  | { kind: 'not_completed'; code: string }
  | { kind: 'pending'; code: string; refreshing?: true }
  | { kind: 'error'; code: string; error: ApiError; refreshing?: true };

type Listener = () => void;

let state: ReturnState = { kind: 'idle' };
const listeners = new Set<Listener>();

/** A tiny external store: the return is handled outside React (app level) and read by pages. */
export const returnStore = {
  get: (): ReturnState => state,
  set(next: ReturnState): void {
    state = next;
    for (const listener of listeners) listener();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
