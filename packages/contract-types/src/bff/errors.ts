import Type, { type Static } from 'typebox';

/** Stable error codes of the BFF. The mini program maps each to its own copy. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'UNKNOWN_APPID',
  'LOGIN_CODE_INVALID',
  'NOT_FOUND',
  'NO_CONTRACT',
  'CONTRACT_ALREADY_ACTIVE',
  'CONTRACT_NOT_ACTIVE',
  'NO_SUCH_PRODUCT',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'ORDER_ALREADY_PAID',
  'ORDER_CLOSED',
  'PASSWORD_FREE_REFUSED',
  'PAYLOAD_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'RATE_LIMITED',
  'UPSTREAM_REJECTED',
  'UPSTREAM_UNVERIFIED',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export const ErrorCode = Type.Enum(ERROR_CODES);
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBody = Type.Object({
  code: ErrorCode,
  message: Type.String(),
  request_id: Type.String(),
});
export type ErrorBody = Static<typeof ErrorBody>;
