import type { TradeState } from '@kit/contract-types';

/** Which create call made the order: jsapi-with-contract (no password) or the ordinary jsapi. */
export type OrderKind = 'PASSWORD_FREE' | 'NORMAL';

/** The 免密 offer a pay-redirect pre-sign attaches to an ordinary order's payment sheet. */
export interface PayRedirectOffer {
  /** The contract store's session, confirmed like a mini-program one when the user accepts. */
  sessionId: string;
  outContractCode: string;
  status: 'ATTACHED' | 'OFFERED' | 'ACCEPTED' | 'DECLINED';
}

/** One order as WeChat Pay keeps it. Times are WeChat-side epoch ms; expiries count in ticks. */
export interface Order {
  kind: OrderKind;
  spAppid: string;
  subMchid: string;
  subAppid?: string;
  outTradeNo: string;
  description: string;
  attach?: string;
  notifyUrl: string;
  amountTotal: number;
  payer: { spOpenid: string; subOpenid?: string };
  /** The password_free_contract_id of a PASSWORD_FREE order. */
  contractId?: string;
  /** The create request as canonical JSON: the same out_trade_no again must say exactly this. */
  fingerprint: string;
  prepayId: string;
  prepayTicks: number;
  /** time_expire, or 7 days after creation. */
  expiresAt: number;
  state: Extract<TradeState, 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR'>;
  stateDesc: string;
  transactionId?: string;
  successTime?: number;
  /** How often the user left the payment sheet without paying (the order stays payable). */
  abandoned: number;
  offer?: PayRedirectOffer;
}

/** In-memory, like the contract store; keyed per sub-merchant because out_trade_no is theirs. */
export class OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly byPrepay = new Map<string, Order>();

  add(order: Order): void {
    this.orders.set(key(order.subMchid, order.outTradeNo), order);
    this.byPrepay.set(order.prepayId, order);
  }

  /** A new prepay_id for an order (the old one had expired). */
  reissue(order: Order, prepayId: string, ticks: number): void {
    order.prepayId = prepayId;
    order.prepayTicks = ticks;
    this.byPrepay.set(prepayId, order);
  }

  get(subMchid: string, outTradeNo: string): Order | undefined {
    return this.orders.get(key(subMchid, outTradeNo));
  }

  /** By any prepay_id the order was ever given (an old one is answered as expired). */
  byPrepayId(prepayId: string): Order | undefined {
    return this.byPrepay.get(prepayId);
  }

  all(): Order[] {
    return [...this.orders.values()];
  }
}

const key = (subMchid: string, outTradeNo: string) => `${subMchid}\u0000${outTradeNo}`;
