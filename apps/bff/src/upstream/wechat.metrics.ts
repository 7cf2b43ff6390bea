import {
  API_PATHS,
  MalformedResponseError,
  WechatLoginError,
  WechatPayApiError,
  type WechatPayClient,
  WechatPayError,
  WechatPayNetworkError,
  WechatPayVerificationError,
} from '@kit/wechatpay';
import type { Metrics } from '../ops/metrics.js';
import type { WechatPort } from './wechat.port.js';

/** `API_PATHS` key of a request path (query ignored), so labels name the API, not the contract. */
export function apiName(path: string): string {
  for (const [name, api] of Object.entries(API_PATHS)) {
    if (api.match(path)) return name;
  }
  return 'other';
}

/** outcome + code labels of a finished call: WeChat's own error code where it gave one. */
export function callOutcome(error: unknown): { outcome: string; code: string } {
  if (error === undefined) return { outcome: 'ok', code: '' };
  if (error instanceof WechatPayApiError) return { outcome: 'rejected', code: error.apiCode };
  if (error instanceof WechatLoginError) return { outcome: 'rejected', code: String(error.errcode) };
  if (error instanceof WechatPayNetworkError) {
    return { outcome: 'unreachable', code: error.timedOut ? 'TIMEOUT' : 'NETWORK' };
  }
  if (error instanceof WechatPayVerificationError || error instanceof MalformedResponseError) {
    return { outcome: 'unverified', code: error.code };
  }
  if (error instanceof WechatPayError) return { outcome: 'refused_locally', code: error.code };
  return { outcome: 'error', code: '' };
}

/** Times and counts one call under `api`. */
export async function metered<T>(metrics: Metrics, api: string, call: () => Promise<T>): Promise<T> {
  const stop = metrics.wechatpayDuration.startTimer({ api });
  try {
    const result = await call();
    metrics.wechatpayCalls.inc({ api, ...callOutcome(undefined) });
    return result;
  } catch (error) {
    metrics.wechatpayCalls.inc({ api, ...callOutcome(error) });
    throw error;
  } finally {
    stop();
  }
}

/**
 * Counts every call of this client: every resource function (queryContract, presign, the orders'
 * calls) goes through `request`, so wrapping it here covers them all without touching callers.
 */
export function meterClient(client: WechatPayClient, metrics: Metrics): void {
  const request = client.request.bind(client) as (req: { path: string }) => Promise<unknown>;
  const wrapped = (req: { path: string }) => metered(metrics, apiName(req.path), () => request(req));
  Object.defineProperty(client, 'request', { value: wrapped, configurable: true, writable: true });
}

/** The port with every WeChat call counted: the pay client's, and the login client's jscode2session. */
export function meterPort(port: WechatPort, metrics: Metrics): WechatPort {
  meterClient(port.client, metrics);
  const code2Session = port.code2Session.bind(port);
  return {
    ...port,
    code2Session: (appid, secret, code) =>
      metered(metrics, 'jscode2session', () => code2Session(appid, secret, code)),
  };
}
