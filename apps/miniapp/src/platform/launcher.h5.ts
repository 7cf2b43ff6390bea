import { env } from '../env';
import type { SignTarget } from './launcher';
import { buildSignUrl, currentReturnUrl } from './sim-return';

/** Swappable for tests: jsdom cannot navigate. */
export const h5Navigation = {
  go(url: string): void {
    window.location.assign(url);
  },
};

/**
 * h5 preview: the simulator's signing page stands in for the signing mini program and comes back
 * to this page with the referrer data in the query (see sim-return.ts).
 */
export function launchSigning(target: SignTarget, _onFail: (errMsg: string) => void): void {
  h5Navigation.go(buildSignUrl(env.simUrl, target.preEntrustwebId, currentReturnUrl(window.location.href)));
}

export type { SignTarget };
