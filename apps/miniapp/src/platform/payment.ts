import type { PaymentParams } from '@kit/contract-types/types';
import Taro from '@tarojs/taro';
import type { PayOutcome } from '../pay/pay.types';

/**
 * weapp: WeChat's pay sheet with the BFF's signed parameters (appId is implied by the mini
 * program). The callbacks say how the sheet ended; the order itself is then asked of the BFF.
 */
export function requestPayment(payment: PaymentParams, done: (outcome: PayOutcome) => void): void {
  Taro.requestPayment({
    timeStamp: payment.timeStamp,
    nonceStr: payment.nonceStr,
    package: payment.package,
    signType: payment.signType,
    paySign: payment.paySign,
    success: (res) => done({ result: 'success', errMsg: res?.errMsg ?? 'requestPayment:ok' }),
    fail: (err) => {
      const errMsg = err?.errMsg ?? 'requestPayment:fail';
      done({ result: /fail cancel/.test(errMsg) ? 'cancel' : 'fail', errMsg });
    },
  });
}
