import type { SessionResponse } from '@kit/contract-types';
import { MalformedResponseError, WechatLoginError, WechatPayNetworkError } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import type { Config, SubMerchant } from '../config.js';
import { AppError, unauthenticated } from '../lib/errors.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { SESSION_TTL_SECONDS, type SessionClaims, signSession, verifySession } from './session.token.js';

export interface Caller extends SessionClaims {
  subMerchant: SubMerchant;
}

/** jscode2session errcodes that mean "this login code is no good" — the client should log in again. */
const BAD_CODE = new Set([40029, 40163, 40226]);
/** errcodes that mean our own appid/secret configuration is wrong. */
const BAD_CONFIG = new Set([40013, 40125, 41002, 41004]);

function loginError(error: unknown, log: FastifyBaseLogger): AppError {
  if (error instanceof WechatLoginError) {
    log.warn({ errcode: error.errcode }, 'jscode2session failed');
    if (error.errcode === 45011) return new AppError(429, 'RATE_LIMITED', 'Too many logins, try again later');
    if (error.errcode === -1) return new AppError(503, 'UPSTREAM_UNAVAILABLE', 'WeChat login is busy');
    if (BAD_CONFIG.has(error.errcode)) {
      log.error(
        { errcode: error.errcode },
        'jscode2session rejected our appid/secret: check SUB_MERCHANTS_FILE',
      );
      return new AppError(502, 'UPSTREAM_REJECTED', 'WeChat login rejected the mini program configuration');
    }
    const known = BAD_CODE.has(error.errcode);
    return new AppError(400, 'LOGIN_CODE_INVALID', known ? 'Login code invalid or used' : 'Login refused');
  }
  if (error instanceof WechatPayNetworkError || error instanceof MalformedResponseError) {
    log.warn({ upstream: error.code }, 'jscode2session unavailable');
    return new AppError(503, 'UPSTREAM_UNAVAILABLE', 'WeChat login is temporarily unavailable');
  }
  throw error;
}

export interface SessionService {
  login(appid: string, code: string, log: FastifyBaseLogger): Promise<SessionResponse>;
  /** The caller behind an `Authorization: Bearer` header; throws UNAUTHENTICATED otherwise. */
  authenticate(authorization: string | undefined): Caller;
}

export function createSessionService(config: Config, wechat: WechatPort, now: () => number): SessionService {
  const byAppid = new Map(config.subMerchants.map((s) => [s.sub_appid, s]));
  return {
    async login(appid, code, log) {
      const sub = byAppid.get(appid);
      if (!sub) throw new AppError(400, 'UNKNOWN_APPID', 'This mini program is not served here');
      let openid: string;
      try {
        ({ openid } = await wechat.code2Session(sub.sub_appid, sub.sub_app_secret, code));
      } catch (error) {
        throw loginError(error, log);
      }
      const iat = Math.floor(now() / 1000);
      const exp = iat + SESSION_TTL_SECONDS;
      const claims = { sub_mchid: sub.sub_mchid, sub_appid: sub.sub_appid, sub_openid: openid, iat, exp };
      return {
        token: signSession(claims, config.sessionSecret),
        expires_at: new Date(exp * 1000).toISOString(),
      };
    },
    authenticate(authorization) {
      // The scheme is case-insensitive (RFC 7235 §2.1), the token68 is not.
      const match = /^bearer +([A-Za-z0-9._-]{1,1024})$/i.exec(authorization ?? '');
      if (!match?.[1]) throw unauthenticated();
      const claims = verifySession(match[1], config.sessionSecret, Math.floor(now() / 1000));
      const sub = claims && byAppid.get(claims.sub_appid);
      // A sub-merchant removed from the configuration invalidates its sessions.
      if (!claims || !sub || sub.sub_mchid !== claims.sub_mchid) throw unauthenticated();
      return { ...claims, subMerchant: sub };
    },
  };
}
