import type { SimPayReturn } from './sim-pay';

/** weapp: requestPayment's callbacks carry the outcome; nothing arrives by the address bar. */
export function takePayReturn(): SimPayReturn | undefined {
  return undefined;
}
