import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotificationFailureBody } from '@kit/contract-types';
import type { FastifyError } from 'fastify';
import { NotificationRejected, type NotificationsService } from './notifications.service.js';

const FAIL = (message: string) => ({ code: 'FAIL' as const, message });

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationsService }> = async (
  app,
  opts,
) => {
  // The signature covers the exact bytes: keep them, whatever the content type says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, raw, done) => {
    done(null, raw);
  });

  app.post(
    '/v1/notifications/wechatpay',
    {
      schema: {
        tags: ['notifications'],
        summary: 'WeChat Pay contract notifications (signed, AES-256-GCM encrypted)',
        response: {
          204: { type: 'null', description: 'processed (or a duplicate)' },
          400: NotificationFailureBody,
          401: NotificationFailureBody,
          413: NotificationFailureBody,
          500: NotificationFailureBody,
        },
      },
      errorHandler(error: FastifyError, request, reply) {
        if (error instanceof NotificationRejected) {
          return reply.status(error.statusCode).send(FAIL(error.message));
        }
        const status = error.statusCode ?? 500;
        if (status === 413) return reply.status(413).send(FAIL('body too large'));
        if (status >= 400 && status < 500) return reply.status(400).send(FAIL('bad request'));
        request.log.error({ err: error }, 'notification failed');
        return reply.status(500).send(FAIL('internal error'));
      },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      request.logFields = await opts.notifications.handle(request.headers, raw, request.log);
      return reply.status(204).send(null);
    },
  );
};
