import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionRequest, SessionResponse } from '@kit/contract-types';
import type { RateLimit } from '../config.js';
import { errors } from '../http/error-schemas.js';
import type { SessionService } from './session.service.js';

export interface SessionRoutesOptions {
  sessions: SessionService;
  limit: RateLimit;
}

export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, opts) => {
  app.post(
    '/v1/session',
    {
      config: { rateLimit: { max: opts.limit.max, timeWindow: opts.limit.timeWindowMs } },
      schema: {
        tags: ['session'],
        summary: 'Exchange a wx.login code for a session token',
        body: SessionRequest,
        response: { 200: SessionResponse, ...errors(400, 413, 429, 500, 502, 503) },
      },
    },
    async (request) => opts.sessions.login(request.body.appid, request.body.code, request.log),
  );
};
