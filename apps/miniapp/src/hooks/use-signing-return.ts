import { useCallback, useSyncExternalStore } from 'react';
import { dismissReturn, refreshPending } from '../return/confirm';
import { type ReturnState, returnStore } from '../return/return-store';

/** The app-level return outcome, for the page: 开通成功 / 未完成 / 确认中 (+ manual refresh). */
export function useSigningReturn() {
  const state: ReturnState = useSyncExternalStore(returnStore.subscribe, returnStore.get, returnStore.get);
  const refresh = useCallback(() => {
    const current = returnStore.get();
    if (current.kind === 'pending' || current.kind === 'error') void refreshPending(current.code);
  }, []);
  return { state, refresh, dismiss: dismissReturn };
}
