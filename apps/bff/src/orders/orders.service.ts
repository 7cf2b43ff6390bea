import { createHash } from 'node:crypto';
import {
  type CreateOrderRequest,
  type CreateOrderResponse,
  CURRENCY,
  IDEMPOTENCY_KEY_PATTERN,
  type OrderView,
  type ProductsResponse,
} from '@kit/contract-types';
import { requestPaymentParams } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../lib/errors.js';
import { iso } from '../lib/time.js';
import type { Caller } from '../session/session.service.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import type { Catalog } from './orders.catalog.js';
import type { OrderContracts } from './orders.contracts.js';
import { type OrderPlacement, UPSTREAM_LEASE_MS } from './orders.place.js';
import type { OrdersRepo } from './orders.repo.js';
import type { OrderSync } from './orders.sync.js';
import type { OrderRecord, Owner } from './orders.types.js';
import { toCreateOrderResponse, toOrderView } from './orders.view.js';

/** An unpaid order is closed after this (WeChat's time_expire and our expires_at). */
export const ORDER_TTL_MS = 30 * 60_000;
const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export interface OrdersServiceDeps {
  repo: OrdersRepo;
  sync: OrderSync;
  placement: OrderPlacement;
  contracts: OrderContracts;
  catalog: Catalog;
  wechat: WechatPort;
  now: () => number;
  /** 32 characters of `[0-9A-Za-z]`, fresh every call. */
  newTradeNo: () => string;
}

export interface CreatedOrder {
  status: 200 | 201;
  body: CreateOrderResponse;
}

const owner = (c: Caller): Owner => ({ sub_mchid: c.sub_mchid, sub_openid: c.sub_openid });
const notFound = () => new AppError(404, 'NOT_FOUND', 'No such order');
const alreadyPaid = () => new AppError(409, 'ORDER_ALREADY_PAID', 'This order is already paid');

/** What an Idempotency-Key was used for: the fields that decide the order, in a fixed order. */
const requestHash = (body: CreateOrderRequest) =>
  createHash('sha256')
    .update(JSON.stringify([body.product_id, body.pay_mode ?? null]))
    .digest('hex');

export function createOrdersService(d: OrdersServiceDeps) {
  /** The fallback after a refused password-free payment: that order must not stay payable beside this one. */
  async function closeOpenPasswordFree(caller: Caller, productId: string, log: FastifyBaseLogger) {
    for (const open of await d.repo.openPasswordFree(owner(caller), productId)) {
      const after = await d.sync.close(open, 'FALLBACK', log);
      if (after.state === 'PAID') throw alreadyPaid();
    }
  }

  async function insertNew(
    caller: Caller,
    body: CreateOrderRequest,
    key: string,
    log: FastifyBaseLogger,
  ): Promise<OrderRecord | undefined> {
    const product = d.catalog.find(caller.subMerchant, body.product_id);
    if (!product) throw new AppError(404, 'NO_SUCH_PRODUCT', 'No such product');
    let contract: Awaited<ReturnType<OrderContracts['usable']>>;
    if (body.pay_mode === 'NORMAL') await closeOpenPasswordFree(caller, product.product_id, log);
    else contract = await d.contracts.usable(caller, log);
    const nowMs = d.now();
    const row = {
      out_trade_no: d.newTradeNo(),
      sub_mchid: caller.sub_mchid,
      sub_appid: caller.sub_appid,
      sub_openid: caller.sub_openid,
      idempotency_key: key,
      request_hash: requestHash(body),
      product_id: product.product_id,
      description: product.description,
      amount_total: product.amount_total,
      currency: CURRENCY,
      pay_mode: contract ? ('PASSWORD_FREE' as const) : ('NORMAL' as const),
      out_contract_code: contract?.out_contract_code ?? null,
      contract_id: contract?.contract_id ?? null,
      // Whole seconds: WeChat Pay's time_expire has no fraction.
      expires_at: iso(Math.floor((nowMs + ORDER_TTL_MS) / 1000) * 1000),
      created_at: iso(nowMs),
    };
    // Written before WeChat Pay hears of it: a failure half-way leaves a row to retry, never a lost
    // order. Born leased: this request calls WeChat Pay next, and a double submit waits for it.
    return d.repo.insert(row, iso(nowMs + UPSTREAM_LEASE_MS));
  }

  async function owned(caller: Caller, outTradeNo: string): Promise<OrderRecord> {
    const row = await d.repo.findOwned(outTradeNo, owner(caller));
    if (!row) throw notFound();
    return row;
  }

  return {
    products: (caller: Caller): ProductsResponse => ({ products: d.catalog.list(caller.subMerchant) }),

    async create(
      caller: Caller,
      body: CreateOrderRequest,
      key: string | undefined,
      log: FastifyBaseLogger,
    ): Promise<CreatedOrder> {
      if (!key) throw new AppError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header');
      if (!KEY.test(key)) {
        throw new AppError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 8–64 of [0-9A-Za-z_-]');
      }
      let status: 200 | 201 = 200;
      let row = await d.repo.findByKey(owner(caller), key);
      if (!row) {
        row = await insertNew(caller, body, key, log);
        if (row) status = 201;
        // Lost the race to a concurrent submit with the same key: answer with its order.
        else row = await d.repo.findByKey(owner(caller), key);
        if (!row) throw new Error('order row vanished after insert');
      }
      if (row.request_hash !== requestHash(body)) {
        throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another order');
      }
      // A replay must not hand out the payment of an order that can no longer be paid.
      if (row.state === 'CREATED' && row.expires_at <= iso(d.now())) row = await d.sync.refresh(row, log);
      if (row.state === 'CLOSED') throw new AppError(409, 'ORDER_CLOSED', 'This order is closed');
      row = await d.placement.place(row, caller, log, status === 201);
      if (!row.prepay_id) throw new Error('placed order has no prepay_id');
      const payment = requestPaymentParams(d.wechat.client, {
        appId: row.sub_appid,
        prepayId: row.prepay_id,
      });
      return { status, body: toCreateOrderResponse(row, payment) };
    },

    async get(caller: Caller, outTradeNo: string, log: FastifyBaseLogger): Promise<OrderView> {
      return toOrderView(await d.sync.refresh(await owned(caller, outTradeNo), log));
    },

    async close(caller: Caller, outTradeNo: string, log: FastifyBaseLogger): Promise<OrderView> {
      let row = await owned(caller, outTradeNo);
      if (row.state === 'CREATED') row = await d.sync.close(row, 'USER', log);
      if (row.state === 'PAID') throw alreadyPaid();
      return toOrderView(row);
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
