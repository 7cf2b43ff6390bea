import { Code2SessionError, Code2SessionSuccess } from '@kit/contract-types';
import { Agent, type Dispatcher, request } from 'undici';
import { MalformedResponseError, WechatLoginError } from '../errors.js';
import { networkError, readBody } from '../network.js';
import { API_PATHS } from '../paths.js';
import { isValid } from '../validation.js';

export interface WechatLoginOptions {
  /** `https://api.weixin.qq.com` (or the simulator). */
  baseUrl: string;
  timeoutMs?: number;
  /** Used as given and never closed here; without it the client opens (and closes) its own Agent. */
  dispatcher?: Dispatcher;
}

export interface Code2SessionRequest {
  appid: string;
  secret: string;
  /** The code from `wx.login()` / `Taro.login()`. */
  code: string;
  includeSessionKey?: boolean;
}

export interface Code2SessionOptions extends WechatLoginOptions, Code2SessionRequest {}

export interface Code2SessionResult {
  openid: string;
  unionid?: string;
}

export interface Code2SessionResultWithKey extends Code2SessionResult {
  session_key: string;
}

const MAX_LOGIN_RESPONSE_BYTES = 64 * 1024;

/** WeChat login (`jscode2session`) over one connection pool, which `close()` releases. */
export class WechatLoginClient {
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(options: WechatLoginOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({ connect: { timeout: 5_000 }, maxResponseSize: MAX_LOGIN_RESPONSE_BYTES });
  }

  /**
   * `GET /sns/jscode2session`. WeChat answers 200 with either the session or `{errcode, errmsg}`
   * (often as text/plain), so the body decides, not the content type.
   */
  code2Session(req: Code2SessionRequest & { includeSessionKey: true }): Promise<Code2SessionResultWithKey>;
  code2Session(req: Code2SessionRequest): Promise<Code2SessionResult>;
  async code2Session(req: Code2SessionRequest): Promise<Code2SessionResult> {
    const query = new URLSearchParams({
      appid: req.appid,
      secret: req.secret,
      js_code: req.code,
      grant_type: 'authorization_code',
    });
    const path = API_PATHS.jscode2session.template;
    // The URL carries the app secret: error messages name the path only.
    const where = `GET ${this.#base}${path}`;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.#base}${path}?${query}`, {
        method: 'GET',
        headers: { accept: 'application/json' },
        dispatcher: this.#dispatcher,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
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
    if (req.includeSessionKey) result.session_key = body.session_key;
    return result;
  }

  /** Closes the client's own Agent (not an injected dispatcher). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

/**
 * One login on its own: through `options.dispatcher`, or over an Agent opened for this call and
 * closed after it. A server logging users in all day keeps one `WechatLoginClient` instead.
 */
export async function code2Session(
  options: Code2SessionOptions & { includeSessionKey: true },
): Promise<Code2SessionResultWithKey>;
export async function code2Session(options: Code2SessionOptions): Promise<Code2SessionResult>;
export async function code2Session(options: Code2SessionOptions): Promise<Code2SessionResult> {
  const client = new WechatLoginClient(options);
  try {
    return await client.code2Session(options);
  } finally {
    await client.close();
  }
}
