import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type SubMerchantEntry, SubMerchantList } from '@kit/contract-types';
import { certificateSerial, loadPrivateKey, loadPublicKey, normalizeSerial } from '@kit/wechatpay';
import Compile from 'typebox/compile';
import { ConfigError } from './config.error.js';

type Env = Record<string, string | undefined>;

export function requiredIn(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required');
  return value;
}

export type SubMerchant = SubMerchantEntry;
const SubMerchants = Compile(SubMerchantList);

export function readFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(name, `cannot read file ${path}`);
  }
}

export function parseSubMerchants(path: string): SubMerchant[] {
  const name = 'SUB_MERCHANTS_FILE';
  let data: unknown;
  try {
    data = JSON.parse(readFile(name, path));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(name, 'is not valid JSON');
  }
  if (!SubMerchants.Check(data)) {
    const first = SubMerchants.Errors(data)[0];
    const where = first ? `${first.instancePath || '/'} ${first.message}` : 'invalid';
    throw new ConfigError(name, `must be a non-empty array of sub-merchants (${where})`);
  }
  const appids = new Set<string>();
  for (const sub of data) {
    if (appids.has(sub.sub_appid)) throw new ConfigError(name, `sub_appid ${sub.sub_appid} appears twice`);
    appids.add(sub.sub_appid);
  }
  return data;
}

export function merchantPrivateKey(path: string): KeyObject {
  try {
    return loadPrivateKey(readFile('WECHATPAY_MERCHANT_PRIVATE_KEY_FILE', path));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('WECHATPAY_MERCHANT_PRIVATE_KEY_FILE', 'is not a PEM RSA private key');
  }
}

export function verificationKeys(env: Env, merchantSerialNo: string): Record<string, KeyObject> {
  const keys: Record<string, KeyObject> = {};
  const keyId = requiredIn(env, 'WECHATPAY_PUBLIC_KEY_ID');
  const keyFile = requiredIn(env, 'WECHATPAY_PUBLIC_KEY_FILE');
  try {
    keys[normalizeSerial(keyId)] = loadPublicKey(readFile('WECHATPAY_PUBLIC_KEY_FILE', keyFile));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('WECHATPAY_PUBLIC_KEY_FILE', 'is not a PEM public key or certificate');
  }
  const certFiles = (env.WECHATPAY_PLATFORM_CERT_FILES ?? '').split(',').map((f) => f.trim());
  for (const file of certFiles.filter(Boolean)) {
    try {
      const pem = readFile('WECHATPAY_PLATFORM_CERT_FILES', file);
      keys[certificateSerial(pem)] = loadPublicKey(pem);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError('WECHATPAY_PLATFORM_CERT_FILES', `${file} is not a PEM certificate`);
    }
  }
  if (keys[normalizeSerial(merchantSerialNo)]) {
    throw new ConfigError(
      'WECHATPAY_MERCHANT_SERIAL_NO',
      "is listed among the verification keys: WeChat Pay's keys must be configured, not the merchant's",
    );
  }
  return keys;
}
