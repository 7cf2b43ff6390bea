import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody, ErrorCode } from '@kit/contract-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BASELINE_HEADERS } from './headers.js';
import { logOutcome } from './request-log.js';

type ConnectionError = Error & { code?: string };

function classify(error: ConnectionError): [number, ErrorCode, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'REQUEST_TIMEOUT', 'Request not received in time'];
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') return [431, 'BAD_REQUEST', 'Request headers too large'];
  return [400, 'BAD_REQUEST', 'Malformed request'];
}

function rawAnswer(status: number, body: ErrorBody): string {
  const json = JSON.stringify(body);
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
    ...BASELINE_HEADERS,
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n${json}`;
}

/**
 * Errors Node raises on the socket itself (the request deadline, broken HTTP, oversized headers)
 * never reach a route or the error handler: this answers them with the same error body and one
 * log line, naming the request in flight on that socket when there is one.
 */
export function createClientErrors(newRequestId: () => string) {
  const inFlight = new WeakMap<Socket, FastifyRequest>();
  return {
    register(app: FastifyInstance): void {
      app.addHook('onRequest', (request, _reply, done) => {
        inFlight.set(request.raw.socket, request);
        done();
      });
      const forget = (request: FastifyRequest) => inFlight.delete(request.raw.socket);
      app.addHook('onResponse', (request, _reply, done) => {
        forget(request);
        done();
      });
      app.addHook('onRequestAbort', (request, done) => {
        forget(request);
        done();
      });
    },
    handler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
      // The client reset or closed its side mid-request: nobody is left to answer, and an aborted
      // request is logged by its own hook.
      if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || socket.destroyed) {
        socket.destroy();
        return;
      }
      const [status, code, message] = classify(error);
      const request = inFlight.get(socket);
      const requestId = request ? String(request.id) : newRequestId();
      if (request) logOutcome(request, { statusCode: status, message: 'request cut' });
      else this.log.info({ reqId: requestId, statusCode: status, reason: error.code }, 'request cut');
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      // end() flushes the answer before the socket closes; destroy() alone could drop it.
      socket.end(rawAnswer(status, { code, message, request_id: requestId }), () => socket.destroy());
    },
  };
}
