import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../lib/errors.js';
import type { Caller, SessionService } from '../session/session.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** preHandler for Bearer routes: sets `request.caller` or fails with 401 UNAUTHENTICATED. */
export function authenticate(sessions: SessionService) {
  return async (request: FastifyRequest) => {
    request.caller = sessions.authenticate(request.headers.authorization);
  };
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthenticated();
  return request.caller;
}

/** Rate-limit key per user; hashed so the in-memory store holds no openid. */
export function callerKey(request: FastifyRequest): string {
  const c = request.caller;
  if (!c) return `ip:${request.ip}`;
  return `u:${createHash('sha256').update(`${c.sub_mchid}\n${c.sub_openid}`).digest('base64url')}`;
}
