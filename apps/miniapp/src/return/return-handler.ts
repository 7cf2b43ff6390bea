import { watchAppShows } from '../platform/return-source';
import { confirmSigning, type ReturnHint } from './confirm';
import { type PendingSign, pendingSign } from './pending';
import type { ShowOptions } from './types';

/** 从另一个小程序返回 */
export const SCENE_BACK_FROM_MINI_PROGRAM = 1038;

/** extraData is a hint only; DevTools compile conditions may deliver it as a JSON string. */
export function readHint(extraData: unknown): ReturnHint {
  let data = extraData;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return 'NONE';
    }
  }
  const code = (data as { return_code?: unknown } | null | undefined)?.return_code;
  if (code === 'SUCCESS' || code === 'FAIL') return code;
  return 'NONE';
}

/** Is this show the return of our pending signing attempt? Anything else changes nothing. */
export function matchReturn(options: ShowOptions | undefined, pending: PendingSign | undefined): boolean {
  if (!pending || !options) return false;
  if (Number(options.scene) !== SCENE_BACK_FROM_MINI_PROGRAM) return false;
  return options.referrerInfo?.appId === pending.sign_mp_appid;
}

/**
 * App-level show handler. The pending marker is consumed on the first match, so Android's stale
 * referrerInfo on later shows (and a cold start seen twice) cannot trigger a second confirmation.
 */
export function handleAppShow(options: ShowOptions | undefined): Promise<unknown> | undefined {
  const pending = pendingSign.peek();
  if (!matchReturn(options, pending) || !pending) return undefined;
  pendingSign.clear();
  return confirmSigning(pending.out_contract_code, readHint(options?.referrerInfo?.extraData));
}

let registered = false;

/** Called once from the app component's launch; later calls are no-ops. */
export function registerReturnHandling(): void {
  if (registered) return;
  registered = true;
  watchAppShows((options) => {
    void handleAppShow(options);
  });
}
