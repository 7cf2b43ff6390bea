import type { PresignResponse } from '@kit/contract-types/types';
import { useCallback } from 'react';
import type { Dispatch } from '../home/home.events';
import { clock } from '../lib/clock';
import { launchSigning } from '../platform/launcher';
import { pendingSign } from '../return/pending';
import { ApiError } from '../services/api-error';

/**
 * How long a launch holds the button after the jump was asked for, when the platform says nothing
 * (DevTools may report success without leaving; a real jump hides the page well before).
 */
export const LAUNCH_HOLD_MS = 2_000;

/**
 * Returns the launch function for the tap handler. It is synchronous end to end: mark the attempt
 * pending, then jump — nothing is awaited before navigateToMiniProgram. Until the platform answers,
 * the page shows again or LAUNCH_HOLD_MS pass, the button is held, so a triple tap jumps once.
 */
export function useSignLaunch(dispatch: Dispatch) {
  return useCallback(
    (presign: PresignResponse): void => {
      dispatch({ type: 'launch/started' });
      pendingSign.mark(presign);
      launchSigning(
        {
          appId: presign.sign_mp_appid,
          path: presign.sign_mp_path,
          preEntrustwebId: presign.pre_entrustweb_id,
        },
        (errMsg) => {
          pendingSign.clear();
          // Said by the page (an announced notice), not a platform toast, on both targets.
          if (/cancel/i.test(errMsg)) {
            dispatch({ type: 'launch/cancelled' });
            return;
          }
          dispatch({ type: 'launch/failed', error: new ApiError('LAUNCH_FAILED', 0, errMsg) });
        },
      );
      clock.setTimer(() => dispatch({ type: 'launch/ended' }), LAUNCH_HOLD_MS);
    },
    [dispatch],
  );
}
