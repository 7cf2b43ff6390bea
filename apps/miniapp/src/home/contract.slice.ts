import type { ContractView, PresignResponse } from '@kit/contract-types/types';
import type { ReturnState } from '../return/return-store';
import type { ApiError } from '../services/api-error';
import type { HomeEvent } from './home.events';
import { answered, dropped, failed, initialLoadable, type Loadable, replaced, started } from './loadable';

/** The user's tap in flight, or how the last one failed; one at a time. */
export type ContractAction =
  | { kind: 'none' }
  | { kind: 'launching' }
  /** The user declined the jump; said once, ready again. */
  | { kind: 'cancelled' }
  /** The terminate confirmation is open: the consequence stated, nothing sent yet. */
  | { kind: 'askingTerminate' }
  | { kind: 'terminating' }
  | { kind: 'failed'; of: 'launch' | 'terminate'; error: ApiError };

export interface ContractSlice {
  /** GET /v1/contracts/current: null = no contract; the last answer stays while a reload runs. */
  status: Loadable<ContractView | null>;
  /** The pre-sign fetched before the tap. */
  presign: Loadable<PresignResponse>;
  /** The app-level return from the signing mini program, as return-store publishes it. */
  ret: ReturnState;
  action: ContractAction;
}

export const initialContract: ContractSlice = {
  status: initialLoadable(),
  presign: initialLoadable(),
  ret: { kind: 'idle' },
  action: { kind: 'none' },
};

const NONE: ContractAction = { kind: 'none' };

/** The slice with one field replaced; itself when nothing changed (an outdated answer). */
const withField = <K extends keyof ContractSlice>(c: ContractSlice, key: K, value: ContractSlice[K]) =>
  c[key] === value ? c : { ...c, [key]: value };

function onReturn(c: ContractSlice, ret: ReturnState): ContractSlice {
  // A confirmed signing is the status; a new return also ends the jump that led to it.
  const status = ret.kind === 'signed' ? replaced(c.status, ret.contract) : c.status;
  const action = ret.kind === 'confirming' ? NONE : c.action;
  return { ...c, ret, status, action };
}

export function contractReducer(c: ContractSlice, e: HomeEvent): ContractSlice {
  switch (e.type) {
    case 'status/started':
      return withField(c, 'status', started(c.status, true));
    case 'status/answered':
      return withField(c, 'status', answered(c.status, e.rev, e.contract));
    case 'status/failed':
      return withField(c, 'status', failed(c.status, e.rev, e.error));
    case 'presign/started':
      // Dropped, not kept: the old one is refreshed because it is close to expiry.
      return withField(c, 'presign', started(c.presign, false));
    case 'presign/answered':
      return withField(c, 'presign', answered(c.presign, e.rev, e.presign));
    case 'presign/failed':
      return withField(c, 'presign', failed(c.presign, e.rev, e.error));
    case 'presign/dropped':
      return withField(c, 'presign', dropped(c.presign));
    case 'return/changed':
      return onReturn(c, e.state);
    case 'launch/started':
      return { ...c, action: { kind: 'launching' } };
    case 'launch/ended':
    case 'page/shown':
      return c.action.kind === 'launching' ? { ...c, action: NONE } : c;
    case 'launch/cancelled':
      return { ...c, action: { kind: 'cancelled' } };
    case 'launch/dismissed':
      return c.action.kind === 'cancelled' ? { ...c, action: NONE } : c;
    case 'launch/failed':
      return { ...c, action: { kind: 'failed', of: 'launch', error: e.error } };
    case 'terminate/asked':
      return c.action.kind === 'terminating' ? c : { ...c, action: { kind: 'askingTerminate' } };
    case 'terminate/dismissed':
      return c.action.kind === 'askingTerminate' ? { ...c, action: NONE } : c;
    case 'terminate/started':
      return { ...c, action: { kind: 'terminating' } };
    case 'terminate/done':
      return { ...c, action: NONE, status: replaced(c.status, e.contract) };
    case 'terminate/failed':
      return { ...c, action: { kind: 'failed', of: 'terminate', error: e.error } };
    default:
      return c;
  }
}
