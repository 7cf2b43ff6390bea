import type { ContractView, PresignResponse } from '@kit/contract-types/types';
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
  | { type: 'terminate/asked' }
  | { type: 'terminate/dismissed' }
  | { type: 'terminate/started' }
  | { type: 'terminate/done'; contract: ContractView }
  | { type: 'terminate/failed'; error: ApiError }
  | { type: 'page/shown' };

export type Dispatch = (event: HomeEvent) => void;
