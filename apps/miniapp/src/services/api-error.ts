import type { ErrorCode } from '@kit/contract-types/types';

/** Codes the client produces itself, next to the BFF's stable ones. */
export const CLIENT_ERROR_CODES = ['NETWORK_ERROR', 'BAD_RESPONSE', 'LOGIN_FAILED', 'LAUNCH_FAILED'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type AppErrorCode = ErrorCode | ClientErrorCode;

/** The one error type services throw: the BFF's `code`, HTTP status (0 = no response), request id. */
export class ApiError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(code: AppErrorCode, status: number, message: string, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.requestId = requestId;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Anything thrown below the UI becomes an ApiError; unknown throws count as network failures. */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new ApiError('NETWORK_ERROR', 0, message);
}
