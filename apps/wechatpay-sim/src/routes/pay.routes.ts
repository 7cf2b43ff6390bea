import type { KeyObject } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  OutContractCode,
  type PresignMiniProgramRequest,
  PresignMiniProgramRequest as PresignSchema,
  type TerminateContractRequest,
  TerminateContractRequest as TerminateSchema,
} from '@kit/contract-types';
import { API_PATHS } from '@kit/wechatpay';
import type { FaultApi, SignMode } from '@kit/wechatpay/testing';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { SimClock } from '../clock.js';
import type { ContractsService } from '../contracts/contracts.service.js';
import type { FaultRegistry } from '../faults/faults.js';
import type { Identity } from '../identity/identity.js';
import { checkAuthorization } from '../protocol/authorization.js';
import { WechatApiError } from '../protocol/errors.js';
import type { ResponseSigner } from '../protocol/signed-reply.js';
import { checkNotifyUrl, parseJsonBody, validator } from '../protocol/validation.js';

export interface PayRoutesDeps {
  identity: Identity;
  merchantPublicKey: KeyObject;
  contracts: ContractsService;
  faults: FaultRegistry;
  signer: ResponseSigner;
  clock: SimClock;
}

const PathParams = Type.Object({
  service_id: Type.String({ pattern: '^[1-9][0-9]{0,18}$' }),
  out_contract_code: OutContractCode,
});
const validatePresign = validator<PresignMiniProgramRequest>(PresignSchema, 'body');
const validateTerminate = validator<TerminateContractRequest>(TerminateSchema, 'body');
const validatePath = validator<{ service_id: string; out_contract_code: string }>(PathParams, 'path');

type Handler = (request: FastifyRequest, raw: Buffer) => unknown;

/** The WeChat Pay APIv3 endpoints, with WeChat Pay's checks in WeChat Pay's order. */
export async function payRoutes(app: FastifyInstance, deps: PayRoutesDeps): Promise<void> {
  const { contracts, signer } = deps;
  // Signatures cover the exact bytes: keep the body raw and parse it ourselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof WechatApiError) return signer.send(reply, error.status, error.toBody());
    const failure = error as Error & { statusCode?: number };
    const status = failure.statusCode ?? 500;
    if (status < 500) return signer.send(reply, 400, { code: 'INVALID_REQUEST', message: failure.message });
    request.log.error({ err: error }, 'simulator bug');
    return signer.send(reply, 500, { code: 'SYSTEM_ERROR', message: '系统错误' });
  });

  app.post(
    API_PATHS.presignMiniProgram.route,
    endpoint(deps, 'presign', (_request, raw) => {
      const body = validatePresign(parseJsonBody(raw.toString('utf8')));
      checkNotifyUrl(body.notify_url);
      return contracts.presign(body);
    }),
  );

  app.get(
    API_PATHS.queryContract.route,
    endpoint(deps, 'query', (request) => {
      const params = validatePath(request.params);
      return contracts.query(Number(params.service_id), params.out_contract_code);
    }),
  );

  app.post(
    API_PATHS.terminateContract.route,
    endpoint(deps, 'terminate', (request, raw) => {
      const params = validatePath(request.params);
      const body = validateTerminate(parseJsonBody(raw.toString('utf8')));
      return contracts.terminate(
        Number(params.service_id),
        params.out_contract_code,
        body.contract_termination_remark,
      );
    }),
  );
}

/** Authorization → injected fault → business handler → signed answer. */
function endpoint(deps: PayRoutesDeps, api: FaultApi, handle: Handler) {
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
    return deps.signer.send(reply, 200, handle(request, raw), mode);
  };
}
