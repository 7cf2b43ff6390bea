import { CURRENCY, type PartnerJsapiOrderRequest } from '@kit/contract-types';
import {
  InvalidRequestError,
  jsapiPrepay,
  jsapiWithContract,
  WechatPayApiError,
  WechatPayNetworkError,
} from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import { AppError, upstreamError } from '../lib/errors.js';
import { iso, wechatTime } from '../lib/time.js';
import type { Caller } from '../session/session.service.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import type { OrderContracts } from './orders.contracts.js';
import type { OrdersRepo } from './orders.repo.js';
import type { OrderRecord } from './orders.types.js';

/** How long one request may hold the right to call WeChat Pay for an order (above the client's time-out). */
export const UPSTREAM_LEASE_MS = 30_000;
/** A concurrent double submit waits for the first one's answer this long, in steps. */
const WAIT_STEP_MS = 100;
const WAIT_STEPS = 300;

export interface OrderPlacementDeps {
  config: Config;
  repo: OrdersRepo;
  contracts: OrderContracts;
  wechat: WechatPort;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const rejected = (error: unknown) =>
  error instanceof InvalidRequestError ||
  (error instanceof WechatPayApiError && error.status < 500 && error.status !== 429);

export function createOrderPlacement(d: OrderPlacementDeps) {
  async function prepay(row: OrderRecord): Promise<string> {
    const order: PartnerJsapiOrderRequest = {
      sp_appid: d.config.wechatpay.spAppid,
      sp_mchid: d.config.wechatpay.mchid,
      sub_appid: row.sub_appid,
      sub_mchid: row.sub_mchid,
      description: row.description,
      out_trade_no: row.out_trade_no,
      time_expire: wechatTime(Date.parse(row.expires_at)),
      notify_url: d.config.wechatpay.notifyUrl,
      amount: { total: Number(row.amount_total), currency: CURRENCY },
      payer: { sub_openid: row.sub_openid },
    };
    const contractId = row.contract_id;
    const call = async () =>
      row.pay_mode === 'PASSWORD_FREE' && contractId
        ? jsapiWithContract(d.wechat.client, {
            ...order,
            contract_info: { password_free_contract_id: contractId },
          })
        : jsapiPrepay(d.wechat.client, order);
    try {
      return (await call()).prepay_id;
    } catch (error) {
      // The transport already retried 5xx; a time-out may have reached WeChat Pay, and the same
      // out_trade_no with the same body answers the same prepay_id, so one more try is safe.
      if (error instanceof WechatPayNetworkError) return (await call()).prepay_id;
      throw error;
    }
  }

  async function placeLeased(row: OrderRecord, caller: Caller, log: FastifyBaseLogger): Promise<OrderRecord> {
    let prepayId: string;
    try {
      prepayId = await prepay(row);
    } catch (error) {
      if (!rejected(error)) {
        // The next submit with the same Idempotency-Key retries with the same out_trade_no.
        await d.repo.releaseLease(row.out_trade_no);
        throw upstreamError(error, log, 'create order');
      }
      // WeChat Pay refused it: never sent again, so the order is closed here.
      const nowIso = iso(d.now());
      const t = { to: 'CLOSED', closedAt: nowIso, reason: 'REJECTED' } as const;
      await d.repo.transition(row.out_trade_no, t, { source: 'create', now: nowIso });
      const mapped = upstreamError(error, log, 'create order');
      if (row.pay_mode !== 'PASSWORD_FREE') throw mapped;
      // Most likely the contract: re-check it, so the next order does not use a terminated one.
      await d.contracts.usable(caller, log, true);
      throw new AppError(409, 'PASSWORD_FREE_REFUSED', 'Password-free payment was refused; pay normally');
    }
    let placed = await d.repo.recordPrepay(row.out_trade_no, prepayId, iso(d.now()));
    if (row.pay_mode === 'NORMAL' && !(await d.contracts.usable(caller, log))) {
      const code = await d.contracts.signAfterPay(caller, prepayId, log);
      if (code) placed = await d.repo.recordSignAfterPay(row.out_trade_no, code, iso(d.now()));
    }
    return placed ?? (await d.repo.findByNo(row.out_trade_no)) ?? row;
  }

  return {
    /**
     * Makes sure WeChat Pay holds the order (the row exists already): returns it with its prepay_id.
     * One request at a time calls WeChat Pay for an order; a concurrent double submit waits for it.
     */
    async place(
      row: OrderRecord,
      caller: Caller,
      log: FastifyBaseLogger,
      /** The row was just inserted with its lease (`OrdersRepo.insert`). */
      leased = false,
    ): Promise<OrderRecord> {
      if (leased) return placeLeased(row, caller, log);
      let current = row;
      for (let step = 0; !current.prepay_id; step++) {
        if (current.state !== 'CREATED') throw new AppError(409, 'ORDER_CLOSED', 'This order is closed');
        const nowMs = d.now();
        if (await d.repo.claimLease(current.out_trade_no, iso(nowMs), iso(nowMs + UPSTREAM_LEASE_MS))) {
          return placeLeased(current, caller, log);
        }
        if (step >= WAIT_STEPS) {
          throw new AppError(503, 'UPSTREAM_UNAVAILABLE', 'The order is still being created, try again');
        }
        await d.sleep(WAIT_STEP_MS);
        current = (await d.repo.findByNo(current.out_trade_no)) ?? current;
      }
      return current;
    },
  };
}

export type OrderPlacement = ReturnType<typeof createOrderPlacement>;
