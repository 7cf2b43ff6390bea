import { useCallback, useEffect, useRef } from 'react';
import type { HomeStore } from '../home/home.state';
import type { Placed } from '../home/order.slice';
import { attemptStore, type PurchaseAttempt } from '../pay/attempt';
import { pollOrder } from '../pay/confirm-order';
import { isPasswordFreeRefused, type PayOutcome } from '../pay/pay.types';
import { takePayReturn } from '../platform/pay-return';
import { isApiError, toApiError } from '../services/api-error';
import { ordersService } from '../services/orders.service';

/**
 * After the pay sheet: the BFF's word on the order (back-off, 刷新), closing an unpaid one, and the
 * h5 return from the simulator's payment page. `onPaid` runs once per paid order.
 */
export function useOrderConfirm(
  { dispatch, get }: HomeStore,
  onPaid: (attempt: Placed, outcome: PayOutcome) => void,
) {
  const generation = useRef(0);
  const onPaidRef = useRef(onPaid);
  onPaidRef.current = onPaid;

  const settle = useCallback(
    (attempt: Placed, outcome: PayOutcome, result: Awaited<ReturnType<typeof pollOrder>>) => {
      if (!result) return;
      if (result.kind === 'unknown') {
        dispatch(
          result.error
            ? { type: 'order/unknown', error: toApiError(result.error) }
            : { type: 'order/unknown' },
        );
        return;
      }
      dispatch({ type: 'order/settled', order: result.order });
      if (result.order.state !== 'CREATED') attemptStore.clear();
      if (result.order.state === 'PAID') onPaidRef.current(attempt, outcome);
    },
    [dispatch],
  );

  /** The sheet ended: a refused password-free payment is said at once, anything else is asked. */
  const afterSheet = useCallback(
    async (attempt: Placed, outcome: PayOutcome) => {
      const mine = ++generation.current;
      dispatch({ type: 'pay/returned', attempt, outcome });
      if (isPasswordFreeRefused(outcome)) return;
      const live = () => mine === generation.current;
      settle(attempt, outcome, await pollOrder(attempt.order.out_trade_no, outcome, live));
    },
    [dispatch, settle],
  );

  /** 「刷新」 of 确认中: one more look, busy until it answers. */
  const refresh = useCallback(async () => {
    const stage = get().order.stage;
    if (stage.kind !== 'unknown' || stage.refreshing) return;
    const mine = ++generation.current;
    dispatch({ type: 'order/refreshing' });
    const live = () => mine === generation.current;
    settle(
      stage.attempt,
      stage.outcome,
      await pollOrder(stage.attempt.order.out_trade_no, stage.outcome, live, [0]),
    );
  }, [dispatch, get, settle]);

  /** 「关闭订单」 of 支付未完成: closed by the BFF (close API); paid meanwhile → the paid order. */
  const close = useCallback(async () => {
    const stage = get().order.stage;
    if (stage.kind !== 'settled' || stage.order.state !== 'CREATED' || stage.closing) return;
    generation.current++;
    dispatch({ type: 'order/closing' });
    const no = stage.attempt.order.out_trade_no;
    try {
      dispatch({ type: 'order/settled', order: await ordersService.close(no) });
      attemptStore.clear();
    } catch (err) {
      if (isApiError(err) && err.code === 'ORDER_ALREADY_PAID') {
        const paid = { result: 'success', errMsg: 'requestPayment:ok' } as const;
        settle(stage.attempt, paid, await pollOrder(no, paid, () => true, [0]));
        return;
      }
      dispatch({ type: 'order/closeFailed', error: toApiError(err) });
    }
  }, [dispatch, get, settle]);

  // h5: the simulator's payment page came back by a reload; its attempt waited in storage.
  useEffect(() => {
    const ret = takePayReturn();
    if (!ret) return;
    const attempt: PurchaseAttempt | undefined = attemptStore.forPrepay(ret.prepayId);
    if (attempt?.order) {
      void afterSheet({ ...attempt, order: attempt.order }, ret.outcome);
    }
  }, [afterSheet]);

  /** A new attempt supersedes whatever was still being asked about the last one. */
  const supersede = useCallback(() => {
    generation.current++;
  }, []);

  return { afterSheet, refresh, close, supersede };
}
