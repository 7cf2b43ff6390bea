import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { type CatalogProduct, SubMerchantEntry } from '@kit/contract-types';
import { generateRsaKeyPair } from '@kit/wechatpay/testing';
import { readIfExists, withDirLock, writeFileAtomic } from './files.js';

/** One sub-merchant as the BFF's SUB_MERCHANTS_FILE lists it (plus a shop name for the sign page). */
export interface SubMerchant extends SubMerchantEntry {
  /** Shown on the simulator's signing page only; not part of SUB_MERCHANTS_FILE. */
  name: string;
}

const ENTRY_FIELDS = Object.keys(SubMerchantEntry.properties) as (keyof SubMerchantEntry)[];

/** The complete service-provider identity the simulator plays against. */
export interface Identity {
  dir: string;
  mchid: string;
  spAppid: string;
  merchantSerialNo: string;
  merchantPrivateKeyFile: string;
  merchantPublicKeyFile: string;
  wechatpayPublicKeyId: string;
  wechatpayPublicKeyFile: string;
  wechatpayPrivateKeyFile: string;
  apiV3Key: string;
  sessionSecret: string;
  subMerchants: SubMerchant[];
  subMerchantsFile: string;
  bffEnvFile: string;
}

interface IdentityJson {
  version: 1;
  mchid: string;
  sp_appid: string;
  merchant_serial_no: string;
  wechatpay_public_key_id: string;
  apiv3_key: string;
  session_secret: string;
  sub_merchants: SubMerchant[];
}

export const IDENTITY_FILES = {
  json: 'identity.json',
  merchantPrivateKey: 'apiclient_key.pem',
  merchantPublicKey: 'apiclient_pub.pem',
  wechatpayPublicKey: 'pub_key.pem',
  wechatpayPrivateKey: 'wechatpay_private_key.pem',
  subMerchants: 'sub-merchants.json',
  bffEnv: 'bff.env',
} as const;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Loads the identity in `dir`, creating a complete one first when there is none. */
export async function ensureIdentity(dir: string): Promise<{ identity: Identity; created: boolean }> {
  const existing = await readIdentity(dir);
  if (existing && hasCatalogs(existing)) return { identity: existing, created: false };
  return withDirLock(dir, async () => {
    const raced = await readIdentity(dir);
    if (raced && hasCatalogs(raced)) return { identity: raced, created: false };
    if (raced) return { identity: await addCatalogs(dir, raced), created: false };
    return { identity: await createIdentity(dir), created: true };
  });
}

const hasCatalogs = (identity: Identity) => identity.subMerchants.every((s) => s.products?.length);

/** Identities made before payments existed get the dev catalog (keys and ids stay as they are). */
async function addCatalogs(dir: string, identity: Identity): Promise<Identity> {
  const json = JSON.parse((await readIfExists(join(dir, IDENTITY_FILES.json)))!) as IdentityJson;
  json.sub_merchants = json.sub_merchants.map((sub, i) => ({
    ...sub,
    products: sub.products?.length ? sub.products : devCatalog(i),
  }));
  await writeFileAtomic(identity.subMerchantsFile, subMerchantsFileContent(json.sub_merchants), 0o600);
  await writeFileAtomic(join(dir, IDENTITY_FILES.json), `${JSON.stringify(json, null, 2)}\n`, 0o600);
  return toIdentity(dir, json);
}

/** Two products per sub-merchant (amounts in fen), so the mini program has something to buy. */
function devCatalog(index: number): CatalogProduct[] {
  return index % 2 === 0
    ? [
        { product_id: 'americano', description: '美式咖啡（中杯）', amount_total: 1200 },
        { product_id: 'latte', description: '拿铁咖啡（大杯）', amount_total: 1850 },
      ]
    : [
        { product_id: 'bagel', description: '原味贝果', amount_total: 800 },
        { product_id: 'sandwich', description: '火腿芝士三明治', amount_total: 1590 },
      ];
}

