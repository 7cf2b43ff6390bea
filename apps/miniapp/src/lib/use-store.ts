import { useCallback, useRef, useState } from 'react';

/** A reducer's state for React, plus its latest value for handlers that run before the next render. */
export interface Store<S, E> {
  state: S;
  dispatch: (event: E) => void;
  /** The state after every event so far; a tap handler reads this, since taps can outrun a render. */
  get: () => S;
}

export function useStore<S, E>(reducer: (state: S, event: E) => S, init: () => S): Store<S, E> {
  const latest = useRef<S | undefined>(undefined);
  if (latest.current === undefined) latest.current = init();
  const [state, setState] = useState<S>(latest.current);
  const get = useCallback((): S => latest.current as S, []);
  const dispatch = useCallback(
    (event: E) => {
      latest.current = reducer(latest.current as S, event);
      setState(latest.current);
    },
    [reducer],
  );
  return { state, dispatch, get };
}
