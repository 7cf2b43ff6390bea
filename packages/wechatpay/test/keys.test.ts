import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  certificateSerial,
  loadPrivateKey,
  loadPublicKey,
  normalizeSerial,
} from '../src/index.js';
import { fixture, vectorKeyPem, vectors } from './helpers/vectors.js';

const certPem = fixture('platform-cert.pem');
const certKeyPem = fixture('platform-key.pem');

describe('keys', () => {
  it('loads a PKCS#8 and a PKCS#1 private key into the same KeyObject', () => {
    const pem = vectorKeyPem(vectors.request_signature);
    const pkcs1 = createPrivateKey(pem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const a = loadPrivateKey(pem);
    const b = loadPrivateKey(pkcs1);
    expect(a.type).toBe('private');
    expect(a.equals(b)).toBe(true);
    expect(loadPrivateKey(a)).toBe(a);
  });

  it('loads a public key from a PEM key, a certificate PEM and an X509Certificate', () => {
    const spki = createPublicKey(certKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    const expected = loadPublicKey(spki);
    expect(loadPublicKey(certPem).equals(expected)).toBe(true);
    expect(loadPublicKey(new X509Certificate(certPem)).equals(expected)).toBe(true);
    expect(loadPublicKey(Buffer.from(certPem)).equals(expected)).toBe(true);
  });

  it('reads the certificate serial as upper-case hex', () => {
    expect(certificateSerial(certPem)).toBe('5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
  });

  it('rejects garbage, a non-RSA key and a private key where a public one belongs', () => {
    expect(() => loadPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(
      ConfigurationError,
    );
    expect(() => loadPublicKey('nope')).toThrow(ConfigurationError);
    expect(() => certificateSerial('nope')).toThrow(ConfigurationError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => loadPrivateKey(ec.privateKey)).toThrow(/RSA/);
    expect(() => loadPublicKey(ec.publicKey)).toThrow(/RSA/);
    expect(() => loadPublicKey(loadPrivateKey(certKeyPem))).toThrow(ConfigurationError);
  });

  it('normalises hex serials only', () => {
    expect(normalizeSerial(' 5157f09e ')).toBe('5157F09E');
    expect(normalizeSerial('PUB_KEY_ID_0114abc')).toBe('PUB_KEY_ID_0114abc');
  });
});
