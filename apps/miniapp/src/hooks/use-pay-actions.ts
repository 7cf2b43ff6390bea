import type { HomeStore } from '../home/home.state';
import { homeView } from '../home/home.view';
import type { MessageAction } from '../home/page-message';
import { newAttempt } from '../pay/attempt';
import { useOrderConfirm } from './use-order-confirm';
import { useProducts } from './use-products';
import { usePurchase } from './use-purchase';
import { useSignAfterPay } from './use-sign-after-pay';

type PayAction = Extract<
  MessageAction,
  'reloadProducts' | 'retryOrder' | 'refreshOrder' | 'closeOrder' | 'payAgain' | 'payNormal'
>;

/**
 * The purchase's handlers. A tap on a product starts a new attempt (new Idempotency-Key), except
 * right after that product's order failed to be created: then it is the same attempt again.
 */
export function usePayActions(store: HomeStore, sessionReady: boolean, reloadStatus: () => Promise<void>) {
  const { dispatch, get } = store;
  const products = useProducts(store, sessionReady);
  const onPaid = useSignAfterPay(store, reloadStatus);
  const confirm = useOrderConfirm(store, (attempt, outcome) => void onPaid(attempt, outcome));
  const place = usePurchase(store, confirm);

  const buy = (productId: string): void => {
    const item = homeView(get()).products?.find((p) => p.product.product_id === productId);
    if (!item?.buy.enabled) return;
    const stage = get().order.stage;
    const sameAttempt = stage.kind === 'createFailed' && stage.attempt.product_id === productId;
    void place(sameAttempt ? stage.attempt : newAttempt(productId));
  };

  const messageActions: Record<PayAction, () => void> = {
    reloadProducts: () => void products.reload(),
    retryOrder: () => {
      const stage = get().order.stage;
      if (stage.kind === 'createFailed') void place(stage.attempt);
    },
    refreshOrder: () => void confirm.refresh(),
    closeOrder: () => void confirm.close(),
    payAgain: () => {
      const stage = get().order.stage;
      if (stage.kind === 'settled' && stage.order.state === 'CREATED')
        void place(newAttempt(stage.attempt.product_id, stage.attempt.pay_mode));
    },
    payNormal: () => {
      const stage = get().order.stage;
      // The fallback is a new attempt: another body, so another key.
      if (stage.kind === 'refused') void place(newAttempt(stage.attempt.product_id, 'NORMAL'));
    },
  };

  return {
    buy,
    messageActions,
    dismiss: () => {
      confirm.supersede();
      dispatch({ type: 'order/dismissed' });
    },
  };
}
