import type { ErrorCode } from '@kit/contract-types';
import {
  InvalidRequestError,
  MalformedResponseError,
  WechatPayApiError,
  WechatPayNetworkError,
  WechatPayVerificationError,
} from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';

/** A failure with a stable code the client can branch on; the error handler renders it. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthenticated = () =>
  new AppError(401, 'UNAUTHENTICATED', 'Missing, invalid or expired session');

/**
 * Maps a WeChat Pay client failure to what the mini program can act on, and logs what support needs
 * (WeChat's code and Request-ID) — never request bodies, which carry openids.
 */
export function upstreamError(error: unknown, log: FastifyBaseLogger, action: string): AppError {
  if (error instanceof WechatPayVerificationError || error instanceof MalformedResponseError) {
    log.error({ action, upstream: error.code }, 'WeChat Pay response failed verification');
    return new AppError(502, 'UPSTREAM_UNVERIFIED', 'WeChat Pay response could not be verified');
  }
  if (error instanceof WechatPayApiError) {
    const fields = {
      action,
      status: error.status,
      wechatCode: error.apiCode,
      wechatRequestId: error.requestId,
    };
    if (error.status >= 500 || error.status === 429) {
      log.warn(fields, 'WeChat Pay unavailable');
      return new AppError(503, 'UPSTREAM_UNAVAILABLE', 'WeChat Pay is temporarily unavailable');
    }
    log.warn({ ...fields, wechatMessage: error.message }, 'WeChat Pay rejected the request');
    return new AppError(502, 'UPSTREAM_REJECTED', `WeChat Pay rejected the request (${error.apiCode})`);
  }
  if (error instanceof WechatPayNetworkError) {
    log.warn({ action, timedOut: error.timedOut }, 'WeChat Pay unreachable');
    return new AppError(503, 'UPSTREAM_UNAVAILABLE', 'WeChat Pay is temporarily unavailable');
  }
  if (error instanceof InvalidRequestError) {
    log.warn({ action, errors: error.errors }, 'request refused before sending to WeChat Pay');
    return new AppError(400, 'VALIDATION_FAILED', 'The request does not meet WeChat Pay rules');
  }
  if (error instanceof AppError) return error;
  throw error;
}
