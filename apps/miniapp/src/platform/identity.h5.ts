import { env } from '../env';
import { storage } from '../lib/storage';

const DEVICE_CODE_KEY = 'kit.h5-login-code';

/**
 * h5 has no Taro.login. The simulator's jscode2session maps (appid, code) to a stable openid, so a
 * per-browser code kept in localStorage makes the preview one stable "user" across reloads.
 */
export async function getLoginCode(): Promise<string> {
  let code = storage.get<string>(DEVICE_CODE_KEY);
  if (!code) {
    code = `h5-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    storage.set(DEVICE_CODE_KEY, code);
  }
  return code;
}

export function getOwnAppId(): string {
  return env.appId;
}
