import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_PATHS } from '@kit/wechatpay';
import { openidFor } from '@kit/wechatpay/testing';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FaultRegistry } from '../faults/faults.js';
import type { Identity } from '../identity/identity.js';

export interface LoginRoutesDeps {
  identity: Identity;
  faults: FaultRegistry;
}

const CODE_PATTERN = /^[0-9A-Za-z_-]{1,128}$/;

/**
 * `GET /sns/jscode2session` as api.weixin.qq.com answers it: HTTP 200, text/plain JSON, either the
 * session or `{errcode, errmsg}`. A code stands for a user: the same (appid, code) always yields the
 * same openid (`openidFor`), so tests can log the same user in twice. A code starting with `invalid`
 * is rejected.
 */
export async function loginRoutes(app: FastifyInstance, deps: LoginRoutesDeps): Promise<void> {
  app.get(API_PATHS.jscode2session.route, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const fault = deps.faults.takeApi('jscode2session');
    if (fault?.kind === 'drop') {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault?.kind === 'delay') await sleep(fault.delayMs);
    if (fault?.kind === 'system_error') return answer(reply, { errcode: -1, errmsg: 'system error' });
    if (fault?.kind === 'rate_limited') {
      return answer(reply, {
        errcode: 45011,
        errmsg: 'api minute-quota reach limit  mustslower  retry next minute',
      });
    }
    const sub = deps.identity.subMerchants.find((s) => s.sub_appid === query.appid);
    if (!sub) return answer(reply, { errcode: 40013, errmsg: 'invalid appid' });
    if (query.secret !== sub.sub_app_secret)
      return answer(reply, { errcode: 40125, errmsg: 'invalid appsecret' });
    if (query.grant_type !== 'authorization_code') {
      return answer(reply, { errcode: 40002, errmsg: 'invalid grant_type' });
    }
    const code = query.js_code;
    if (!code) return answer(reply, { errcode: 41008, errmsg: 'missing code' });
    if (!CODE_PATTERN.test(code) || code.startsWith('invalid')) {
      return answer(reply, { errcode: 40029, errmsg: 'invalid code' });
    }
    return answer(reply, {
      session_key: sessionKey(sub.sub_appid, code),
      openid: openidFor(sub.sub_appid, code),
    });
  });
}

function sessionKey(appid: string, code: string): string {
  return createHash('sha256')
    .update(`session_key:${appid}:${code}`)
    .digest()
    .subarray(0, 16)
    .toString('base64');
}

function answer(reply: FastifyReply, body: object): FastifyReply {
  return reply.code(200).header('Content-Type', 'text/plain').send(JSON.stringify(body));
}
