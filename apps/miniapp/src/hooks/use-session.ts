import { useCallback, useEffect } from 'react';
import type { Dispatch } from '../home/home.events';
import { toApiError } from '../services/api-error';
import { ensureSession } from '../services/session.service';

/** Logs in at launch (or reuses the stored token) so a login failure shows up front, with retry. */
export function useSession(dispatch: Dispatch): { retry: () => void } {
  const start = useCallback(() => {
    dispatch({ type: 'session/started' });
    ensureSession().then(
      () => dispatch({ type: 'session/ready' }),
      (err: unknown) => dispatch({ type: 'session/failed', error: toApiError(err) }),
    );
  }, [dispatch]);
  useEffect(start, [start]);
  return { retry: start };
}
