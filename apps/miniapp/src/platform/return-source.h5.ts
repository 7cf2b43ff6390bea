import type { ShowListener } from '../return/types';
import { currentReturnUrl, parseSimReturn } from './sim-return';

/**
 * h5: the simulator's page returns by a full reload, so every return is a "cold start" read from
 * the URL. The parameters are removed afterwards so a manual reload cannot replay them.
 */
export function watchAppShows(listener: ShowListener): void {
  const options = parseSimReturn(window.location.href);
  if (!options) return;
  window.history.replaceState(window.history.state, '', currentReturnUrl(window.location.href));
  listener(options);
}
