import type { Store } from '../lib/use-store';
import type { ReturnState } from '../return/return-store';
import { type ContractSlice, contractReducer, initialContract } from './contract.slice';
import type { HomeEvent } from './home.events';
import { initialSession, type SessionSlice, sessionReducer } from './session.slice';

/**
 * The home page's one source of truth: a slice per concern (a payment slice goes beside the contract
 * slice), each with its own pure reducer over the same events.
 */
export interface HomeState {
  session: SessionSlice;
  contract: ContractSlice;
}

export type HomeStore = Store<HomeState, HomeEvent>;

export function homeReducer(s: HomeState, e: HomeEvent): HomeState {
  const session = sessionReducer(s.session, e);
  const contract = contractReducer(s.contract, e);
  return session === s.session && contract === s.contract ? s : { session, contract };
}

/** `ret`: the return may have been handled (at app level) before the page mounted. */
export const initialHomeState = (ret: ReturnState): HomeState =>
  homeReducer({ session: initialSession, contract: initialContract }, { type: 'return/changed', state: ret });
