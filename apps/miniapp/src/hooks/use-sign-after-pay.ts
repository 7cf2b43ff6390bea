import { useCallback } from 'react';
import type { HomeStore } from '../home/home.state';
import type { Placed } from '../home/order.slice';
import { clock } from '../lib/clock';
import type { PayOutcome } from '../pay/pay.types';

/**
 * Delays before each re-read of the contract after an ordinary payment that carried WeChat's 免密
 * offer: the SIGN notification reaches the BFF a moment after the sheet closes.
 */
export const SIGN_AFTER_PAY_BACKOFF_MS = [0, 1000, 2000, 3000] as const;

/**
 * After a paid ordinary order with `sign_after_pay`: read the status again until it is SIGNED (the
 * user accepted 免密 on the sheet) or the back-off ends. A declined offer (h5 says so) is read once.
 */
export function useSignAfterPay({ get }: HomeStore, reloadStatus: () => Promise<void>) {
  return useCallback(
    async (attempt: Placed, outcome: PayOutcome): Promise<void> => {
      if (!attempt.order.sign_after_pay) return;
      const delays = outcome.signOffer === 'declined' ? [0] : SIGN_AFTER_PAY_BACKOFF_MS;
      for (const delay of delays) {
        if (delay > 0) await clock.sleep(delay);
        await reloadStatus();
        if (get().contract.status.value?.state === 'SIGNED') return;
      }
    },
    [get, reloadStatus],
  );
}
