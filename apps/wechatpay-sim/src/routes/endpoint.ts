import type { KeyObject } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultApi, SignMode } from '@kit/wechatpay/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimClock } from '../clock.js';
import type { FaultRegistry } from '../faults/faults.js';
import type { Identity } from '../identity/identity.js';
import { checkAuthorization } from '../protocol/authorization.js';
import { WechatApiError } from '../protocol/errors.js';
import type { ResponseSigner } from '../protocol/signed-reply.js';

export interface EndpointDeps {
  identity: Identity;
  merchantPublicKey: KeyObject;
  faults: FaultRegistry;
  signer: ResponseSigner;
  clock: SimClock;
}

export type Handler = (request: FastifyRequest, raw: Buffer) => unknown;

/** Authorization → injected fault → business handler → signed answer (`status`, 200 unless told). */
export function endpoint(deps: EndpointDeps, api: FaultApi, handle: Handler, status = 200) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    checkAuthorization({
      headers: request.headers,
      method: request.method,
      url: request.url,
      rawBody: raw,
      mchid: deps.identity.mchid,
      serialNo: deps.identity.merchantSerialNo,
      merchantPublicKey: deps.merchantPublicKey,
      nowMs: deps.clock.realNow(),
    });
    const fault = deps.faults.takeApi(api);
    let mode: SignMode = 'signed';
    switch (fault?.kind) {
      case 'system_error':
        throw new WechatApiError(500, 'SYSTEM_ERROR', '系统错误');
      case 'rate_limited':
        throw new WechatApiError(429, 'FREQUENCY_LIMITED', '请求频率超限');
      case 'drop':
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      case 'delay':
        await sleep(fault.delayMs);
        break;
      case 'unsigned':
      case 'bad_signature':
        mode = fault.kind;
        break;
    }
    return deps.signer.send(reply, status, handle(request, raw), mode);
  };
}
