import type { HomeEvent } from './home.events';
import { answered, failed, initialLoadable, type Loadable, started } from './loadable';
import { failureMessage, type PageMessage } from './page-message';

/** The login (value `true` once logged in). Nothing else can be asked before it. */
export type SessionSlice = Loadable<true>;

/** Login starts at launch: busy from the first render. */
export const initialSession: SessionSlice = { ...initialLoadable<true>(), busy: true, rev: 1 };

// One login at a time (ensureSession shares it), so every answer belongs to the latest start.
export function sessionReducer(s: SessionSlice, e: HomeEvent): SessionSlice {
  switch (e.type) {
    case 'session/started':
      return started(s, true);
    case 'session/ready':
      return answered(s, s.rev, true);
    case 'session/failed':
      return failed<true>({ ...s, value: undefined }, s.rev, e.error);
    default:
      return s;
  }
}

export function sessionMessage(s: SessionSlice): PageMessage | undefined {
  return s.error ? failureMessage(s.error, 'retrySession', s.busy) : undefined;
}
