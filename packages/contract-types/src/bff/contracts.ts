import Type, { type Static } from 'typebox';
import { DateTime, OutContractCode } from '../common.js';

export const CONTRACT_STATES = ['PRESIGNED', 'SIGNED', 'TERMINATED', 'EXPIRED'] as const;
export const ContractState = Type.Enum(CONTRACT_STATES);
export type ContractState = (typeof CONTRACT_STATES)[number];

/** How the pre-sign reached the user: the mini program's 「开通免密支付」, or WeChat's payment sheet after paying. */
export const CONTRACT_ORIGINS = ['MINI_PROGRAM', 'PAY_REDIRECT'] as const;
export const ContractOrigin = Type.Enum(CONTRACT_ORIGINS);
export type ContractOrigin = (typeof CONTRACT_ORIGINS)[number];

/**
 * POST /v1/contracts/pre-sign: no fields. The display account shown on WeChat's signing page is the
 * sub-merchant's configuration, never the client's word.
 */
export const PresignRequest = Type.Object({}, { additionalProperties: false });
export type PresignRequest = Static<typeof PresignRequest>;

export const PresignResponse = Type.Object({
  out_contract_code: OutContractCode,
  pre_entrustweb_id: Type.String(),
  sign_mp_appid: Type.String(),
  sign_mp_path: Type.String(),
  expires_at: DateTime,
});
export type PresignResponse = Static<typeof PresignResponse>;

export const ContractCodeParams = Type.Object({ out_contract_code: OutContractCode });
export type ContractCodeParams = Static<typeof ContractCodeParams>;

/** GET /v1/contracts/current, GET /v1/contracts/:out_contract_code, terminate result. */
/**
 * `termination_mode` values the BFF itself writes (WeChat Pay's own, e.g. `USER_TERMINATE`, pass
 * through). `UNKNOWN_TO_WECHATPAY`: WeChat Pay answered "no such contract" to both terminate and
 * query, so the contract is recorded as not active and the user can sign again.
 */
export const BFF_TERMINATION_MODES = { unknownToWechatpay: 'UNKNOWN_TO_WECHATPAY' } as const;

export const ContractView = Type.Object({
  out_contract_code: OutContractCode,
  state: ContractState,
  sub_mchid: Type.String(),
  service_id: Type.Integer(),
  contract_display_account: Type.String(),
  origin: ContractOrigin,
  contract_id: Type.Optional(Type.String()),
  expires_at: Type.Optional(DateTime),
  signed_at: Type.Optional(DateTime),
  terminated_at: Type.Optional(DateTime),
  termination_mode: Type.Optional(Type.String()),
});
export type ContractView = Static<typeof ContractView>;

/** POST /v1/contracts/:out_contract_code/terminate */
export const TerminateRequest = Type.Object(
  { remark: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) },
  { additionalProperties: false },
);
export type TerminateRequest = Static<typeof TerminateRequest>;

export const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
});
export type HealthResponse = Static<typeof HealthResponse>;
