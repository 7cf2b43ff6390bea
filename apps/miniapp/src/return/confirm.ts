import type { ContractView } from '@kit/contract-types/types';
import { clock } from '../lib/clock';
import { isApiError, toApiError } from '../services/api-error';
import { contractsService } from '../services/contracts.service';
import { type ReturnState, returnStore } from './return-store';

/** extraData.return_code, or NONE when the user came back without it (the back button). */
export type ReturnHint = 'SUCCESS' | 'FAIL' | 'NONE';

/**
 * Delays before each GET. A SUCCESS hint waits ~10 s for the notification / query to land;
 * FAIL or back-without-extraData checks briefly, since the user most likely did not sign.
 */
export const BACKOFF_MS: Record<ReturnHint, readonly number[]> = {
  SUCCESS: [0, 500, 1000, 1500, 2000, 2000, 3000],
  FAIL: [0, 1000],
  NONE: [0, 1000, 2000],
};

/** Errors that no amount of polling will fix. */
const isFinalError = (err: unknown): boolean =>
  isApiError(err) && err.status >= 400 && err.status < 500 && err.code !== 'RATE_LIMITED';

let generation = 0;

function settle(code: string, contract: ContractView): ReturnState | undefined {
  if (contract.state === 'SIGNED') return { kind: 'signed', code, contract };
  if (contract.state === 'PRESIGNED') return undefined;
  return { kind: 'not_completed', code };
}

/** Polls GET /v1/contracts/:code with back-off; the BFF (which asks WeChat Pay) decides, not extraData. */
export async function confirmSigning(code: string, hint: ReturnHint): Promise<ReturnState> {
  const mine = ++generation;
  const publish = (next: ReturnState): ReturnState => {
    if (mine === generation) returnStore.set(next);
    return next;
  };
  publish({ kind: 'confirming', code });
  let unanswered = false;
  for (const delay of BACKOFF_MS[hint]) {
    if (delay > 0) await clock.sleep(delay);
    if (mine !== generation) return returnStore.get();
    try {
      const done = settle(code, await contractsService.get(code));
      if (done) return publish(done);
      unanswered = false;
    } catch (err) {
      if (isFinalError(err)) return publish({ kind: 'error', code, error: toApiError(err) });
      unanswered = true;
    }
  }
  const confirmedUnsigned = hint !== 'SUCCESS' && !unanswered;
  return publish(confirmedUnsigned ? { kind: 'not_completed', code } : { kind: 'pending', code });
}

/** The manual 「刷新」 of the 确认中 / error state: one more look, shown as in progress until it answers. */
export async function refreshPending(code: string): Promise<ReturnState> {
  const mine = ++generation;
  const shown = returnStore.get();
  if ((shown.kind === 'pending' || shown.kind === 'error') && shown.code === code) {
    returnStore.set({ ...shown, refreshing: true });
  }
  try {
    const done = settle(code, await contractsService.get(code));
    const next = done ?? { kind: 'pending', code };
    if (mine === generation) returnStore.set(next);
    return next;
  } catch (err) {
    const next: ReturnState = isFinalError(err)
      ? { kind: 'error', code, error: toApiError(err) }
      : { kind: 'pending', code };
    if (mine === generation) returnStore.set(next);
    return next;
  }
}

export function dismissReturn(): void {
  generation++;
  returnStore.set({ kind: 'idle' });
}
