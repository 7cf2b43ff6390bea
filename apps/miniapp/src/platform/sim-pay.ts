import type { PayOutcome } from '../pay/pay.types';
import { queryParts, removeParams } from './sim-url';

/**
 * The h5 preview's agreement with the simulator's /sim/pay page (it stands in for requestPayment's
 * sheet): it redirects back to `return_url` adding `sim_pay=1&prepay_id&result&err_msg` and, when
 * the 免密 offer was shown after an ordinary payment, `sign_offer`.
 */
const PAY_KEYS = ['sim_pay', 'prepay_id', 'result', 'err_msg', 'sign_offer'];

export interface SimPayReturn {
  prepayId: string;
  outcome: PayOutcome;
}

export function buildPayUrl(simUrl: string, prepayId: string, returnUrl: string): string {
  const query = new URLSearchParams({ prepay_id: prepayId, return_url: returnUrl });
  return `${simUrl}/sim/pay?${query.toString()}`;
}

const RESULTS = new Set<PayOutcome['result']>(['success', 'cancel', 'fail']);
const OFFERS = new Set<NonNullable<PayOutcome['signOffer']>>(['accepted', 'declined', 'failed']);

export function parseSimPayReturn(href: string): SimPayReturn | undefined {
  const params = queryParts(href).find((p) => p.get('sim_pay') === '1' && p.has('prepay_id'));
  const prepayId = params?.get('prepay_id');
  if (!params || !prepayId) return undefined;
  const raw = params.get('result') as PayOutcome['result'];
  // An unknown result is a failure of unknown cause: the BFF is asked either way.
  const result = RESULTS.has(raw) ? raw : 'fail';
  const errMsg = params.get('err_msg') ?? `requestPayment:${result === 'success' ? 'ok' : 'fail'}`;
  const offer = params.get('sign_offer') as PayOutcome['signOffer'];
  const outcome: PayOutcome =
    offer && OFFERS.has(offer) ? { result, errMsg, signOffer: offer } : { result, errMsg };
  return { prepayId, outcome };
}

/** The current URL without earlier payment parameters: where the payment page sends the user back. */
export function withoutPayParams(href: string): string {
  return removeParams(href, PAY_KEYS);
}
