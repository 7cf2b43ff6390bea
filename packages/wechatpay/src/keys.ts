import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { ConfigurationError } from './errors.js';

export type PrivateKeyInput = KeyObject | string | Buffer;
export type PublicKeyInput = KeyObject | X509Certificate | string | Buffer;

const CERT_MARKER = '-----BEGIN CERTIFICATE-----';

function requireRsa(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigurationError(`${what} must be an RSA key, got ${key.asymmetricKeyType ?? key.type}`);
  }
  return key;
}

/** Parse the merchant API private key (PKCS#8 or PKCS#1 PEM) once; sign with the KeyObject. */
export function loadPrivateKey(pem: PrivateKeyInput): KeyObject {
  if (pem instanceof KeyObject) {
    if (pem.type !== 'private') throw new ConfigurationError('expected a private key');
    return requireRsa(pem, 'the merchant private key');
  }
  try {
    return requireRsa(createPrivateKey(pem), 'the merchant private key');
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError('cannot parse the merchant private key (PEM, PKCS#8 or PKCS#1)', {
      cause: error,
    });
  }
}

/**
 * A WeChat Pay public key (`-----BEGIN PUBLIC KEY-----`) or a platform certificate
 * (`-----BEGIN CERTIFICATE-----` / `X509Certificate`) → its public KeyObject.
 */
export function loadPublicKey(pemOrCertificate: PublicKeyInput): KeyObject {
  if (pemOrCertificate instanceof KeyObject) {
    if (pemOrCertificate.type !== 'public') throw new ConfigurationError('expected a public key');
    return requireRsa(pemOrCertificate, 'the verification key');
  }
  if (pemOrCertificate instanceof X509Certificate) {
    return requireRsa(pemOrCertificate.publicKey, 'the certificate key');
  }
  try {
    const text = typeof pemOrCertificate === 'string' ? pemOrCertificate : pemOrCertificate.toString('utf8');
    const key = text.includes(CERT_MARKER) ? new X509Certificate(text).publicKey : createPublicKey(text);
    if (key.type !== 'public') throw new ConfigurationError('expected a public key');
    return requireRsa(key, 'the verification key');
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError('cannot parse the public key or certificate (PEM)', { cause: error });
  }
}

/** The serial number of a certificate as WeChat Pay writes it: upper-case hex. */
export function certificateSerial(certPem: string | Buffer | X509Certificate): string {
  try {
    const cert = certPem instanceof X509Certificate ? certPem : new X509Certificate(certPem);
    return cert.serialNumber.toUpperCase();
  } catch (error) {
    throw new ConfigurationError('cannot parse the certificate (PEM)', { cause: error });
  }
}

/**
 * Serials are compared case-insensitively when they are hex (certificate serials);
 * `PUB_KEY_ID_…` ids are kept as they are.
 */
export function normalizeSerial(serial: string): string {
  const trimmed = serial.trim();
  return /^[0-9a-fA-F]+$/.test(trimmed) ? trimmed.toUpperCase() : trimmed;
}
