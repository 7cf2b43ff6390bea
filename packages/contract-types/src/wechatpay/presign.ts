import Type, { type Static } from 'typebox';
import { DisplayAccount, OutContractCode } from '../common.js';

/**
 * POST /v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/mini-program
 * One of sp_openid / sub_openid is required; absent fields are omitted, never null.
 */
export const PresignMiniProgramRequest = Type.Object(
  {
    sp_appid: Type.String({ minLength: 1, maxLength: 32 }),
    sp_openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    sub_mchid: Type.String({ minLength: 1, maxLength: 32 }),
    sub_appid: Type.String({ minLength: 1, maxLength: 32 }),
    sub_openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    service_id: Type.Integer({ minimum: 1 }),
    out_contract_code: OutContractCode,
    notify_url: Type.String({ minLength: 1, maxLength: 256 }),
    contract_display_account: DisplayAccount,
  },
  {
    additionalProperties: false,
    anyOf: [{ required: ['sp_openid'] }, { required: ['sub_openid'] }],
  },
);
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
