import { useCallback, useEffect, useRef } from 'react';
import type { HomeStore } from '../home/home.state';
import { dismissReturn, refreshPending } from '../return/confirm';
import { returnStore } from '../return/return-store';

/**
 * Feeds the app-level return outcome (开通成功 / 未完成 / 确认中) into the page's state, and offers
 * its manual 「刷新」. `onNotCompleted`: the status is read again, since the BFF may know better.
 */
export function useSigningReturn({ dispatch, get }: HomeStore, onNotCompleted: () => void) {
  const onNotCompletedRef = useRef(onNotCompleted);
  onNotCompletedRef.current = onNotCompleted;

  useEffect(() => {
    const sync = (): void => {
      const state = returnStore.get();
      if (state === get().contract.ret) return;
      dispatch({ type: 'return/changed', state });
      if (state.kind === 'not_completed') onNotCompletedRef.current();
    };
    const unsubscribe = returnStore.subscribe(sync);
    sync(); // it may have changed between the first render and this subscription
    return unsubscribe;
  }, [dispatch, get]);

  const refresh = useCallback(() => {
    const current = returnStore.get();
    if ((current.kind === 'pending' || current.kind === 'error') && !current.refreshing) {
      void refreshPending(current.code);
    }
  }, []);

  return { refresh, dismiss: dismissReturn };
}
