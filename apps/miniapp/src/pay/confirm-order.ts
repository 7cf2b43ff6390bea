import type { OrderView } from '@kit/contract-types/types';
import { clock } from '../lib/clock';
import { isApiError } from '../services/api-error';
import { ordersService } from '../services/orders.service';
import type { PayOutcome } from './pay.types';

/**
 * Delays before each GET. After a sheet that said paid, the notification (or the BFF's query) may
 * take a few seconds; after cancel or a failure one look settles it, a second covers a slow query.
 */
export const ORDER_BACKOFF_MS: Record<PayOutcome['result'], readonly number[]> = {
  success: [0, 500, 1000, 1500, 2000, 2000, 3000],
  cancel: [0],
  fail: [0, 1000],
};

/** Errors that no amount of polling will fix. */
export const isFinalError = (err: unknown): boolean =>
  isApiError(err) && err.status >= 400 && err.status < 500 && err.code !== 'RATE_LIMITED';

/** What the page may conclude from one answer: settled, or still waiting (the sheet said paid). */
export function isSettled(order: OrderView, outcome: PayOutcome): boolean {
  return order.state !== 'CREATED' || outcome.result !== 'success';
}

export type PollResult = { kind: 'settled'; order: OrderView } | { kind: 'unknown'; error?: unknown };

/**
 * Polls GET /v1/orders/:no with back-off until the BFF (which asks WeChat Pay) settles it. `live`
 * says whether the caller still cares (a newer attempt or 刷新 supersedes this one).
 */
export async function pollOrder(
  outTradeNo: string,
  outcome: PayOutcome,
  live: () => boolean,
  delays: readonly number[] = ORDER_BACKOFF_MS[outcome.result],
): Promise<PollResult | undefined> {
  let lastError: unknown;
  for (const delay of delays) {
    if (delay > 0) await clock.sleep(delay);
    if (!live()) return undefined;
    try {
      const order = await ordersService.get(outTradeNo);
      if (isSettled(order, outcome)) return { kind: 'settled', order };
      lastError = undefined;
    } catch (err) {
      if (isFinalError(err)) return { kind: 'unknown', error: err };
      lastError = err;
    }
  }
  return lastError === undefined ? { kind: 'unknown' } : { kind: 'unknown', error: lastError };
}
