import {
  type Clock,
  NotificationParser,
  ResponseVerifier,
  WechatLoginClient,
  WechatPayClient,
} from '@kit/wechatpay';
import type { Config } from '../config.js';

/** Everything the BFF needs from WeChat: injected into buildApp so tests can point it anywhere. */
export interface WechatPort {
  client: WechatPayClient;
  notifications: NotificationParser;
  code2Session(appid: string, secret: string, code: string): Promise<{ openid: string }>;
  close(): Promise<void>;
}

export interface WechatPortOptions {
  now?: Clock;
  sleep?: (ms: number) => Promise<void>;
  retryDelayMs?: number;
  timeoutMs?: number;
}

export function createWechatPort(config: Config, options: WechatPortOptions = {}): WechatPort {
  const wp = config.wechatpay;
  const verifier = new ResponseVerifier({
    keys: wp.verificationKeys,
    merchantSerialNo: wp.merchantSerialNo,
    ...(options.now ? { now: options.now } : {}),
  });
  const client = new WechatPayClient({
    mchid: wp.mchid,
    serialNo: wp.merchantSerialNo,
    privateKey: wp.merchantPrivateKey,
    verifier,
    baseUrl: wp.baseUrl,
    backupBaseUrl: wp.backupBaseUrl,
    // The whole request must fit the mini program's patience; WeChat answers in well under a second.
    timeoutMs: options.timeoutMs ?? 8_000,
    maxRetries: 2,
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const login = new WechatLoginClient({ baseUrl: config.wechatApiBaseUrl });
  return {
    client,
    notifications: new NotificationParser({ verifier, apiV3Key: wp.apiV3Key }),
    async code2Session(appid, secret, code) {
      const { openid } = await login.code2Session({ appid, secret, code });
      return { openid };
    },
    close: async () => {
      await Promise.all([client.close(), login.close()]);
    },
  };
}
