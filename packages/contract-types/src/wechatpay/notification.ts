import Type, { type Static } from 'typebox';
import { OutContractCode } from '../common.js';
import { ContractTerminateInfo } from './contract.js';

export const NotificationResource = Type.Object({
  original_type: Type.Optional(Type.String()),
  algorithm: Type.String(),
  ciphertext: Type.String({ minLength: 1 }),
  nonce: Type.String({ minLength: 1 }),
  associated_data: Type.Optional(Type.String()),
});
export type NotificationResource = Static<typeof NotificationResource>;

/** The notification body as POSTed to notify_url. */
export const NotificationEnvelope = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  create_time: Type.String(),
  event_type: Type.String({ minLength: 1 }),
  resource_type: Type.String(),
  summary: Type.Optional(Type.String()),
  resource: NotificationResource,
});
export type NotificationEnvelope = Static<typeof NotificationEnvelope>;

/**
 * Decrypted resource of a contract notification. The exact field list is not public: only
 * out_contract_code is relied on; the rest are read when present (the query API is the truth).
 */
export const ContractNotificationPayload = Type.Object({
  out_contract_code: OutContractCode,
  mchid: Type.Optional(Type.String()),
  sub_mchid: Type.Optional(Type.String()),
  service_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  contract_id: Type.Optional(Type.String()),
  appid: Type.Optional(Type.String()),
  openid: Type.Optional(Type.String()),
  sub_appid: Type.Optional(Type.String()),
  sub_openid: Type.Optional(Type.String()),
  contract_state: Type.Optional(Type.String()),
  contract_signed_time: Type.Optional(Type.String()),
  contract_terminate_info: Type.Optional(ContractTerminateInfo),
});
export type ContractNotificationPayload = Static<typeof ContractNotificationPayload>;

/** The answer that makes WeChat Pay retry a notification. */
export const NotificationFailureBody = Type.Object({
  code: Type.Literal('FAIL'),
  message: Type.String(),
});
export type NotificationFailureBody = Static<typeof NotificationFailureBody>;
