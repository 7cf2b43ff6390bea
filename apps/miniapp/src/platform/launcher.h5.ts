import { env } from '../env';
import type { SignTarget } from './launcher';
import { buildSignUrl, currentReturnUrl } from './sim-return';

/** WeChat asks before every jump to another mini program (base library ≥ 2.3.0); 取消 = `fail cancel`. */
export const LEAVE_QUESTION = '即将打开签约小程序，是否继续？';

/** Swappable for tests: jsdom can neither navigate nor answer a confirm. */
export const h5Navigation = {
  confirm(question: string): boolean {
    return window.confirm(question);
  },
  go(url: string): void {
    window.location.assign(url);
  },
};

/**
 * h5 preview: the browser's confirm stands in for WeChat's question before the jump, then the
 * simulator's signing page stands in for the signing mini program and comes back to this page
 * with the referrer data in the query (see sim-return.ts).
 */
export function launchSigning(target: SignTarget, onFail: (errMsg: string) => void): void {
  if (!h5Navigation.confirm(LEAVE_QUESTION)) {
    onFail('navigateToMiniProgram:fail cancel');
    return;
  }
  h5Navigation.go(buildSignUrl(env.simUrl, target.preEntrustwebId, currentReturnUrl(window.location.href)));
}

export type { SignTarget };
