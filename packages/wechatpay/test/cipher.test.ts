import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  ConfigurationError,
  DecryptError,
  rsaOaepDecrypt,
  rsaOaepEncrypt,
} from '../src/index.js';
import { platform } from './helpers/keys.js';
import { fixture, vectors } from './helpers/vectors.js';

const v = vectors.aes_256_gcm;

describe('AES-256-GCM', () => {
  it('decrypts the known-answer vector', () => {
    expect(
      aesGcmDecrypt({
        key: v.key,
        nonce: v.nonce,
        associatedData: v.associated_data,
        ciphertext: v.ciphertext,
      }),
    ).toBe(v.plaintext);
  });

  it('encrypts to the known-answer ciphertext and round-trips unicode with empty AAD', () => {
    expect(
      aesGcmEncrypt({
        key: v.key,
        nonce: v.nonce,
        associatedData: v.associated_data,
        plaintext: v.plaintext,
      }),
    ).toBe(v.ciphertext);
    const plaintext = '{"contract_display_account":"微信代扣用户A"}';
    const ciphertext = aesGcmEncrypt({ key: Buffer.from(v.key), nonce: 'abcdefghijkl', plaintext });
    expect(aesGcmDecrypt({ key: v.key, nonce: 'abcdefghijkl', ciphertext })).toBe(plaintext);
    expect(aesGcmDecrypt({ key: v.key, nonce: 'abcdefghijkl', associatedData: '', ciphertext })).toBe(
      plaintext,
    );
  });

  it('fails with DecryptError on a wrong key, AAD, nonce or a flipped bit', () => {
    const input = { key: v.key, nonce: v.nonce, associatedData: v.associated_data, ciphertext: v.ciphertext };
    const flipped = Buffer.from(v.ciphertext, 'base64');
    flipped[0] = (flipped[0] as number) ^ 1;
    for (const bad of [
      { ...input, key: 'b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb' },
      { ...input, associatedData: 'other' },
      { ...input, nonce: 'uluk4a9R25RX' },
      { ...input, ciphertext: flipped.toString('base64') },
      { ...input, ciphertext: 'AAAA' },
    ]) {
      expect(() => aesGcmDecrypt(bad)).toThrow(DecryptError);
    }
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => aesGcmDecrypt({ key: 'short', nonce: v.nonce, ciphertext: v.ciphertext })).toThrow(
      ConfigurationError,
    );
  });
});

describe('RSA-OAEP (SHA-1)', () => {
  it('encrypts so that the private key holder decrypts (plain node:crypto and ours)', () => {
    const ciphertext = rsaOaepEncrypt('张三', platform.publicKeyPem);
    const plain = privateDecrypt(
      { key: platform.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(ciphertext, 'base64'),
    );
    expect(plain.toString('utf8')).toBe('张三');
    expect(rsaOaepDecrypt(rsaOaepEncrypt('13800138000', platform.publicKey), platform.privateKeyPem)).toBe(
      '13800138000',
    );
  });

  it('encrypts under a platform certificate; randomised padding gives a new ciphertext each time', () => {
    const cert = fixture('platform-cert.pem');
    const a = rsaOaepEncrypt('x', cert);
    expect(a).not.toBe(rsaOaepEncrypt('x', cert));
    expect(rsaOaepDecrypt(a, createPrivateKey(fixture('platform-key.pem')))).toBe('x');
  });

  it('decrypting with the wrong key is a DecryptError', () => {
    const ciphertext = rsaOaepEncrypt('x', platform.publicKey);
    expect(() => rsaOaepDecrypt(ciphertext, fixture('platform-key.pem'))).toThrow(DecryptError);
  });
});
