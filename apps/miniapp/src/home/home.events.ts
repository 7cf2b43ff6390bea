import type { ContractView, OrderView, PresignResponse, ProductView } from '@kit/contract-types/types';
import type { PurchaseAttempt } from '../pay/attempt';
import type { PayOutcome } from '../pay/pay.types';
import type { ReturnState } from '../return/return-store';
import type { ApiError } from '../services/api-error';

/**
 * Everything that can change what the home page shows. The hooks turn requests, platform callbacks
 * and the app-level return into these; `rev` is the request's number (see loadable.ts).
 */
export type HomeEvent =
  | { type: 'session/started' }
  | { type: 'session/ready' }
  | { type: 'session/failed'; error: ApiError }
  | { type: 'status/started' }
  | { type: 'status/answered'; rev: number; contract: ContractView | null }
  | { type: 'status/failed'; rev: number; error: ApiError }
  | { type: 'presign/started' }
  | { type: 'presign/answered'; rev: number; presign: PresignResponse }
  | { type: 'presign/failed'; rev: number; error: ApiError }
  | { type: 'presign/dropped' }
  | { type: 'return/changed'; state: ReturnState }
  | { type: 'launch/started' }
  | { type: 'launch/ended' }
  | { type: 'launch/failed'; error: ApiError }
  /** The user said no to the platform's 「即将打开…小程序」 (`fail cancel`). */
  | { type: 'launch/cancelled' }
  /** 「关闭」 on the notice that says so. */
  | { type: 'launch/dismissed' }
  | { type: 'terminate/asked' }
  | { type: 'terminate/dismissed' }
  | { type: 'terminate/started' }
  | { type: 'terminate/done'; contract: ContractView }
  | { type: 'terminate/failed'; error: ApiError }
  | { type: 'page/shown' }
  | { type: 'products/started' }
  | { type: 'products/answered'; rev: number; products: ProductView[] }
  | { type: 'products/failed'; rev: number; error: ApiError }
  /** A purchase attempt (a new one, or the retry of the last one with the same key) is sent. */
  | { type: 'order/creating'; attempt: PurchaseAttempt }
  | { type: 'order/created'; attempt: PurchaseAttempt }
  | { type: 'order/createFailed'; error: ApiError }
  /** The pay sheet ended (weapp callback, or the h5 return with the stored attempt). */
  | { type: 'pay/returned'; attempt: PurchaseAttempt; outcome: PayOutcome }
  /** The BFF's word on the order: after the sheet, after 刷新, or the close answer. */
  | { type: 'order/settled'; order: OrderView }
  /** Asking ended without a final answer: 确认中 (with the error if one stopped it). */
  | { type: 'order/unknown'; error?: ApiError }
  | { type: 'order/refreshing' }
  | { type: 'order/closing' }
  | { type: 'order/closeFailed'; error: ApiError }
  | { type: 'order/dismissed' };

export type Dispatch = (event: HomeEvent) => void;
