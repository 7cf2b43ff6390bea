import type { KeyObject } from 'node:crypto';
import { request } from 'node:http';
import { Formatter, Rsa } from 'wechatpay-axios-plugin';
import type { RunningSimulator } from '../../src/index.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** node:http, so that tests control every header (fetch adds Accept/User-Agent on its own). */
export function rawRequest(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          json = {};
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface SignOptions {
  mchid?: string;
  serial?: string;
  timestamp?: number;
  nonce?: string;
  privateKey?: KeyObject;
  /** Sign this path instead of the one requested. */
  signedPath?: string;
  /** Sign these bytes instead of the body actually sent. */
  signedBody?: string;
  scheme?: string;
  omit?: Array<'accept' | 'user-agent' | 'authorization'>;
}

/**
 * A WeChat Pay APIv3 caller built from wechatpay-axios-plugin's primitives (Formatter, Rsa): an
 * implementation independent of @kit/wechatpay that signs requests and verifies answers.
 */
export class IndependentClient {
  readonly merchantKey: KeyObject;
  readonly wechatpayKey: KeyObject;

  constructor(private readonly sim: RunningSimulator) {
    this.merchantKey = Rsa.from(`file://${sim.identity.merchantPrivateKeyFile}`, Rsa.KEY_TYPE_PRIVATE);
    this.wechatpayKey = Rsa.from(`file://${sim.identity.wechatpayPublicKeyFile}`, Rsa.KEY_TYPE_PUBLIC);
  }

  async call(method: string, path: string, body?: unknown, options: SignOptions = {}): Promise<RawResponse> {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = options.timestamp ?? Formatter.timestamp();
    const nonce = options.nonce ?? Formatter.nonce();
    const message = Formatter.request(
      method,
      options.signedPath ?? path,
      timestamp,
      nonce,
      options.signedBody ?? text,
    );
    const signature = Rsa.sign(message, options.privateKey ?? this.merchantKey);
    let authorization = Formatter.authorization(
      options.mchid ?? this.sim.identity.mchid,
      nonce,
      signature,
      timestamp,
      options.serial ?? this.sim.identity.merchantSerialNo,
    );
    if (options.scheme) authorization = authorization.replace('WECHATPAY2-SHA256-RSA2048', options.scheme);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'independent-client/1.0',
      authorization,
    };
    if (text) headers['content-type'] = 'application/json';
    for (const name of options.omit ?? []) delete headers[name];
    return rawRequest(`${this.sim.url}${path}`, { method, headers, body: text || undefined });
  }

  /** What a careful client does with every answer: check the WeChat Pay signature on the raw bytes. */
  verify(response: RawResponse): boolean {
    const h = (name: string) => response.headers[name] as string | undefined;
    const [timestamp, nonce, signature, serial] = [
      h('wechatpay-timestamp'),
      h('wechatpay-nonce'),
      h('wechatpay-signature'),
      h('wechatpay-serial'),
    ];
    if (!timestamp || !nonce || !signature || serial !== this.sim.identity.wechatpayPublicKeyId) return false;
    if (Math.abs(Formatter.timestamp() - Number(timestamp)) > 300) return false;
    return Rsa.verify(Formatter.response(timestamp, nonce, response.text), signature, this.wechatpayKey);
  }
}
