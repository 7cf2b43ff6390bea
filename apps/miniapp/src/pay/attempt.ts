import type { CreateOrderResponse, OrderView } from '@kit/contract-types/types';
import { newIdempotencyKey } from '../lib/random';
import { storage } from '../lib/storage';
import { prepayIdOf } from './pay.types';

/** The order as created, without the signed pay parameters (used once, never kept). */
export type PlacedOrder = Omit<CreateOrderResponse, 'payment'> & { prepay_id: string };

/**
 * One purchase attempt: its Idempotency-Key (a retry of the same attempt sends the same key and
 * body, so the BFF answers the same order) and, once created, its order.
 */
export interface PurchaseAttempt {
  key: string;
  product_id: string;
  /** `NORMAL` forces an ordinary order: the fallback after a refused password-free payment. */
  pay_mode?: 'NORMAL';
  order?: PlacedOrder;
}

export const ATTEMPT_KEY = 'kit.purchase-attempt';

export function newAttempt(productId: string, payMode?: 'NORMAL'): PurchaseAttempt {
  return payMode
    ? { key: newIdempotencyKey(), product_id: productId, pay_mode: payMode }
    : { key: newIdempotencyKey(), product_id: productId };
}

export function placedOrder(res: CreateOrderResponse): PlacedOrder {
  const { payment, ...order } = res;
  return { ...order, prepay_id: prepayIdOf(payment.package) };
}

/** The order view a placed order stands for until the BFF answers the poll. */
export function asView(order: PlacedOrder): OrderView {
  const { prepay_id: _p, sign_after_pay: _s, ...view } = order;
  return view;
}

/** In storage, so the attempt survives the h5 preview's reload through the payment page. */
export const attemptStore = {
  save(attempt: PurchaseAttempt): void {
    storage.set(ATTEMPT_KEY, attempt);
  },
  /** The stored attempt whose order has this prepay id (the one the payment page returns about). */
  forPrepay(prepayId: string): PurchaseAttempt | undefined {
    const attempt = storage.get<PurchaseAttempt>(ATTEMPT_KEY);
    return attempt?.order?.prepay_id === prepayId ? attempt : undefined;
  },
  clear(): void {
    storage.remove(ATTEMPT_KEY);
  },
};