async function readIdentity(dir: string): Promise<Identity | undefined> {
  const text = await readIfExists(join(dir, IDENTITY_FILES.json));
  if (text === undefined) return undefined;
  const json = JSON.parse(text) as IdentityJson;
  if (json.version !== 1) throw new Error(`unsupported identity version in ${dir}`);
  return toIdentity(dir, json);
}

async function createIdentity(dir: string): Promise<Identity> {
  const merchant = generateRsaKeyPair();
  const wechatpay = generateRsaKeyPair();
  const mchid = `16${digits(8)}`;
  const json: IdentityJson = {
    version: 1,
    mchid,
    sp_appid: appid(),
    merchant_serial_no: randomBytes(20).toString('hex').toUpperCase(),
    wechatpay_public_key_id: `PUB_KEY_ID_01${mchid}${ymd()}${digits(8)}`,
    apiv3_key: alnum(32),
    session_secret: randomBytes(48).toString('base64url'),
    sub_merchants: [
      subMerchant('演示商户·一号店', '一号店会员', devCatalog(0)),
      subMerchant('演示商户·二号店', '二号店会员', devCatalog(1)),
    ],
  };
  const identity = toIdentity(dir, json);
  await writeFileAtomic(identity.merchantPrivateKeyFile, merchant.privateKeyPem, 0o600);
  await writeFileAtomic(identity.merchantPublicKeyFile, merchant.publicKeyPem);
  await writeFileAtomic(identity.wechatpayPrivateKeyFile, wechatpay.privateKeyPem, 0o600);
  await writeFileAtomic(identity.wechatpayPublicKeyFile, wechatpay.publicKeyPem);
  await writeFileAtomic(identity.subMerchantsFile, subMerchantsFileContent(json.sub_merchants), 0o600);
  // identity.json last: its presence means the identity is complete.
  await writeFileAtomic(join(dir, IDENTITY_FILES.json), `${JSON.stringify(json, null, 2)}\n`, 0o600);
  return identity;
}

/** SUB_MERCHANTS_FILE holds exactly the fields of a `SubMerchantEntry` (the BFF refuses any other). */
export function subMerchantsFileContent(subMerchants: SubMerchant[]): string {
  const rows = subMerchants.map((sub) =>
    Object.fromEntries(ENTRY_FIELDS.map((field) => [field, sub[field]])),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function toIdentity(dir: string, json: IdentityJson): Identity {
  return {
    dir,
    mchid: json.mchid,
    spAppid: json.sp_appid,
    merchantSerialNo: json.merchant_serial_no,
    merchantPrivateKeyFile: join(dir, IDENTITY_FILES.merchantPrivateKey),
    merchantPublicKeyFile: join(dir, IDENTITY_FILES.merchantPublicKey),
    wechatpayPublicKeyId: json.wechatpay_public_key_id,
    wechatpayPublicKeyFile: join(dir, IDENTITY_FILES.wechatpayPublicKey),
    wechatpayPrivateKeyFile: join(dir, IDENTITY_FILES.wechatpayPrivateKey),
    apiV3Key: json.apiv3_key,
    sessionSecret: json.session_secret,
    subMerchants: json.sub_merchants,
    subMerchantsFile: join(dir, IDENTITY_FILES.subMerchants),
    bffEnvFile: join(dir, IDENTITY_FILES.bffEnv),
  };
}

function subMerchant(name: string, displayAccount: string, products: CatalogProduct[]): SubMerchant {
  return {
    sub_mchid: `16${digits(8)}`,
    sub_appid: appid(),
    sub_app_secret: randomBytes(16).toString('hex'),
    service_id: randomInt(10_000, 1_000_000),
    contract_display_account: displayAccount,
    products,
    name,
  };
}

function digits(n: number): string {
  return Array.from({ length: n }, () => randomInt(0, 10)).join('');
}

function alnum(n: number): string {
  return Array.from({ length: n }, () => ALNUM[randomInt(0, ALNUM.length)]).join('');
}

function appid(): string {
  return `wx${randomBytes(8).toString('hex')}`;
}

function ymd(): string {
  return new Date().toISOString().slice(0, 10).replaceAll('-', '');
}
