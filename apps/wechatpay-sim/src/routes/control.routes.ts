import type { FastifyInstance } from 'fastify';
import type { SimClock } from '../clock.js';
import type { ContractStore } from '../contracts/contract-store.js';
import { queryView } from '../contracts/contract-views.js';
import type { ContractsService } from '../contracts/contracts.service.js';
import type { FaultRegistry, FaultSpec } from '../faults/faults.js';
import type { Identity } from '../identity/identity.js';
import type { DeliveryLog } from '../notifications/delivery-log.js';
import type { PaymentSheetService } from '../orders/payment-sheet.service.js';
import { ControlError } from '../protocol/errors.js';
import { ClockBody, controlValidator, FaultBody } from './control.schemas.js';
import { paymentControlRoutes } from './payment-control.routes.js';

export interface ControlRoutesDeps {
  identity: Identity;
  contracts: ContractsService;
  store: ContractStore;
  faults: FaultRegistry;
  deliveries: DeliveryLog;
  clock: SimClock;
  sheet: PaymentSheetService;
}

const validateFault = controlValidator<FaultSpec>(FaultBody);
const validateClock = controlValidator<{ advance_seconds?: number; time_scale?: number }>(ClockBody);

/** `/sim/*`: act as the user, inspect notifications, inject faults, move WeChat-side time. */
export async function controlRoutes(app: FastifyInstance, deps: ControlRoutesDeps): Promise<void> {
  const { contracts, store, faults, clock } = deps;
  const sp = { mchid: deps.identity.mchid, spAppid: deps.identity.spAppid };

  // Tools often send `content-type: application/json` with no body to POST actions: that is fine here.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new ControlError(400, 'INVALID_REQUEST', 'body is not valid JSON'), undefined);
    }
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ControlError)
      return reply.code(error.status).send({ code: error.code, message: error.message });
    const failure = error as Error & { statusCode?: number };
    const status = failure.statusCode ?? 500;
    if (status < 500) return reply.code(400).send({ code: 'INVALID_REQUEST', message: failure.message });
    return reply.code(500).send({ code: 'INTERNAL_ERROR', message: failure.message });
  });

  app.get<{ Params: { id: string } }>('/sim/pre-entrustweb/:id', async (request) => {
    const session = store.session(request.params.id);
    if (!session) throw new ControlError(404, 'NO_SESSION', 'unknown pre_entrustweb_id');
    return {
      pre_entrustweb_id: session.preEntrustwebId,
      origin: session.origin,
      out_contract_code: session.outContractCode,
      sub_mchid: session.subMchid,
      service_id: session.serviceId,
      contract_display_account: session.displayAccount,
      status: session.status === 'PENDING' && contracts.isExpired(session) ? 'EXPIRED' : session.status,
      abandoned: session.abandoned,
    };
  });

  app.post<{ Params: { id: string } }>('/sim/pre-entrustweb/:id/confirm', async (request) => {
    return queryView(sp, contracts.confirm(request.params.id));
  });

  app.post<{ Params: { id: string } }>('/sim/pre-entrustweb/:id/cancel', async (request) => {
    const session = contracts.cancel(request.params.id);
    return {
      pre_entrustweb_id: session.preEntrustwebId,
      status: session.status,
      abandoned: session.abandoned,
    };
  });

  app.post<{ Params: { code: string } }>('/sim/contracts/:code/user-terminate', async (request) => {
    return queryView(sp, contracts.userTerminate(request.params.code));
  });

  app.get('/sim/contracts', async () => ({ contracts: store.allContracts().map((c) => queryView(sp, c)) }));

  app.get<{ Querystring: { out_contract_code?: string; out_trade_no?: string } }>(
    '/sim/notifications',
    async (request) => {
      const { out_contract_code, out_trade_no } = request.query;
      return { deliveries: deps.deliveries.list({ out_contract_code, out_trade_no }) };
    },
  );

  app.get('/sim/faults', async () => ({ faults: faults.list() }));
  app.post('/sim/faults', async (request, reply) => {
    faults.add(validateFault(request.body));
    return reply.code(201).send({ faults: faults.list() });
  });
  app.delete('/sim/faults', async () => {
    faults.clear();
    return { faults: faults.list() };
  });

  const clockView = () => ({
    wechat_now: new Date(clock.wechatNow()).toISOString(),
    advanced_seconds: clock.advancedSeconds,
    time_scale: clock.timeScale,
  });
  app.get('/sim/clock', async () => clockView());
  app.post('/sim/clock', async (request) => {
    const body = validateClock(request.body ?? {});
    if (body.time_scale !== undefined) clock.setTimeScale(body.time_scale);
    if (body.advance_seconds !== undefined) clock.advance(body.advance_seconds);
    return clockView();
  });

  app.get('/sim/identity', async () => publicIdentity(deps.identity));
  await app.register(paymentControlRoutes, { sp, sheet: deps.sheet });
}

/** What tests and tools may learn over HTTP: ids and file paths, never a key or a secret. */
export function publicIdentity(identity: Identity) {
  return {
    mchid: identity.mchid,
    sp_appid: identity.spAppid,
    merchant_serial_no: identity.merchantSerialNo,
    wechatpay_public_key_id: identity.wechatpayPublicKeyId,
    wechatpay_public_key_file: identity.wechatpayPublicKeyFile,
    bff_env_file: identity.bffEnvFile,
    sub_merchants: identity.subMerchants.map((s) => ({
      sub_mchid: s.sub_mchid,
      sub_appid: s.sub_appid,
      service_id: s.service_id,
      contract_display_account: s.contract_display_account,
      name: s.name,
      products: s.products ?? [],
    })),
  };
}
