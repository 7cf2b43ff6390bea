import type { Store } from '../lib/use-store';
import type { ReturnState } from '../return/return-store';
import { type ContractSlice, contractReducer, initialContract } from './contract.slice';
import type { HomeEvent } from './home.events';
import { initialOrder, type OrderSlice, orderReducer } from './order.slice';
import { initialSession, type SessionSlice, sessionReducer } from './session.slice';

/**
 * The home page's one source of truth: a slice per concern (session, contract, the purchase), each
 * with its own pure reducer over the same events.
 */
export interface HomeState {
  session: SessionSlice;
  contract: ContractSlice;
  order: OrderSlice;
}

export type HomeStore = Store<HomeState, HomeEvent>;

export function homeReducer(s: HomeState, e: HomeEvent): HomeState {
  const session = sessionReducer(s.session, e);
  const contract = contractReducer(s.contract, e);
  const order = orderReducer(s.order, e);
  return session === s.session && contract === s.contract && order === s.order
    ? s
    : { session, contract, order };
}

/** `ret`: the return may have been handled (at app level) before the page mounted. */
export const initialHomeState = (ret: ReturnState): HomeState =>
  homeReducer(
    { session: initialSession, contract: initialContract, order: initialOrder },
    { type: 'return/changed', state: ret },
  );
