import {
  OutContractCode,
  PayRedirectSignRequest as PayRedirectSchema,
  type PayRedirectSignRequest,
  type PresignMiniProgramRequest,
  PresignMiniProgramRequest as PresignSchema,
  type TerminateContractRequest,
  TerminateContractRequest as TerminateSchema,
} from '@kit/contract-types';
import { API_PATHS } from '@kit/wechatpay';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { ContractsService } from '../contracts/contracts.service.js';
import type { PayRedirectService } from '../orders/pay-redirect.service.js';
import { WechatApiError } from '../protocol/errors.js';
import { checkNotifyUrl, parseJsonBody, validator } from '../protocol/validation.js';
import { endpoint } from './endpoint.js';
import { type TransactionRoutesDeps, transactionRoutes } from './transactions.routes.js';

export interface PayRoutesDeps extends TransactionRoutesDeps {
  contracts: ContractsService;
  payRedirect: PayRedirectService;
}

const PathParams = Type.Object({
  service_id: Type.String({ pattern: '^[1-9][0-9]{0,18}$' }),
  out_contract_code: OutContractCode,
});
const validatePresign = validator<PresignMiniProgramRequest>(PresignSchema, 'body');
const validatePayRedirect = validator<PayRedirectSignRequest>(PayRedirectSchema, 'body');
const validateTerminate = validator<TerminateContractRequest>(TerminateSchema, 'body');
const validatePath = validator<{ service_id: string; out_contract_code: string }>(PathParams, 'path');

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

  app.post(
    API_PATHS.payRedirectSign.route,
    endpoint(deps, 'pay_redirect_sign', (_request, raw) => {
      const body = validatePayRedirect(parseJsonBody(raw.toString('utf8')));
      checkNotifyUrl(body.notify_url);
      return deps.payRedirect.attach(body);
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

  await app.register(transactionRoutes, deps);
}
