import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef } from 'react';
import type { HomeStore } from '../home/home.state';
import { onBrowserTabVisible } from '../platform/visibility';
import { toApiError } from '../services/api-error';
import { contractsService } from '../services/contracts.service';

/**
 * GET /v1/contracts/current once the session is ready, and again whenever the page shows (the user
 * may have terminated inside WeChat meanwhile), and on h5 when the browser tab shows again.
 */
export function useContractStatus({ dispatch, get }: HomeStore, enabled: boolean) {
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const reload = useCallback(async () => {
    dispatch({ type: 'status/started' });
    const { rev } = get().contract.status;
    try {
      dispatch({ type: 'status/answered', rev, contract: await contractsService.current() });
    } catch (err) {
      dispatch({ type: 'status/failed', rev, error: toApiError(err) });
    }
  }, [dispatch, get]);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  useDidShow(() => {
    if (enabledRef.current) void reload();
  });

  useEffect(
    () =>
      onBrowserTabVisible(() => {
        if (enabledRef.current) void reload();
      }),
    [reload],
  );

  return { reload };
}
