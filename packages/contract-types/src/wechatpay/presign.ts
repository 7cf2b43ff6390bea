import Type, { type Static } from 'typebox';
import { DisplayAccount, OutContractCode } from '../common.js';

const presignFields = {
  sp_appid: Type.String({ minLength: 1, maxLength: 32 }),
  sp_openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  sub_mchid: Type.String({ minLength: 1, maxLength: 32 }),
  sub_appid: Type.String({ minLength: 1, maxLength: 32 }),
  sub_openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  service_id: Type.Integer({ minimum: 1 }),
  out_contract_code: OutContractCode,
  notify_url: Type.String({ minLength: 1, maxLength: 256 }),
  contract_display_account: DisplayAccount,
};
const oneOpenid = [{ required: ['sp_openid'] }, { required: ['sub_openid'] }];

/**
 * POST /v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/mini-program
 * One of sp_openid / sub_openid is required; absent fields are omitted, never null.
 */
export const PresignMiniProgramRequest = Type.Object(presignFields, {
  additionalProperties: false,
  anyOf: oneOpenid,
});
export type PresignMiniProgramRequest = Static<typeof PresignMiniProgramRequest>;

export const PresignMiniProgramResponse = Type.Object({
  pre_entrustweb_id: Type.String({ minLength: 1, maxLength: 128 }),
  mchid: Type.String(),
  sub_mchid: Type.String(),
  service_id: Type.Integer(),
  out_contract_code: OutContractCode,
  sign_mp_appid: Type.String({ minLength: 1 }),
  sign_mp_path: Type.String({ minLength: 1 }),
});
export type PresignMiniProgramResponse = Static<typeof PresignMiniProgramResponse>;

/**
 * POST …/pre-entrust-sign/pay-redirect-sign (支付后预签约): the pre-sign fields plus the `prepay_id` of an
 * ordinary order, called before that prepay is handed to the mini program.
 */
export const PayRedirectSignRequest = Type.Object(
  { ...presignFields, prepay_id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false, anyOf: oneOpenid },
);
export type PayRedirectSignRequest = Static<typeof PayRedirectSignRequest>;

/** No pre_entrustweb_id and no jump: WeChat's payment sheet offers the signing after the payment. */
export const PayRedirectSignResponse = Type.Object({
  mchid: Type.String(),
  sub_mchid: Type.String(),
  service_id: Type.Integer(),
  out_contract_code: OutContractCode,
});
export type PayRedirectSignResponse = Static<typeof PayRedirectSignResponse>;
