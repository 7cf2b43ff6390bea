import type { PaymentParams } from '@kit/contract-types/types';
import { env } from '../env';
import { type PayOutcome, prepayIdOf } from '../pay/pay.types';
import { h5Navigation } from './launcher.h5';
import { buildPayUrl, withoutPayParams } from './sim-pay';
import { currentReturnUrl } from './sim-return';

/**
 * h5 preview: the simulator's payment page stands in for the pay sheet and comes back to this page
 * by a reload (see sim-pay.ts); the attempt waits in storage, so `done` is never called here.
 */
export function requestPayment(payment: PaymentParams, _done: (outcome: PayOutcome) => void): void {
  const back = withoutPayParams(currentReturnUrl(window.location.href));
  h5Navigation.go(buildPayUrl(env.simUrl, prepayIdOf(payment.package), back));
}
