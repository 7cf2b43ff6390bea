import type { PresignResponse } from '@kit/contract-types/types';
import { clock } from '../lib/clock';
import { storage } from '../lib/storage';

/** The signing attempt in flight. In storage, so it survives the h5 redirect and an app restart. */
export interface PendingSign {
  out_contract_code: string;
  sign_mp_appid: string;
  expires_at: string;
}

export const PENDING_KEY = 'kit.pending-sign';

export const pendingSign = {
  mark(presign: PresignResponse): void {
    const marker: PendingSign = {
      out_contract_code: presign.out_contract_code,
      sign_mp_appid: presign.sign_mp_appid,
      expires_at: presign.expires_at,
    };
    storage.set(PENDING_KEY, marker);
  },

  /** The marker if it belongs to a pre-sign that can still be signed; an outdated one is dropped. */
  peek(): PendingSign | undefined {
    const marker = storage.get<PendingSign>(PENDING_KEY);
    if (!marker?.out_contract_code || !marker.sign_mp_appid) return undefined;
    if (Date.parse(marker.expires_at) <= clock.now()) {
      storage.remove(PENDING_KEY);
      return undefined;
    }
    return marker;
  },

  clear(): void {
    storage.remove(PENDING_KEY);
  },
};
