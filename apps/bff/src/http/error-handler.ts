import type { ErrorBody as ErrorBodyT, ErrorCode } from '@kit/contract-types';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';
import { BASELINE_HEADERS } from './headers.js';
import { logOutcome } from './request-log.js';

function body(request: FastifyRequest, code: ErrorCode, message: string): ErrorBodyT {
  return { code, message, request_id: String(request.id) };
}

/**
 * Fastify's own errors by code. Their messages quote the input (the URL, the content type, the
 * JSON parser's view of the body): only these fixed sentences are answered.
 */
const FRAMEWORK: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_BAD_URL: [400, 'BAD_REQUEST', 'Malformed URL'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'BAD_REQUEST', 'URL parameter too long'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'BAD_REQUEST', 'Unsupported content type'],
  // A body that is not JSON fails the body schema as surely as one of the wrong shape.
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'VALIDATION_FAILED', 'body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VALIDATION_FAILED', 'body is empty'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'Content-Length does not match the body'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'Request body too large'],
};

function classify(error: FastifyError | AppError): [number, ErrorCode, string] {
  if (error instanceof AppError) return [error.statusCode, error.code, error.message];
  if (error.validation) {
    const first = error.validation[0];
    const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    return [400, 'VALIDATION_FAILED', `${where} ${first?.message ?? 'invalid'}`];
  }
  const known = error.code ? FRAMEWORK[error.code] : undefined;
  if (known) return known;
  const status = error.statusCode ?? 500;
  if (status === 413) return [413, 'PAYLOAD_TOO_LARGE', 'Request body too large'];
  if (status === 429) return [429, 'RATE_LIMITED', 'Too many requests'];
  if (status >= 400 && status < 500) return [status, 'BAD_REQUEST', 'Bad request'];
  return [500, 'INTERNAL_ERROR', 'Internal error'];
}

/** Renders every failure as `{code, message, request_id}`; 5xx details go to the request's log line. */
export function renderError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const [status, code, message] = classify(error);
  // A client that went away (or was cut) mid-body is no server failure; its abort is logged.
  const clientGone = request.raw.destroyed || request.raw.socket.destroyed;
  if (status >= 500 && !clientGone) request.failure = error;
  return reply.status(status).send(body(request, code, message));
}

/**
 * A malformed URL or an over-long parameter is refused before routing, where no hook runs: the
 * headers and the log line the hooks would add are added here.
 */
export function renderFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.headers(BASELINE_HEADERS);
  renderError(error, request, reply);
  logOutcome(request, { statusCode: reply.statusCode, responseTime: reply.elapsedTime });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(renderError);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body(request, 'NOT_FOUND', 'No such route'));
  });
}
