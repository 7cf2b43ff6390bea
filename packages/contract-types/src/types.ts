/**
 * Types-only entry for the mini program: `import type { … } from '@kit/contract-types/types'`
 * brings no schema code into the bundle (this module compiles to an empty file).
 */
export type {
  ContractCodeParams,
  ContractOrigin,
  ContractState,
  ContractView,
  CreateOrderRequest,
  CreateOrderResponse,
  ErrorBody,
  ErrorCode,
  HealthResponse,
  OrderState,
  OrderView,
  PayMode,
  PaymentParams,
  PresignRequest,
  PresignResponse,
  ProductsResponse,
  ProductView,
  SessionRequest,
  SessionResponse,
  TerminateRequest,
} from './index.js';
