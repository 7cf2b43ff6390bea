import Taro from '@tarojs/taro';
import { ApiError } from '../services/api-error';

/** weapp: a fresh login code (valid 5 min) for POST /v1/session. */
export async function getLoginCode(): Promise<string> {
  try {
    const { code } = await Taro.login();
    if (!code) throw new Error('empty code');
    return code;
  } catch (err) {
    const message = (err as { errMsg?: string })?.errMsg ?? String(err);
    throw new ApiError('LOGIN_FAILED', 0, message);
  }
}

/** weapp: the calling mini program's own appid; the BFF maps it to the sub-merchant. */
export function getOwnAppId(): string {
  return Taro.getAccountInfoSync().miniProgram.appId;
}
