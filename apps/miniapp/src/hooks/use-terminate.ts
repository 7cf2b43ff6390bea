import { useCallback } from 'react';
import type { Dispatch } from '../home/home.events';
import { toApiError } from '../services/api-error';
import { contractsService } from '../services/contracts.service';

/**
 * 「解约」 once confirmed in the page's dialog: POST terminate → the returned view is the status.
 * The dialog itself is state (terminate/asked, terminate/dismissed), drawn by the page.
 */
export function useTerminate(dispatch: Dispatch) {
  return useCallback(
    async (code: string) => {
      dispatch({ type: 'terminate/started' });
      try {
        // The status cell (a live region) says 已解约; no platform toast on top of it.
        dispatch({ type: 'terminate/done', contract: await contractsService.terminate(code) });
      } catch (err) {
        dispatch({ type: 'terminate/failed', error: toApiError(err) });
      }
    },
    [dispatch],
  );
}
