import { parseSimPayReturn, type SimPayReturn, withoutPayParams } from './sim-pay';

/**
 * h5: the simulator's payment page returns by a full reload with the outcome in the URL. Read once
 * and removed, so a manual reload cannot replay it.
 */
export function takePayReturn(): SimPayReturn | undefined {
  const ret = parseSimPayReturn(window.location.href);
  if (!ret) return undefined;
  window.history.replaceState(window.history.state, '', withoutPayParams(window.location.href));
  return ret;
}
