import type { LoadResult } from './loadgen.js';

export interface PresignedContract {
  outContractCode: string;
  subOpenid: string;
  /** The owner's session token. */
  token: string;
}

export interface PresignFigures {
  throughput: LoadResult & {
    bffCpuMsPerRequest: number;
    /** Of it, the event loop thread's (the rest: SQLite checkpoint worker, GC and libuv threads). */
    bffMainThreadMsPerRequest: number;
    bffUserShare: number;
    simCpuMsPerRequest: number;
    freshPresigns: number;
  };
  /** The BFF's CPU for a request that does nothing (GET /healthz): its HTTP cost on this machine. */
  healthz: LoadResult & { bffCpuMsPerRequest: number; bffUserShare: number };
  /** The minimal relay (relay.server.ts) doing the same pre-sign: what any Node service pays. */
  relay: LoadResult & { cpuMsPerRequest: number };
  /** The peer (peer.server.ts): the same pre-sign with the most downloaded Node SDK, in Fastify. */
  peer: LoadResult & { cpuMsPerRequest: number };
  fixedBff: LoadResult;
  fixedSim: LoadResult;
  fixedRelay: LoadResult;
  fixedPeer: LoadResult;
  /** p99 of each alternating 2 s block: shows whether one stall decided the pooled figure. */
  perBlockP99: { sim: number[]; relay: number[]; peer: number[]; bff: number[] };
  contracts: PresignedContract[];
}
