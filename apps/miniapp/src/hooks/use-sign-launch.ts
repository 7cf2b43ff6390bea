import type { PresignResponse } from '@kit/contract-types/types';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { launchSigning } from '../platform/launcher';
import { pendingSign } from '../return/pending';
import { ApiError } from '../services/api-error';

/**
 * Returns the launch function for the tap handler. It is synchronous end to end: mark the attempt
 * pending, then jump — nothing is awaited before navigateToMiniProgram.
 */
export function useSignLaunch() {
  const [launchError, setLaunchError] = useState<ApiError>();

  const launch = useCallback((presign: PresignResponse): void => {
    setLaunchError(undefined);
    pendingSign.mark(presign);
    launchSigning(
      {
        appId: presign.sign_mp_appid,
        path: presign.sign_mp_path,
        preEntrustwebId: presign.pre_entrustweb_id,
      },
      (errMsg) => {
        pendingSign.clear();
        if (/cancel/i.test(errMsg)) {
          Taro.showToast({ title: '已取消开通', icon: 'none' });
          return;
        }
        setLaunchError(new ApiError('LAUNCH_FAILED', 0, errMsg));
      },
    );
  }, []);

  return { launch, launchError };
}
