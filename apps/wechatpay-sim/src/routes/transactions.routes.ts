import {
  type CloseOrderRequest,
  CloseOrderRequest as CloseSchema,
  PartnerJsapiOrderRequest as JsapiSchema,
  type JsapiWithContractRequest,
  JsapiWithContractRequest as JsapiWithContractSchema,
  OutTradeNo,
  type PartnerJsapiOrderRequest,
} from '@kit/contract-types';
import { API_PATHS } from '@kit/wechatpay';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { OrdersService } from '../orders/orders.service.js';
import { checkNotifyUrl, parseJsonBody, validator } from '../protocol/validation.js';
import { type EndpointDeps, endpoint } from './endpoint.js';

export interface TransactionRoutesDeps extends EndpointDeps {
  ordersService: OrdersService;
}

const validateJsapi = validator<PartnerJsapiOrderRequest>(JsapiSchema, 'body');
const validateWithContract = validator<JsapiWithContractRequest>(JsapiWithContractSchema, 'body');
const validateClose = validator<CloseOrderRequest>(CloseSchema, 'body');
const validatePath = validator<{ out_trade_no: string }>(Type.Object({ out_trade_no: OutTradeNo }), 'path');
const validateQuery = validator<{ sp_mchid: string; sub_mchid: string }>(
  Type.Object({
    sp_mchid: Type.String({ minLength: 1, maxLength: 32 }),
    sub_mchid: Type.String({ minLength: 1, maxLength: 32 }),
  }),
  'query',
);

/** §8 partner JSAPI orders: registered inside payRoutes, so raw bodies and signed errors apply. */
export async function transactionRoutes(app: FastifyInstance, deps: TransactionRoutesDeps): Promise<void> {
  const { ordersService: orders } = deps;

  app.post(
    API_PATHS.jsapiWithContract.route,
    endpoint(deps, 'order', (_request, raw) => {
      const body = validateWithContract(parseJsonBody(raw.toString('utf8')));
      checkNotifyUrl(body.notify_url);
      return orders.create('PASSWORD_FREE', body);
    }),
  );

  app.post(
    API_PATHS.jsapi.route,
    endpoint(deps, 'order', (_request, raw) => {
      const body = validateJsapi(parseJsonBody(raw.toString('utf8')));
      checkNotifyUrl(body.notify_url);
      return orders.create('NORMAL', body);
    }),
  );

  app.get(
    API_PATHS.queryTransaction.route,
    endpoint(deps, 'query_order', (request) => {
      const { out_trade_no: outTradeNo } = validatePath(request.params);
      const query = validateQuery({ ...(request.query as object) });
      return orders.query(outTradeNo, query.sp_mchid, query.sub_mchid);
    }),
  );

  app.post(
    API_PATHS.closeTransaction.route,
    endpoint(
      deps,
      'close_order',
      (request, raw) => {
        const { out_trade_no: outTradeNo } = validatePath(request.params);
        const body = validateClose(parseJsonBody(raw.toString('utf8')));
        return orders.close(outTradeNo, body.sp_mchid, body.sub_mchid);
      },
      204,
    ),
  );
}
