import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';

/**
 * Defence in depth: handlers never log tokens, openids or keys, and these paths are censored if one
 * ever reaches a log object anyway.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'openid',
  '*.openid',
  'sub_openid',
  '*.sub_openid',
  'sp_openid',
  '*.sp_openid',
  'session_key',
  '*.session_key',
  'secret',
  '*.secret',
  'sub_app_secret',
  '*.sub_app_secret',
  'apiV3Key',
  '*.apiV3Key',
  'privateKey',
  '*.privateKey',
  'sessionSecret',
  '*.sessionSecret',
];

export type LoggerOption = FastifyServerOptions['logger'];

/**
 * Without a stream, stdout written asynchronously: pino's default writes every line with a
 * synchronous write(2) on the event loop, which stalls every request while the disk is busy (a WAL
 * checkpoint's fsync on the same disk). Lines written meanwhile go out together; pino flushes
 * synchronously on exit, so the lines before a crash or `process.exit` are not lost.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): LoggerOption {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    stream: stream ?? pino.destination({ dest: 1, sync: false }),
  };
}
