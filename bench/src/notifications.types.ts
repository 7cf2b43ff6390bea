import type { LoadResult } from './loadgen.js';

export interface SignedNotification {
  headers: Record<string, string>;
  body: string;
}

export interface NotificationFigures extends LoadResult {
  committed: number;
  bffCpuMsPerNotification: number;
  bffUserShare: number;
  /** The same notifications at the minimal relay (verify + decrypt + one committed insert). */
  relay: LoadResult & { cpuMsPerNotification: number };
}
