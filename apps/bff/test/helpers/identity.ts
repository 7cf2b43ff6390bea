import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRsaKeyPair, type RsaKeyPair } from '@kit/wechatpay/testing';

export interface TestSubMerchant {
  sub_mchid: string;
  sub_appid: string;
  sub_app_secret: string;
  service_id: number;
  contract_display_account: string;
}

/** A complete, throw-away service-provider identity: key files on disk and the env that names them. */
export interface TestIdentity {
  dir: string;
  merchant: RsaKeyPair;
  wechatpay: RsaKeyPair;
  publicKeyId: string;
  merchantSerialNo: string;
  apiV3Key: string;
  sessionSecret: string;
  subMerchants: TestSubMerchant[];
  env(overrides?: Record<string, string | undefined>): Record<string, string | undefined>;
  cleanup(): void;
}

let cached: { merchant: RsaKeyPair; wechatpay: RsaKeyPair } | undefined;

export function createIdentity(): TestIdentity {
  // RSA generation is slow on a small machine: one pair set per test file is plenty.
  cached ??= { merchant: generateRsaKeyPair(), wechatpay: generateRsaKeyPair() };
  const dir = mkdtempSync(join(tmpdir(), 'bff-test-'));
  const subMerchants: TestSubMerchant[] = [
    {
      sub_mchid: '1900000109',
      sub_appid: 'wxsub0000000000001',
      sub_app_secret: 'subsecret-aaaaaaaaaaaaaaaaaaaaaaaa',
      service_id: 500001,
      contract_display_account: '小明的账户',
    },
    {
      sub_mchid: '1900000110',
      sub_appid: 'wxsub0000000000002',
      sub_app_secret: 'subsecret-bbbbbbbbbbbbbbbbbbbbbbbb',
      service_id: 500002,
      contract_display_account: 'Shop B',
    },
  ];
  const files = {
    merchantKey: join(dir, 'apiclient_key.pem'),
    publicKey: join(dir, 'wechatpay_pub.pem'),
    subMerchants: join(dir, 'sub-merchants.json'),
  };
  writeFileSync(files.merchantKey, cached.merchant.privateKeyPem);
  writeFileSync(files.publicKey, cached.wechatpay.publicKeyPem);
  writeFileSync(files.subMerchants, JSON.stringify(subMerchants));
  const identity: TestIdentity = {
    dir,
    ...cached,
    publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
    merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    apiV3Key: 'abcdefghijklmnopqrstuvwxyz012345',
    sessionSecret: 'session-secret-0123456789abcdefghijklmnop',
    subMerchants,
    env: (overrides = {}) => ({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: 'file::memory:',
      SESSION_SECRET: identity.sessionSecret,
      WECHATPAY_MCHID: '1230000109',
      WECHATPAY_SP_APPID: 'wxsp00000000000001',
      WECHATPAY_MERCHANT_SERIAL_NO: identity.merchantSerialNo,
      WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: files.merchantKey,
      WECHATPAY_APIV3_KEY: identity.apiV3Key,
      WECHATPAY_PUBLIC_KEY_ID: identity.publicKeyId,
      WECHATPAY_PUBLIC_KEY_FILE: files.publicKey,
      WECHATPAY_NOTIFY_URL: 'https://bff.example.com/v1/notifications/wechatpay',
      WECHATPAY_BASE_URL: 'http://127.0.0.1:9',
      WECHATPAY_BACKUP_BASE_URL: 'http://127.0.0.1:9',
      WECHAT_API_BASE_URL: 'http://127.0.0.1:9',
      SUB_MERCHANTS_FILE: files.subMerchants,
      ...overrides,
    }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  return identity;
}
