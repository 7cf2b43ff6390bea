import {
  CURRENCY,
  type JsapiWithContractRequest,
  type PartnerJsapiOrderRequest,
  type PartnerTransaction,
  type PrepayResponse,
} from '@kit/contract-types';
import type { SimClock } from '../clock.js';
import type { ContractStore } from '../contracts/contract-store.js';
import { field, spOpenidOf, subMerchantOf } from '../contracts/presign-session.js';
import type { Identity } from '../identity/identity.js';
import { invalidRequest, noAuth, paramError, WechatApiError } from '../protocol/errors.js';
import { newPrepayId } from './order-ids.js';
import type { Order, OrderKind, OrderStore } from './order-store.js';
import { transactionView } from './order-views.js';

/** A prepay_id is valid for 2 hours; an unpaid order is closed at time_expire (default 7 days). */
export const PREPAY_TTL_MS = 2 * 3600_000;
const DEFAULT_EXPIRY_MS = 7 * 24 * 3600_000;
const MIN_EXPIRY_MS = 60_000;
const MAX_EXPIRY_MS = 15 * 24 * 3600_000;

export interface OrdersDeps {
  identity: Identity;
  orders: OrderStore;
  contracts: ContractStore;
  clock: SimClock;
}

type CreateRequest = PartnerJsapiOrderRequest | JsapiWithContractRequest;

/** The merchant's order APIs: create (both kinds), query by out_trade_no, close. */
export class OrdersService {
  constructor(private readonly deps: OrdersDeps) {}

  create(kind: OrderKind, req: CreateRequest): PrepayResponse {
    const { identity, orders, clock } = this.deps;
    this.checkMerchant(req.sp_mchid, req.sub_mchid, 'body');
    if (req.sp_appid !== identity.spAppid) {
      throw paramError(
        'sp_appid 与服务商商户号不匹配',
        field('sp_appid', req.sp_appid, 'not bound to sp_mchid'),
      );
    }
    const sub = subMerchantOf(identity, req.sub_mchid);
    if (req.sub_appid !== undefined && req.sub_appid !== sub.sub_appid) {
      throw paramError(
        'sub_appid 与子商户号不匹配',
        field('sub_appid', req.sub_appid, 'not bound to sub_mchid'),
      );
    }
    if (req.payer.sub_openid && !req.sub_appid) {
      throw paramError(
        '传入 sub_openid 时 sub_appid 必填',
        field('sub_appid', undefined, 'is required with payer.sub_openid'),
      );
    }
    const expiresAt = this.expiry(req.time_expire);
    const spOpenid = spOpenidOf(identity, req.payer);
    const contractId = 'contract_info' in req ? req.contract_info.password_free_contract_id : undefined;
    if (contractId !== undefined) this.checkContract(contractId, req.sub_mchid, spOpenid);

    const fingerprint = `${kind}:${canonical({ ...req, amount: { currency: CURRENCY, ...req.amount } })}`;
    const existing = orders.get(req.sub_mchid, req.out_trade_no);
    if (existing) return this.repeat(existing, fingerprint);
    const order: Order = {
      kind,
      spAppid: req.sp_appid,
      subMchid: req.sub_mchid,
      outTradeNo: req.out_trade_no,
      description: req.description,
      notifyUrl: req.notify_url,
      amountTotal: req.amount.total,
      payer: { spOpenid },
      fingerprint,
      prepayId: newPrepayId(clock.wechatNow()),
      prepayTicks: clock.ticks(),
      expiresAt,
      state: 'NOTPAY',
      stateDesc: '订单未支付',
      abandoned: 0,
    };
    if (req.sub_appid) order.subAppid = req.sub_appid;
    if (req.payer.sub_openid) order.payer.subOpenid = req.payer.sub_openid;
    if (req.attach) order.attach = req.attach;
    if (contractId) order.contractId = contractId;
    orders.add(order);
    return { prepay_id: order.prepayId };
  }

