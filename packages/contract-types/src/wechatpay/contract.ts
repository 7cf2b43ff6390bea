import Type, { type Static } from 'typebox';
import { OutContractCode } from '../common.js';

/** Only sample values are public ("SIGNED", "USER_TERMINATE"): both are open strings. */
export const ContractTerminateInfo = Type.Object({
  contract_termination_mode: Type.String(),
  contract_terminated_time: Type.Optional(Type.String()),
  contract_termination_remark: Type.Optional(Type.String()),
});
export type ContractTerminateInfo = Static<typeof ContractTerminateInfo>;

/** GET /v3/password-exempt-contract/contracts/service-id/{service_id}/out-contract-code/{code} */
export const QueryContractResponse = Type.Object({
  mchid: Type.String(),
  contract_id: Type.String({ maxLength: 32 }),
  appid: Type.String(),
  openid: Type.String(),
  sub_appid: Type.Optional(Type.String()),
  sub_openid: Type.Optional(Type.String()),
  service_id: Type.Integer(),
  out_contract_code: OutContractCode,
  contract_display_account: Type.Optional(Type.String()),
  contract_state: Type.String(),
  contract_signed_time: Type.String(),
  contract_terminate_info: Type.Optional(ContractTerminateInfo),
});
export type QueryContractResponse = Static<typeof QueryContractResponse>;

/** POST .../out-contract-code/{code}/terminate */
export const TerminateContractRequest = Type.Object(
  { contract_termination_remark: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type TerminateContractRequest = Static<typeof TerminateContractRequest>;

export const TerminateContractResponse = Type.Object({
  mchid: Type.String(),
  service_id: Type.Integer(),
  out_contract_code: OutContractCode,
});
export type TerminateContractResponse = Static<typeof TerminateContractResponse>;

/** Every APIv3 error body. */
export const WechatPayErrorBody = Type.Object({
  code: Type.String(),
  message: Type.String(),
  detail: Type.Optional(Type.Unknown()),
});
export type WechatPayErrorBody = Static<typeof WechatPayErrorBody>;
