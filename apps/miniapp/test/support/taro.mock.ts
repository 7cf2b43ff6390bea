import { useEffect, useRef } from 'react';
import { vi } from 'vitest';

/**
 * `@tarojs/taro` at the module edge. Storage is a Map (kept across a simulated reload), request
 * goes over real HTTP to the fake BFF, lifecycle hooks are driven by the tests.
 */
type Listener = (options: unknown) => void;

export const memoryStorage = new Map<string, unknown>();
const appShowListeners = new Set<Listener>();
const didShowCallbacks = new Set<() => void>();

interface RequestOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
}

async function request({ url, method = 'GET', header, data }: RequestOptions) {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: header,
      body: method === 'GET' ? undefined : JSON.stringify(data),
    });
  } catch {
    throw { errMsg: 'request:fail' };
  }
  const text = await res.text();
  return { statusCode: res.status, data: text ? JSON.parse(text) : '', header: {} };
}

export interface PayOptions {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType?: string;
  paySign: string;
  success?: (res: { errMsg: string }) => void;
  fail?: (err: { errMsg: string }) => void;
}

let loginCount = 0;
const login = async () => ({ code: `code-${++loginCount}`, errMsg: 'login:ok' });

const taro = {
  request: vi.fn(request),
  login: vi.fn(login),
  getAccountInfoSync: vi.fn(() => ({ miniProgram: { appId: 'wx_sub_app' } })),
  getStorageSync: vi.fn((key: string) =>
    memoryStorage.has(key) ? structuredClone(memoryStorage.get(key)) : '',
  ),
  setStorageSync: vi.fn((key: string, value: unknown) => {
    memoryStorage.set(key, structuredClone(value));
  }),
  removeStorageSync: vi.fn((key: string) => {
    memoryStorage.delete(key);
  }),
  navigateToMiniProgram: vi.fn((_options: { fail?: (err: { errMsg: string }) => void }) => {}),
  /** The pay sheet: stays open (no callback) unless a test says how it ends. */
  requestPayment: vi.fn((_options: PayOptions) => {}),
  pageScrollTo: vi.fn(async (_options: { selector?: string }) => ({ errMsg: 'pageScrollTo:ok' })),
  showToast: vi.fn(async (_options: Record<string, unknown>) => ({ errMsg: 'showToast:ok' })),
  showModal: vi.fn(async (_options: Record<string, unknown>) => ({ confirm: true, cancel: false })),
  getLaunchOptionsSync: vi.fn((): unknown => ({ scene: 1001, path: 'pages/index/index', query: {} })),
  onAppShow: vi.fn((listener: Listener) => {
    appShowListeners.add(listener);
  }),
};

export default taro;

export function useDidShow(callback: () => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const fire = () => latest.current();
    didShowCallbacks.add(fire);
    fire();
    return () => {
      didShowCallbacks.delete(fire);
    };
  }, []);
}

/** Like Taro's: fires once, on the app's launch (the first mount), never on re-render. */
export function useLaunch(callback: (options: unknown) => void): void {
  const first = useRef(callback);
  useEffect(() => first.current(taro.getLaunchOptionsSync()), []);
}

/** The app comes to the foreground: onAppShow listeners first, then the page's useDidShow. */
export function emitAppShow(options: unknown): void {
  for (const listener of appShowListeners) listener(options);
  for (const fire of didShowCallbacks) fire();
}

export function resetTaro(): void {
  memoryStorage.clear();
  appShowListeners.clear();
  loginCount = 0;
  for (const fn of Object.values(taro)) fn.mockClear();
  taro.login.mockReset().mockImplementation(login);
  taro.navigateToMiniProgram.mockImplementation(() => {});
  taro.requestPayment.mockImplementation(() => {});
  taro.showModal.mockImplementation(async () => ({ confirm: true, cancel: false }));
  taro.getLaunchOptionsSync.mockImplementation(() => ({ scene: 1001, path: 'pages/index/index', query: {} }));
}
