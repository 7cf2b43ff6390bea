import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ContractCodeParams,
  ContractView,
  PresignRequest,
  PresignResponse,
  TerminateRequest,
} from '@kit/contract-types';
import type { RateLimit } from '../config.js';
import { authenticate, callerOf } from '../http/auth.js';
import { emptyJsonAsObject } from '../http/empty-json-body.js';
import { errors } from '../http/error-schemas.js';
import { perUserRateLimit } from '../http/rate-limit.js';
import type { SessionService } from '../session/session.service.js';
import type { ContractsService } from './contracts.service.js';

export interface ContractsRoutesOptions {
  sessions: SessionService;
  contracts: ContractsService;
  presignLimit: RateLimit;
}

const bearer = [{ bearer: [] }];

export const contractsRoutes: FastifyPluginAsyncTypebox<ContractsRoutesOptions> = async (app, opts) => {
  app.decorateRequest('caller', null);
  app.addHook('preHandler', authenticate(opts.sessions));

  // Both bodies have only optional fields: an empty one from wx.request reads as `{}`.
  emptyJsonAsObject(app);

  app.post(
    '/v1/contracts/pre-sign',
    {
      config: { rateLimit: perUserRateLimit(opts.presignLimit) },
      schema: {
        tags: ['contracts'],
        summary: 'Get a pre-sign for navigateToMiniProgram (reused while > 15 min remain)',
        security: bearer,
        body: PresignRequest,
        response: { 200: PresignResponse, ...errors(400, 401, 409, 413, 429, 500, 502, 503) },
      },
    },
    async (request) => opts.contracts.presign(callerOf(request), request.log),
  );

  app.get(
    '/v1/contracts/current',
    {
      schema: {
        tags: ['contracts'],
        summary: "The caller's status: the signed contract, else the latest terminated one",
        security: bearer,
        response: { 200: ContractView, ...errors(401, 404, 500) },
      },
    },
    async (request) => opts.contracts.current(callerOf(request), request.log),
  );

  app.get(
    '/v1/contracts/:out_contract_code',
    {
      schema: {
        tags: ['contracts'],
        summary: 'One of the caller’s contracts; a PRESIGNED one is confirmed with WeChat Pay',
        security: bearer,
        params: ContractCodeParams,
        response: { 200: ContractView, ...errors(400, 401, 404, 500) },
      },
    },
    async (request) => opts.contracts.get(callerOf(request), request.params.out_contract_code, request.log),
  );

  app.post(
    '/v1/contracts/:out_contract_code/terminate',
    {
      schema: {
        tags: ['contracts'],
        summary: 'Terminate a signed contract through WeChat Pay (idempotent)',
        security: bearer,
        params: ContractCodeParams,
        body: TerminateRequest,
        response: { 200: ContractView, ...errors(400, 401, 404, 409, 413, 500, 502, 503) },
      },
    },
    async (request) =>
      opts.contracts.terminate(
        callerOf(request),
        request.params.out_contract_code,
        request.body.remark,
        request.log,
      ),
  );
};
