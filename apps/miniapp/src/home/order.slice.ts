import type { OrderView, ProductView } from '@kit/contract-types/types';
import type { PlacedOrder, PurchaseAttempt } from '../pay/attempt';
import { isPasswordFreeRefused, type PayOutcome } from '../pay/pay.types';
import type { ApiError } from '../services/api-error';
import type { HomeEvent } from './home.events';
import { answered, failed, initialLoadable, type Loadable, started } from './loadable';

/** An attempt whose order exists. */
export type Placed = PurchaseAttempt & { order: PlacedOrder };

/** Where the purchase stands; one attempt at a time. */
export type PayStage =
  | { kind: 'idle' }
  /** POST /v1/orders is running: progress, every buy button held. */
  | { kind: 'creating'; attempt: PurchaseAttempt }
  /** Creating failed: 重试 sends the same key and body. */
  | { kind: 'createFailed'; attempt: PurchaseAttempt; error: ApiError }
  /** The pay sheet is open (or, on h5, the payment page is loading). */
  | { kind: 'paying'; attempt: Placed }
  /** The sheet ended; the BFF is asked with back-off. */
  | { kind: 'confirming'; attempt: Placed; outcome: PayOutcome }
  /** The BFF answered: PAID 支付成功, CREATED 支付未完成 (close / pay again), CLOSED 订单已关闭. */
  | {
      kind: 'settled';
      attempt: Placed;
      order: OrderView;
      closing?: true;
      closeError?: ApiError;
    }
  /** WeChat refused the password-free payment: the ordinary one is offered. */
  | { kind: 'refused'; attempt: Placed }
  /** 确认中: the sheet said paid but the BFF does not know yet; 刷新 asks again. */
  | { kind: 'unknown'; attempt: Placed; outcome: PayOutcome; error?: ApiError; refreshing?: true };

export interface OrderSlice {
  products: Loadable<ProductView[]>;
  stage: PayStage;
}

export const initialOrder: OrderSlice = { products: initialLoadable(), stage: { kind: 'idle' } };

const IDLE: PayStage = { kind: 'idle' };

const placed = (attempt: PurchaseAttempt): Placed | undefined =>
  attempt.order ? (attempt as Placed) : undefined;

/** The attempt the stage is about, if its order exists. */
export function stageAttempt(stage: PayStage): Placed | undefined {
  return stage.kind === 'idle' || stage.kind === 'creating' || stage.kind === 'createFailed'
    ? undefined
    : stage.attempt;
}

function stageReducer(stage: PayStage, e: HomeEvent): PayStage {
  switch (e.type) {
    case 'order/creating':
      return { kind: 'creating', attempt: e.attempt };
    case 'order/created': {
      const attempt = placed(e.attempt);
      return stage.kind === 'creating' && attempt ? { kind: 'paying', attempt } : stage;
    }
    case 'order/createFailed':
      return stage.kind === 'creating'
        ? { kind: 'createFailed', attempt: stage.attempt, error: e.error }
        : stage;
    case 'pay/returned': {
      const attempt = placed(e.attempt);
      if (!attempt) return stage;
      return isPasswordFreeRefused(e.outcome)
        ? { kind: 'refused', attempt }
        : { kind: 'confirming', attempt, outcome: e.outcome };
    }
    case 'order/settled': {
      const attempt = stageAttempt(stage);
      if (!attempt || attempt.order.out_trade_no !== e.order.out_trade_no) return stage;
      return { kind: 'settled', attempt, order: e.order };
    }
    case 'order/unknown':
      return stage.kind === 'confirming' || stage.kind === 'unknown'
        ? {
            kind: 'unknown',
            attempt: stage.attempt,
            outcome: stage.outcome,
            ...(e.error ? { error: e.error } : {}),
          }
        : stage;
    case 'order/refreshing':
      return stage.kind === 'unknown' ? { ...stage, refreshing: true } : stage;
    case 'order/closing':
      return stage.kind === 'settled'
        ? { kind: 'settled', attempt: stage.attempt, order: stage.order, closing: true }
        : stage;
    case 'order/closeFailed':
      return stage.kind === 'settled'
        ? { kind: 'settled', attempt: stage.attempt, order: stage.order, closeError: e.error }
        : stage;
    case 'order/dismissed':
      return IDLE;
    default:
      return stage;
  }
}

export function orderReducer(o: OrderSlice, e: HomeEvent): OrderSlice {
  switch (e.type) {
    case 'products/started':
      return { ...o, products: started(o.products, true) };
    case 'products/answered': {
      const products = answered(o.products, e.rev, e.products);
      return products === o.products ? o : { ...o, products };
    }
    case 'products/failed': {
      const products = failed(o.products, e.rev, e.error);
      return products === o.products ? o : { ...o, products };
    }
    default: {
      const stage = stageReducer(o.stage, e);
      return stage === o.stage ? o : { ...o, stage };
    }
  }
}
