import { Code2SessionError, Code2SessionSuccess } from '@kit/contract-types';
import { Agent, type Dispatcher, request } from 'undici';
import { MalformedResponseError, WechatLoginError } from '../errors.js';
import { networkError, readBody } from '../network.js';
import { isValid } from '../validation.js';

export interface Code2SessionOptions {
  /** `https://api.weixin.qq.com` (or the simulator). */
  baseUrl: string;
  appid: string;
  secret: string;
  /** The code from `wx.login()` / `Taro.login()`. */
  code: string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  includeSessionKey?: boolean;
}

export interface Code2SessionResult {
  openid: string;
  unionid?: string;
}

export interface Code2SessionResultWithKey extends Code2SessionResult {
  session_key: string;
}

const MAX_LOGIN_RESPONSE_BYTES = 64 * 1024;
let sharedAgent: Agent | undefined;
function defaultDispatcher(): Agent {
  sharedAgent ??= new Agent({ connect: { timeout: 5_000 }, maxResponseSize: MAX_LOGIN_RESPONSE_BYTES });
  return sharedAgent;
}

/**
 * `GET /sns/jscode2session`. WeChat answers 200 with either the session or `{errcode, errmsg}`
 * (often as text/plain), so the body decides, not the content type.
 */
export async function code2Session(
  options: Code2SessionOptions & { includeSessionKey: true },
): Promise<Code2SessionResultWithKey>;
export async function code2Session(options: Code2SessionOptions): Promise<Code2SessionResult>;
export async function code2Session(options: Code2SessionOptions): Promise<Code2SessionResult> {
  const query = new URLSearchParams({
    appid: options.appid,
    secret: options.secret,
    js_code: options.code,
    grant_type: 'authorization_code',
  });
  const base = options.baseUrl.replace(/\/+$/, '');
  // The URL carries the app secret: error messages name the path only.
  const where = `GET ${base}/sns/jscode2session`;
  const timeout = options.timeoutMs ?? 5_000;
  let res: Dispatcher.ResponseData;
  try {
    res = await request(`${base}/sns/jscode2session?${query}`, {
      method: 'GET',
      headers: { accept: 'application/json' },
      dispatcher: options.dispatcher ?? defaultDispatcher(),
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  } catch (error) {
    throw networkError(error, where);
  }
  const raw = await readBody(res, MAX_LOGIN_RESPONSE_BYTES, where);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    if (res.statusCode >= 500) throw new WechatLoginError(-1, `HTTP ${res.statusCode}`);
    throw new MalformedResponseError(`jscode2session answered ${res.statusCode} with a non-JSON body`);
  }
  if (isValid(Code2SessionError, body) && body.errcode !== 0)
    throw new WechatLoginError(body.errcode, body.errmsg);
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new WechatLoginError(-1, `HTTP ${res.statusCode}`);
  }
  if (!isValid(Code2SessionSuccess, body)) {
    throw new MalformedResponseError('jscode2session answer has no openid');
  }
  const result: Code2SessionResult & { session_key?: string } = { openid: body.openid };
  if (body.unionid !== undefined) result.unionid = body.unionid;
  if (options.includeSessionKey) result.session_key = body.session_key;
  return result;
}