  query(outTradeNo: string, spMchid: string, subMchid: string): PartnerTransaction {
    this.checkMerchant(spMchid, subMchid, 'query');
    return transactionView(this.sp(), this.order(subMchid, outTradeNo));
  }

  close(outTradeNo: string, spMchid: string, subMchid: string): undefined {
    this.checkMerchant(spMchid, subMchid, 'body');
    const order = this.order(subMchid, outTradeNo);
    if (order.state === 'SUCCESS') throw new WechatApiError(400, 'ORDERPAID', '订单已支付，不能关闭');
    // Closing a closed order again succeeds: the merchant's retry must be safe.
    order.state = 'CLOSED';
    order.stateDesc = '订单已关闭';
    return undefined;
  }

  /** Applies WeChat's own closing at time_expire before anyone looks at the order. */
  refresh(order: Order): Order {
    if (order.state === 'NOTPAY' && this.deps.clock.wechatNow() >= order.expiresAt) {
      order.state = 'CLOSED';
      order.stateDesc = '订单已关闭（超过支付有效期）';
    }
    return order;
  }

  prepayExpired(order: Order): boolean {
    return this.deps.clock.ticks() - order.prepayTicks >= PREPAY_TTL_MS;
  }

  sp() {
    return { mchid: this.deps.identity.mchid, spAppid: this.deps.identity.spAppid };
  }

  /** Same parameters → the same prepay_id (a new one once it expired); others → duplicate order number. */
  private repeat(order: Order, fingerprint: string): PrepayResponse {
    if (order.fingerprint !== fingerprint) throw invalidRequest('201 商户订单号重复');
    this.refresh(order);
    if (order.state === 'SUCCESS') throw new WechatApiError(400, 'ORDERPAID', '订单已支付');
    if (order.state === 'CLOSED') throw new WechatApiError(400, 'ORDER_CLOSED', '订单已关闭');
    if (this.prepayExpired(order)) {
      this.deps.orders.reissue(order, newPrepayId(this.deps.clock.wechatNow()), this.deps.clock.ticks());
    }
    return { prepay_id: order.prepayId };
  }

  private checkContract(contractId: string, subMchid: string, spOpenid: string): void {
    const contract = this.deps.contracts.contractById(contractId);
    if (contract?.state !== 'SIGNED') {
      throw invalidRequest('password_free_contract_id 对应的免密协议不存在或已解约');
    }
    if (contract.subMchid !== subMchid || contract.spOpenid !== spOpenid) {
      throw invalidRequest('免密协议与付款用户或子商户不匹配');
    }
  }

  private checkMerchant(spMchid: string, subMchid: string, location: 'body' | 'query'): void {
    if (spMchid !== this.deps.identity.mchid) {
      throw paramError('sp_mchid 与请求头中的商户号不一致', {
        field: 'sp_mchid',
        value: spMchid,
        issue: 'sp_mchid must be the mchid of Authorization',
        location,
      });
    }
    if (!this.deps.identity.subMerchants.some((s) => s.sub_mchid === subMchid)) {
      throw noAuth('服务商与该子商户无授权关系');
    }
  }

  private expiry(timeExpire: string | undefined): number {
    const now = this.deps.clock.wechatNow();
    if (timeExpire === undefined) return now + DEFAULT_EXPIRY_MS;
    const at = Date.parse(timeExpire);
    if (!(at - now >= MIN_EXPIRY_MS && at - now <= MAX_EXPIRY_MS)) {
      throw paramError(
        'time_expire 超出允许范围',
        field('time_expire', timeExpire, 'must be 1 minute to 15 days ahead'),
      );
    }
    return at;
  }

  private order(subMchid: string, outTradeNo: string): Order {
    const order = this.deps.orders.get(subMchid, outTradeNo);
    if (!order) throw new WechatApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return this.refresh(order);
  }
}

/** Key-sorted JSON: the same parameters in another order are the same parameters. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
