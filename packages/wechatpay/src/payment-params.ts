import { PaymentParams, PrepayResponse } from '@kit/contract-types';
import { InvalidRequestError } from './errors.js';
import { buildPaySignMessage } from './message.js';
import { checked } from './resources/request.js';
import type { RequestSigner } from './signer.js';

export interface PaymentParamsInput {
  /** The AppID the order was placed with and that calls requestPayment: the sub-merchant's sub_appid. */
  appId: string;
  prepayId: string;
}

/** The `package` field of requestPayment. */
export const PREPAY_PACKAGE_PREFIX = 'prepay_id=';

/**
 * What the mini program hands to `wx.requestPayment` / `Taro.requestPayment` for one prepay: paySign
 * is SHA256withRSA by the merchant key over `buildPaySignMessage`, timestamp and nonce from the
 * client's own clock and nonce source.
 */
export function requestPaymentParams(
  client: { readonly signer: RequestSigner },
  { appId, prepayId }: PaymentParamsInput,
): PaymentParams {
  checked(PrepayResponse, { prepay_id: prepayId }, 'payment params');
  // A line feed inside a field would let one signed message read as another.
  if (!appId || /[\r\n]/.test(appId + prepayId)) {
    throw new InvalidRequestError('invalid payment params request', ['appId/prepayId: empty or multi-line']);
  }
  const { timestamp, nonce } = client.signer.stamp();
  const timeStamp = String(timestamp);
  const pkg = `${PREPAY_PACKAGE_PREFIX}${prepayId}`;
  const params: PaymentParams = {
    appId,
    timeStamp,
    nonceStr: nonce,
    package: pkg,
    signType: 'RSA',
    paySign: client.signer.sign(buildPaySignMessage(appId, timeStamp, nonce, pkg)),
  };
  return checked(PaymentParams, params, 'payment params');
}
