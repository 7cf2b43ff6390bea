import type {
  JsapiWithContractRequest,
  PartnerJsapiOrderRequest,
  PartnerTransaction,
  PayRedirectSignRequest,
} from '@kit/contract-types';
import { merchant } from './keys.js';

/** One ordinary order, one password-free order and their query answer, as §8 describes them. */
export const ordinary: PartnerJsapiOrderRequest = {
  sp_appid: 'wxd678efh567hg6787',
  sp_mchid: merchant.mchid,
  sub_appid: 'wx8888888888888888',
  sub_mchid: '1900000109',
  description: 'Image形象店-深圳腾大-QQ公仔',
  out_trade_no: '1217752501201407033233368018',
  notify_url: 'https://yourapp.com/v1/notifications/wechatpay',
  amount: { total: 100, currency: 'CNY' },
  payer: { sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
};

export const passwordFree: JsapiWithContractRequest = {
  ...ordinary,
  contract_info: { password_free_contract_id: 'Wx15463511252015071056489715' },
};

export const paid: PartnerTransaction = {
  sp_appid: ordinary.sp_appid,
  sp_mchid: ordinary.sp_mchid,
  sub_appid: ordinary.sub_appid,
  sub_mchid: ordinary.sub_mchid,
  out_trade_no: ordinary.out_trade_no,
  transaction_id: '4200000000201407033233368018',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  success_time: '2027-01-15T16:00:00+08:00',
  payer: { sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
};

export const payRedirect: PayRedirectSignRequest = {
  sp_appid: 'wxd678efh567hg6787',
  sub_mchid: '1900000109',
  sub_appid: 'wx8888888888888888',
  sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  service_id: 12535,
  out_contract_code: 'wxwtdk20200910100001',
  notify_url: 'https://yourapp.com/v1/notifications/wechatpay',
  contract_display_account: '微信代扣用户A',
  prepay_id: 'wx201410272009395522657a690389285100',
};
