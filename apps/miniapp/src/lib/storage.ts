import Taro from '@tarojs/taro';

/** Typed wrapper over the synchronous storage (localStorage on h5), so it survives reloads. */
export const storage = {
  get<T>(key: string): T | undefined {
    try {
      const value: unknown = Taro.getStorageSync(key);
      return value === '' || value === undefined || value === null ? undefined : (value as T);
    } catch {
      return undefined;
    }
  },
  set(key: string, value: unknown): void {
    Taro.setStorageSync(key, value);
  },
  remove(key: string): void {
    Taro.removeStorageSync(key);
  },
};
