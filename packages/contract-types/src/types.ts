/**
 * Types-only entry for the mini program: `import type { … } from '@kit/contract-types/types'`
 * brings no schema code into the bundle (this module compiles to an empty file).
 */
export type {
  ContractCodeParams,
  ContractState,
  ContractView,
  ErrorBody,
  ErrorCode,
  HealthResponse,
  PresignRequest,
  PresignResponse,
  SessionRequest,
  SessionResponse,
  TerminateRequest,
} from './index.js';
