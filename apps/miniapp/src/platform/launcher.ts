import Taro from '@tarojs/taro';

export interface SignTarget {
  appId: string;
  path: string;
  preEntrustwebId: string;
}

/**
 * weapp: jumps to WeChat's signing mini program. Must be called synchronously inside the tap
 * handler (no await before it), or WeChat rejects it as not user-initiated.
 */
export function launchSigning(target: SignTarget, onFail: (errMsg: string) => void): void {
  Taro.navigateToMiniProgram({
    appId: target.appId,
    path: target.path,
    extraData: { pre_entrustweb_id: target.preEntrustwebId },
    fail: (err) => onFail(err?.errMsg ?? 'navigateToMiniProgram:fail'),
  });
}
