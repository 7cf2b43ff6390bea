/**
 * The only reader of build-time configuration. Taro inlines each `process.env.TARO_APP_*`
 * literally at build time (config/index.ts forwards them), so keep the full expressions here.
 */
const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export const env = {
  /** BFF base URL; `/` means same origin (the h5 dev server proxies /v1 to the BFF). */
  bffUrl: trimSlash(process.env.TARO_APP_BFF_URL || 'http://127.0.0.1:3000'),
  /** Simulator base URL: the h5 preview replaces the signing mini program with its /sim/sign page. */
  simUrl: trimSlash(process.env.TARO_APP_SIM_URL || 'http://127.0.0.1:3100'),
  /** This mini program's appid for h5, where Taro.getAccountInfoSync is unavailable. */
  appId: process.env.TARO_APP_APPID || '',
  /** The sub-merchant's name, said before signing (whom the user lets charge without a password). */
  merchantName: process.env.TARO_APP_MERCHANT_NAME || '本商户',
};
