import {
  constants,
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  KeyObject,
  privateDecrypt,
  publicEncrypt,
} from 'node:crypto';
import { ConfigurationError, DecryptError } from './errors.js';
import { loadPrivateKey, loadPublicKey, type PrivateKeyInput, type PublicKeyInput } from './keys.js';

/** The APIv3 key: 32 bytes (a 32-character string in the merchant platform). */
export type ApiV3Key = string | Buffer | KeyObject;

const TAG_LENGTH = 16;

/** Parse the APIv3 key once; rejects anything but exactly 32 bytes. */
export function loadApiV3Key(key: ApiV3Key): KeyObject {
  if (key instanceof KeyObject) {
    if (key.type !== 'secret' || key.symmetricKeySize !== 32) {
      throw new ConfigurationError('the APIv3 key must be a 32-byte secret key');
    }
    return key;
  }
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (bytes.length !== 32) throw new ConfigurationError('the APIv3 key must be exactly 32 bytes');
  return createSecretKey(bytes);
}

export interface AesGcmDecryptInput {
  key: ApiV3Key;
  nonce: string;
  associatedData?: string | undefined;
  /** base64 of ciphertext || 16-byte tag */
  ciphertext: string;
}

export interface AesGcmEncryptInput {
  key: ApiV3Key;
  nonce: string;
  associatedData?: string | undefined;
  plaintext: string;
}

/** AEAD_AES_256_GCM as used by notifications and certificate downloads → UTF-8 plaintext. */
export function aesGcmDecrypt({ key, nonce, associatedData = '', ciphertext }: AesGcmDecryptInput): string {
  const secret = loadApiV3Key(key);
  const data = Buffer.from(ciphertext, 'base64');
  if (data.length < TAG_LENGTH || nonce.length === 0) throw new DecryptError('ciphertext or nonce too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(nonce, 'utf8'), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const plain = Buffer.concat([
      decipher.update(data.subarray(0, data.length - TAG_LENGTH)),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch (error) {
    throw new DecryptError(undefined, { cause: error });
  }
}

/** The inverse of `aesGcmDecrypt` (simulator, tests) → base64 of ciphertext || tag. */
export function aesGcmEncrypt({ key, nonce, associatedData = '', plaintext }: AesGcmEncryptInput): string {
  const secret = loadApiV3Key(key);
  const cipher = createCipheriv('aes-256-gcm', secret, Buffer.from(nonce, 'utf8'), {
    authTagLength: TAG_LENGTH,
  });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString(
    'base64',
  );
}

/** Sensitive request fields: RSAES-OAEP with SHA-1 (WeChat Pay's choice) under the WeChat Pay key. */
export function rsaOaepEncrypt(plaintext: string, publicKey: PublicKeyInput): string {
  const key = publicKey instanceof KeyObject ? publicKey : loadPublicKey(publicKey);
  return publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(plaintext, 'utf8'),
  ).toString('base64');
}

/** What WeChat Pay does with `rsaOaepEncrypt` output (simulator, tests). */
export function rsaOaepDecrypt(ciphertext: string, privateKey: PrivateKeyInput): string {
  const key = privateKey instanceof KeyObject ? privateKey : loadPrivateKey(privateKey);
  try {
    return privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(ciphertext, 'base64'),
    ).toString('utf8');
  } catch (error) {
    throw new DecryptError('RSA-OAEP decryption failed', { cause: error });
  }
}
