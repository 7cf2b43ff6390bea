import type { SubMerchantEntry } from '@kit/contract-types';

/** What the bench needs to know about the simulator's identity (read from its files, like the BFF does). */
export interface SimIdentity {
  mchid: string;
  spAppid: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  wechatpayPublicKeyId: string;
  wechatpayPublicKeyPem: string;
  wechatpayPrivateKeyPem: string;
  apiV3Key: string;
  /** The first entry of the simulator's SUB_MERCHANTS_FILE. */
  sub: SubMerchantEntry;
  notifyUrl: string;
}

/** The simulator's identity as the BFF sees it (no WeChat Pay private key), and where to run. */
export type RelayConfig = Omit<SimIdentity, 'wechatpayPrivateKeyPem'> & {
  port: number;
  dbFile: string;
  simUrl: string;
};
