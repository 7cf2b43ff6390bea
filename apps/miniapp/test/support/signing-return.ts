import { PENDING_KEY } from '../../src/return/pending';
import { HOUR } from './fake-bff';
import { memoryStorage } from './taro.mock';

/** The fixed scene of the return tests: one pending signing attempt and what onShow delivers. */
export const NOW = Date.parse('2026-11-28T02:00:00Z');
export const SIGN_APP = 'wxbd687630cd02ce1d';
export const CODE = 'occ1';
export const statusPath = `GET /v1/contracts/${CODE}`;
export const SUCCESS = { return_code: 'SUCCESS', return_msg: 'OK', contract_id: 'C1' };

export function pendingAttempt(): void {
  memoryStorage.set(PENDING_KEY, {
    out_contract_code: CODE,
    sign_mp_appid: SIGN_APP,
    expires_at: new Date(NOW + 2 * HOUR).toISOString(),
  });
}

/** The options of a scene-1038 onShow from the signing mini program (no extraData: back button). */
export const back = (extraData?: unknown) => ({
  scene: 1038,
  referrerInfo: extraData === undefined ? { appId: SIGN_APP } : { appId: SIGN_APP, extraData },
});
