import { type KeyObject, sign, verify } from 'node:crypto';
import { type Clock, type NonceSource, randomNonce, unixSeconds } from './clock.js';
import { ConfigurationError } from './errors.js';
import { loadPrivateKey, type PrivateKeyInput } from './keys.js';
import { buildRequestMessage } from './message.js';

/** The `Authorization` scheme of requests and the `Wechatpay-Signature-Type` of answers. */
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** RSASSA-PKCS1-v1_5 with SHA-256 → base64. */
export function signMessage(message: string | Buffer, privateKey: KeyObject): string {
  const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return sign('sha256', data, privateKey).toString('base64');
}

/** The other half of `signMessage`: false for a wrong signature, or for one that is not even base64/RSA. */
export function verifyMessage(message: string | Buffer, publicKey: KeyObject, signature: string): boolean {
  const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  try {
    return verify('sha256', data, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export interface RequestSignerOptions {
  /** The service provider's mchid. */
  mchid: string;
  /** Serial number of the merchant API certificate. */
  serialNo: string;
  /** Parsed once here when given as PEM. */
  privateKey: PrivateKeyInput;
  now?: Clock;
  nonce?: NonceSource;
}

export class RequestSigner {
  readonly mchid: string;
  readonly serialNo: string;
  readonly #privateKey: KeyObject;
  readonly #now: Clock;
  readonly #nonce: NonceSource;
  // Constant per signer: computed once instead of per request.
  readonly #headerPrefix: string;
  readonly #headerSuffix: string;

  constructor(options: RequestSignerOptions) {
    if (!options.mchid) throw new ConfigurationError('mchid is required');
    if (!options.serialNo) throw new ConfigurationError('serialNo (merchant certificate serial) is required');
    this.mchid = options.mchid;
    this.serialNo = options.serialNo;
    this.#privateKey = loadPrivateKey(options.privateKey);
    this.#now = options.now ?? Date.now;
    this.#nonce = options.nonce ?? randomNonce;
    this.#headerPrefix = `${AUTH_SCHEME} mchid="${this.mchid}",nonce_str="`;
    this.#headerSuffix = `",serial_no="${this.serialNo}"`;
  }

  sign(message: string | Buffer): string {
    return signMessage(message, this.#privateKey);
  }

  /** A fresh timestamp (unix seconds) and nonce from the injected clock and nonce source. */
  stamp(): { timestamp: number; nonce: string } {
    return { timestamp: unixSeconds(this.#now), nonce: this.#nonce() };
  }

  /** The whole `Authorization` header value for one request (fresh timestamp and nonce). */
  authorization(method: string, url: string, body = ''): string {
    const { timestamp, nonce } = this.stamp();
    const signature = this.sign(buildRequestMessage(method, url, timestamp, nonce, body));
    return `${this.#headerPrefix}${nonce}",signature="${signature}",timestamp="${timestamp}${this.#headerSuffix}`;
  }
}
