import type { CreateOrderRequest } from '@kit/contract-types/types';
import { useCallback } from 'react';
import type { HomeStore } from '../home/home.state';
import type { Placed } from '../home/order.slice';
import { asView, attemptStore, type PurchaseAttempt, placedOrder } from '../pay/attempt';
import type { PayOutcome } from '../pay/pay.types';
import { requestPayment } from '../platform/payment';
import { toApiError } from '../services/api-error';
import { ordersService } from '../services/orders.service';

const bodyOf = (attempt: PurchaseAttempt): CreateOrderRequest =>
  attempt.pay_mode
    ? { product_id: attempt.product_id, pay_mode: attempt.pay_mode }
    : { product_id: attempt.product_id };

interface Confirm {
  afterSheet: (attempt: Placed, outcome: PayOutcome) => Promise<void>;
  supersede: () => void;
}

/**
 * Sends one purchase attempt: POST /v1/orders with its Idempotency-Key, then the pay sheet with
 * the BFF's signed parameters straight from the answer, so no second tap is needed. The attempt is
 * stored first, so the h5 reload through the payment page (and a retry) finds its key and order.
 */
export function usePurchase({ dispatch }: HomeStore, confirm: Confirm) {
  return useCallback(
    async (attempt: PurchaseAttempt): Promise<void> => {
      confirm.supersede();
      attemptStore.save(attempt);
      dispatch({ type: 'order/creating', attempt });
      let created: Placed;
      let payment: Parameters<typeof requestPayment>[0];
      try {
        const res = await ordersService.create(attempt.key, bodyOf(attempt));
        created = { ...attempt, order: placedOrder(res) };
        payment = res.payment;
      } catch (err) {
        dispatch({ type: 'order/createFailed', error: toApiError(err) });
        return;
      }
      attemptStore.save(created);
      dispatch({ type: 'order/created', attempt: created });
      if (created.order.state !== 'CREATED') {
        // The same key again after the order was paid or closed: its outcome, no second sheet.
        dispatch({ type: 'order/settled', order: asView(created.order) });
        attemptStore.clear();
        return;
      }
      requestPayment(payment, (outcome) => void confirm.afterSheet(created, outcome));
    },
    [dispatch, confirm],
  );
}
