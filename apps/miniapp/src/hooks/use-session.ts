import { useCallback, useEffect, useState } from 'react';
import { type ApiError, toApiError } from '../services/api-error';
import { ensureSession } from '../services/session.service';

export type SessionState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: ApiError };

/** Logs in at launch (or reuses the stored token) so a login failure shows up front, with retry. */
export function useSession(): SessionState & { retry: () => void } {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const start = useCallback(() => {
    setState({ status: 'loading' });
    ensureSession().then(
      () => setState({ status: 'ready' }),
      (err: unknown) => setState({ status: 'error', error: toApiError(err) }),
    );
  }, []);
  useEffect(start, [start]);
  return { ...state, retry: start };
}
