import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 `-----BEGIN PRIVATE KEY-----`, as the merchant platform hands it out. */
  privateKeyPem: string;
  /** SPKI `-----BEGIN PUBLIC KEY-----`, as the WeChat Pay public key is published. */
  publicKeyPem: string;
}

/** A fresh RSA-2048 pair (the size WeChat Pay uses). */
export function generateRsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
