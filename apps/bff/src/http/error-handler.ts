import type { ErrorBody as ErrorBodyT } from '@kit/contract-types';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

function body(request: FastifyRequest, code: ErrorBodyT['code'], message: string): ErrorBodyT {
  return { code, message, request_id: String(request.id) };
}

/** Renders every failure as `{code, message, request_id}`; 5xx details stay in the log. */
export function renderError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.status(error.statusCode).send(body(request, error.code, error.message));
  }
  if (error.validation) {
    const first = error.validation[0];
    const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    return reply
      .status(400)
      .send(body(request, 'VALIDATION_FAILED', `${where} ${first?.message ?? 'invalid'}`));
  }
  const status = error.statusCode ?? 500;
  if (status === 413)
    return reply.status(413).send(body(request, 'PAYLOAD_TOO_LARGE', 'Request body too large'));
  if (status === 429) return reply.status(429).send(body(request, 'RATE_LIMITED', 'Too many requests'));
  if (status >= 400 && status < 500) {
    return reply.status(status).send(body(request, 'VALIDATION_FAILED', error.message));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send(body(request, 'INTERNAL_ERROR', 'Internal error'));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(renderError);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body(request, 'NOT_FOUND', 'No such route'));
  });
}
