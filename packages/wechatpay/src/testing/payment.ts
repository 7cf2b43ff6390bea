import type { KeyObject } from 'node:crypto';
import type { PaymentParams } from '@kit/contract-types';
import { loadPublicKey, type PublicKeyInput } from '../keys.js';
import { buildPaySignMessage } from '../message.js';
import { verifyMessage } from '../signer.js';

/**
 * What WeChat does when the mini program calls requestPayment: the paySign must verify under the
 * merchant's public key over appId, timeStamp, nonceStr and package, and `signType` must be RSA.
 */
export function verifyPaymentParams(params: PaymentParams, publicKey: KeyObject | PublicKeyInput): boolean {
  if (params.signType !== 'RSA') return false;
  const message = buildPaySignMessage(params.appId, params.timeStamp, params.nonceStr, params.package);
  return verifyMessage(message, loadPublicKey(publicKey), params.paySign);
}
