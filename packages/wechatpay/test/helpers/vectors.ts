import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const fixturesDir = path.resolve(here, '../fixtures');
/**
 * Public known-answer vectors: the official request-signature guide's example (with WeChat Pay's
 * published test key) and the official Java SDK's AES-GCM test; kept in the repository so the
 * suite runs from any checkout.
 */
export const vectorsDir = path.join(fixturesDir, 'vectors');

interface SignatureVector {
  private_key_file: string;
  mchid?: string;
  serial_no?: string;
  method: string;
  url: string;
  timestamp: string;
  nonce: string;
  body: string;
  signature: string;
}

export interface Vectors {
  request_signature: SignatureVector;
  presign_request_signature: SignatureVector;
  aes_256_gcm: { key: string; nonce: string; associated_data: string; ciphertext: string; plaintext: string };
}

export const vectors: Vectors = JSON.parse(
  readFileSync(path.join(vectorsDir, 'wechatpay-apiv3.json'), 'utf8'),
);

export function vectorKeyPem(vector: { private_key_file: string }): string {
  return readFileSync(path.join(vectorsDir, vector.private_key_file), 'utf8');
}

export function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}

export interface PaySignVector {
  private_key_file: string;
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  message: string;
  paySign: string;
}

/** A paySign computed independently (OpenSSL) with the official test key: see the file's `about`. */
export const paySignVector: PaySignVector = JSON.parse(
  readFileSync(path.join(vectorsDir, 'pay-sign.json'), 'utf8'),
);
