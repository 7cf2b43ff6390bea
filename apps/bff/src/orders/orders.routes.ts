import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateOrderHeaders,
  CreateOrderRequest,
  CreateOrderResponse,
  OrderParams,
  OrderView,
  ProductsResponse,
} from '@kit/contract-types';
import type { RateLimit } from '../config.js';
import { authenticate, callerOf } from '../http/auth.js';
import { emptyJsonAsObject } from '../http/empty-json-body.js';
import { errors } from '../http/error-schemas.js';
import { perUserRateLimit } from '../http/rate-limit.js';
import type { SessionService } from '../session/session.service.js';
import type { OrdersService } from './orders.service.js';

export interface OrdersRoutesOptions {
  sessions: SessionService;
  orders: OrdersService;
  ordersLimit: RateLimit;
}

const bearer = [{ bearer: [] }];

export const ordersRoutes: FastifyPluginAsyncTypebox<OrdersRoutesOptions> = async (app, opts) => {
  app.decorateRequest('caller', null);
  app.addHook('preHandler', authenticate(opts.sessions));
  emptyJsonAsObject(app);

  app.get(
    '/v1/products',
    {
      schema: {
        tags: ['orders'],
        summary: "The caller's sub-merchant's products (prices in fen)",
        security: bearer,
        response: { 200: ProductsResponse, ...errors(401, 500) },
      },
    },
    async (request) => opts.orders.products(callerOf(request)),
  );

  app.post(
    '/v1/orders',
    {
      config: { rateLimit: perUserRateLimit(opts.ordersLimit) },
      schema: {
        tags: ['orders'],
        summary: 'Create an order (password-free with a signed contract); Idempotency-Key required',
        security: bearer,
        headers: CreateOrderHeaders,
        body: CreateOrderRequest,
        response: {
          200: CreateOrderResponse,
          201: CreateOrderResponse,
          ...errors(400, 401, 404, 409, 413, 422, 429, 500, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const created = await opts.orders.create(callerOf(request), request.body, key, request.log);
      return reply.status(created.status).send(created.body);
    },
  );

  app.get(
    '/v1/orders/:out_trade_no',
    {
      schema: {
        tags: ['orders'],
        summary: 'One of the caller’s orders; a CREATED one is confirmed with WeChat Pay',
        security: bearer,
        params: OrderParams,
        response: { 200: OrderView, ...errors(400, 401, 404, 500) },
      },
    },
    async (request) => opts.orders.get(callerOf(request), request.params.out_trade_no, request.log),
  );

  app.post(
    '/v1/orders/:out_trade_no/close',
    {
      schema: {
        tags: ['orders'],
        summary: 'Give up an unpaid order: closed through WeChat Pay',
        security: bearer,
        params: OrderParams,
        response: { 200: OrderView, ...errors(400, 401, 404, 409, 500, 502, 503) },
      },
    },
    async (request) => opts.orders.close(callerOf(request), request.params.out_trade_no, request.log),
  );
};
