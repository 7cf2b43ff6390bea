import type { FastifyServerOptions } from 'fastify';

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

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): LoggerOption {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(stream ? { stream } : {}),
  };
}
