import type { Static, TSchema } from 'typebox';
import { Agent, type Dispatcher, request } from 'undici';
import type { Clock, NonceSource } from './clock.js';
import { ConfigurationError, InvalidRequestError } from './errors.js';
import { getHeader } from './headers.js';
import type { PrivateKeyInput } from './keys.js';
import { isConnectionError, networkError, readBody } from './network.js';
import { apiError, decode } from './response.js';
import { RequestSigner } from './signer.js';
import type { ResponseVerifier } from './verifier.js';

export const DEFAULT_USER_AGENT = `kit-wechatpay/0.1.0 (Node.js ${process.versions.node})`;
const MAX_RESPONSE_BYTES = 1 << 20;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface WechatPayClientOptions {
  mchid: string;
  serialNo: string;
  privateKey: PrivateKeyInput;
  verifier: ResponseVerifier;
  baseUrl: string;
  backupBaseUrl?: string;
  /** Per attempt: time to the response headers, and between body chunks. */
  timeoutMs?: number;
  /** TCP/TLS connect time-out of the client's own Agent (ignored with `dispatcher`). */
  connectTimeoutMs?: number;
  maxRetries?: number;
  /** Back-off before retry n (1-based): `retryDelayMs * 2^(n-1)`. */
  retryDelayMs?: number;
  userAgent?: string;
  now?: Clock;
  nonce?: NonceSource;
  sleep?: (ms: number) => Promise<void>;
  dispatcher?: Dispatcher;
}

export interface WechatPayRequest<S extends TSchema | undefined = undefined> {
  method: HttpMethod;
  /** Absolute API path with the query string, already URL-encoded: `/v3/...`. */
  path: string;
  /** An object is JSON-serialised once; a string is sent as is. The same bytes are signed. */
  body?: unknown;
  /** Validates the verified 2xx JSON (`MalformedResponseError` when it does not fit). */
  schema?: S;
}

export interface WechatPayResponse<T> {
  status: number;
  data: T;
  requestId: string | undefined;
}

interface Host {
  origin: string;
  basePath: string;
}

function parseHost(url: string, name: string): Host {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`${name} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigurationError(`${name} must be http(s)`);
  }
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Signs, sends, verifies. One instance per merchant; safe for concurrent use. */
export class WechatPayClient {
  readonly signer: RequestSigner;
  readonly verifier: ResponseVerifier;
  readonly #hosts: Host[];
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryDelayMs: number;
  readonly #userAgent: string;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(options: WechatPayClientOptions) {
    this.signer = new RequestSigner(options);
    this.verifier = options.verifier;
    this.#hosts = [parseHost(options.baseUrl, 'baseUrl')];
    if (options.backupBaseUrl) this.#hosts.push(parseHost(options.backupBaseUrl, 'backupBaseUrl'));
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 200;
    if (!(this.#timeoutMs > 0)) throw new ConfigurationError('timeoutMs must be > 0');
    if (!(this.#maxRetries >= 0)) throw new ConfigurationError('maxRetries must be >= 0');
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        connect: { timeout: options.connectTimeoutMs ?? Math.min(this.#timeoutMs, 5_000) },
        maxResponseSize: MAX_RESPONSE_BYTES,
      });
  }

  request<S extends TSchema>(req: WechatPayRequest<S> & { schema: S }): Promise<WechatPayResponse<Static<S>>>;
  request(req: WechatPayRequest): Promise<WechatPayResponse<unknown>>;
  async request(req: WechatPayRequest<TSchema | undefined>): Promise<WechatPayResponse<unknown>> {
    if (!req.path.startsWith('/')) throw new InvalidRequestError(`path must start with "/": ${req.path}`);
    // Serialised once: retries and the backup host send (and sign) these exact bytes.
    const body =
      req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.#userAgent,
      'wechatpay-serial': this.verifier.serial,
      authorization: '',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';

    let hostIndex = 0;
    let retries = 0;
    for (;;) {
      const host = this.#hosts[hostIndex] as Host;
      const signedUrl = host.basePath + req.path;
      const where = `${req.method} ${host.origin}${signedUrl}`;
      headers.authorization = this.signer.authorization(req.method, signedUrl, body ?? '');

      let res: Dispatcher.ResponseData;
      try {
        res = await request(host.origin + signedUrl, {
          method: req.method,
          headers,
          body,
          dispatcher: this.#dispatcher,
          headersTimeout: this.#timeoutMs,
          bodyTimeout: this.#timeoutMs,
        });
      } catch (error) {
        if (isConnectionError(error) && hostIndex + 1 < this.#hosts.length) {
          hostIndex += 1;
          continue;
        }
        throw networkError(error, where);
      }

      const raw = await readBody(res, MAX_RESPONSE_BYTES, where);
      const requestId = getHeader(res.headers, 'request-id');
      const status = res.statusCode;
      if (status >= 200 && status < 300) {
        this.verifier.verify(res.headers, raw);
        return { status, data: decode(raw, req.schema, requestId), requestId };
      }
      if (status >= 500 && retries < this.#maxRetries) {
        retries += 1;
        await this.#sleep(this.#retryDelayMs * 2 ** (retries - 1));
        continue;
      }
      throw apiError(status, raw, requestId);
    }
  }

  /** Closes the client's own connection pool (not an injected dispatcher). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}
