import type { PresignResponse } from '@kit/contract-types/types';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { clock } from '../lib/clock';
import { type ApiError, toApiError } from '../services/api-error';
import { contractsService } from '../services/contracts.service';

/** The BFF reuses a pre-sign while >15 min of its 2 h remain; asking at 10 min yields a fresh one. */
export const REFRESH_BEFORE_MS = 10 * 60_000;
/** Never launch with a pre-sign about to lapse during WeChat's confirm dialog. */
export const USABLE_MARGIN_MS = 60_000;

export type PresignState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; presign: PresignResponse }
  | { status: 'error'; error: ApiError };

const msLeft = (p: PresignResponse): number => Date.parse(p.expires_at) - clock.now();

/**
 * Fetches the pre-sign BEFORE the tap, so the tap can jump synchronously; refreshes it ahead of
 * expiry (timer, and on show since timers stall in the background).
 */
export function usePresign(enabled: boolean, onAlreadyActive: () => void) {
  const [state, setState] = useState<PresignState>({ status: 'idle' });
  const seq = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const onActiveRef = useRef(onAlreadyActive);
  onActiveRef.current = onAlreadyActive;

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    setState({ status: 'loading' });
    try {
      const presign = await contractsService.presign();
      if (mine === seq.current) setState({ status: 'ready', presign });
    } catch (err) {
      if (mine !== seq.current) return;
      const error = toApiError(err);
      if (error.code === 'CONTRACT_ALREADY_ACTIVE') {
        setState({ status: 'idle' });
        onActiveRef.current();
      } else {
        setState({ status: 'error', error });
      }
    }
  }, []);

  useEffect(() => {
    if (enabled) {
      void refresh();
      return;
    }
    seq.current++;
    setState({ status: 'idle' });
  }, [enabled, refresh]);

  useEffect(() => {
    if (state.status !== 'ready') return;
    const delay = msLeft(state.presign) - REFRESH_BEFORE_MS;
    if (delay <= 0) return;
    return clock.setTimer(() => void refresh(), delay);
  }, [state, refresh]);

  useDidShow(() => {
    const current = stateRef.current;
    if (current.status === 'ready' && msLeft(current.presign) <= REFRESH_BEFORE_MS) void refresh();
  });

  /** Read at tap time: the pre-sign if it is still safe to launch with. */
  const usable = useCallback((): PresignResponse | undefined => {
    const current = stateRef.current;
    if (current.status !== 'ready' || msLeft(current.presign) <= USABLE_MARGIN_MS) return undefined;
    return current.presign;
  }, []);

  return { state, usable, refresh };
}
