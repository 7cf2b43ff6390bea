/**
 * How the pay sheet ended, as `requestPayment` reports it (weapp callbacks, or the simulator's page
 * on h5). A hint only: the order's state is what the BFF says after asking WeChat Pay.
 */
export interface PayOutcome {
  result: 'success' | 'cancel' | 'fail';
  errMsg: string;
  /** h5 only: what the user did with the 免密 offer shown after an ordinary payment. */
  signOffer?: 'accepted' | 'declined' | 'failed';
}

/** A refused password-free payment: WeChat says so in errMsg; the fallback is an ordinary order. */
export const isPasswordFreeRefused = (o: PayOutcome): boolean =>
  o.result === 'fail' && o.errMsg.includes('PASSWORD_FREE_REFUSED');

/** `package` is `prepay_id=wx…`: the part the simulator's page and the return carry. */
export const prepayIdOf = (pkg: string): string => pkg.replace(/^prepay_id=/, '');
