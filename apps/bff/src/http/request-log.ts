import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a handler adds to its request's one log line (ids and outcomes, never secrets). */
    logFields: Record<string, string> | null;
    /** An unexpected error behind a 5xx: logged, with its stack, on the request's one line. */
    failure: unknown;
    /** Set once the request's line is written, so no path writes a second one. */
    logged: boolean;
  }
}

/** The path alone: a query string may carry anything a client put there. */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export interface Outcome {
  statusCode?: number;
  responseTime?: number;
  message?: string;
}

/** Writes the request's one line (the first call wins). */
export function logOutcome(request: FastifyRequest, outcome: Outcome): void {
  if (request.logged) return;
  request.logged = true;
  const fields = {
    method: request.method,
    url: loggedUrl(request.url),
    statusCode: outcome.statusCode,
    responseTime: outcome.responseTime,
    ...request.logFields,
  };
  const message = outcome.message ?? 'request completed';
  if (request.failure) request.log.error({ ...fields, err: request.failure }, message);
  else request.log.info(fields, message);
}

/**
 * One line per request (Fastify's default writes two: received and completed): only the path,
 * status and a handler's `logFields`; headers and bodies never reach it.
 */
export function logRequests(app: FastifyInstance): void {
  app.decorateRequest('logFields', null);
  app.decorateRequest('failure', null);
  app.decorateRequest('logged', false);
  app.addHook('onResponse', (request, reply, done) => {
    logOutcome(request, { statusCode: reply.statusCode, responseTime: reply.elapsedTime });
    done();
  });
  // The client went away (or was cut by the deadline) before an answer could be written.
  app.addHook('onRequestAbort', (request, done) => {
    logOutcome(request, { message: 'request aborted' });
    done();
  });
}
