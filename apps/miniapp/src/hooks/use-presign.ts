import type { PresignResponse } from '@kit/contract-types/types';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef } from 'react';
import type { HomeStore } from '../home/home.state';
import { clock } from '../lib/clock';
import { toApiError } from '../services/api-error';
import { contractsService } from '../services/contracts.service';

/** The BFF reuses a pre-sign while >15 min of its 2 h remain; asking at 10 min yields a fresh one. */
export const REFRESH_BEFORE_MS = 10 * 60_000;
/** Never launch with a pre-sign about to lapse during WeChat's confirm dialog. */
export const USABLE_MARGIN_MS = 60_000;

const msLeft = (p: PresignResponse): number => Date.parse(p.expires_at) - clock.now();

/**
 * Fetches the pre-sign BEFORE the tap, so the tap can jump synchronously; refreshes it ahead of
 * expiry (timer, and on show since timers stall in the background).
 */
export function usePresign(store: HomeStore, enabled: boolean, onAlreadyActive: () => void) {
  const { dispatch, get } = store;
  const onActiveRef = useRef(onAlreadyActive);
  onActiveRef.current = onAlreadyActive;

  const refresh = useCallback(async () => {
    dispatch({ type: 'presign/started' });
    const { rev } = get().contract.presign;
    try {
      dispatch({ type: 'presign/answered', rev, presign: await contractsService.presign() });
    } catch (err) {
      const error = toApiError(err);
      if (error.code !== 'CONTRACT_ALREADY_ACTIVE') {
        dispatch({ type: 'presign/failed', rev, error });
      } else if (get().contract.presign.rev === rev) {
        // Signed meanwhile (elsewhere, or the notification beat us): the status will say so.
        dispatch({ type: 'presign/dropped' });
        onActiveRef.current();
      }
    }
  }, [dispatch, get]);

  useEffect(() => {
    if (enabled) void refresh();
    else dispatch({ type: 'presign/dropped' });
  }, [enabled, refresh, dispatch]);

  const ready = store.state.contract.presign.value;
  useEffect(() => {
    if (!ready) return;
    const delay = msLeft(ready) - REFRESH_BEFORE_MS;
    if (delay <= 0) return;
    return clock.setTimer(() => void refresh(), delay);
  }, [ready, refresh]);

  useDidShow(() => {
    const current = get().contract.presign.value;
    if (current && msLeft(current) <= REFRESH_BEFORE_MS) void refresh();
  });

  /** Read at tap time: the pre-sign if it is still safe to launch with. */
  const usable = useCallback((): PresignResponse | undefined => {
    const current = get().contract.presign.value;
    return current && msLeft(current) > USABLE_MARGIN_MS ? current : undefined;
  }, [get]);

  return { usable, refresh };
}
