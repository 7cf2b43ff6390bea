import type { BenchConfig } from './config.js';
import { assertAllOk, closedLoop, type LoadRequest } from './loadgen.js';
import type { PresignFigures } from './presign.types.js';
import { cpuSince, cpuTimes } from './processes.js';
import type { Stack } from './stack.js';

/** The references the BFF's pre-sign figures are read against, measured on the same machine, same run. */

/** The BFF's CPU for a request that does nothing but HTTP in and out (and its request logs). */
export async function measureHealthz(config: BenchConfig, stack: Stack): Promise<PresignFigures['healthz']> {
  const healthRequests = Array.from({ length: config.presignRequests }, () => ({
    method: 'GET',
    path: '/healthz',
    headers: {},
  }));
  const healthBefore = cpuTimes(stack.bff.pid);
  const healthRun = await closedLoop(stack.bffUrl, healthRequests, config.presignConnections);
  const healthCpu = cpuSince(stack.bff.pid, healthBefore);
  assertAllOk('healthz', healthRun);
  return {
    ...healthRun,
    bffCpuMsPerRequest: healthCpu.ms / healthRun.sent,
    bffUserShare: healthCpu.userShare,
  };
}

/** The relay's and the peer's pre-sign: they pick the user and the contract code themselves. */
export const relayRequests = (count: number): LoadRequest[] =>
  Array.from({ length: count }, () => ({
    method: 'POST',
    path: '/pre-sign',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }));

/** The relay's or the peer's CPU per pre-sign, same load shape as the BFF's (its own warm-up first). */
export async function measureReference(
  config: BenchConfig,
  stack: Stack,
  which: 'relay' | 'peer',
): Promise<PresignFigures['relay']> {
  const url = which === 'relay' ? stack.relayUrl : stack.peerUrl;
  const pid = stack[which].pid;
  assertAllOk(
    `${which} warm-up`,
    await closedLoop(url, relayRequests(config.presignWarmup), config.presignConnections),
  );
  const before = cpuTimes(pid);
  const run = await closedLoop(url, relayRequests(config.presignRequests), config.presignConnections);
  const cpu = cpuSince(pid, before);
  assertAllOk(`${which} pre-sign`, run);
  return { ...run, cpuMsPerRequest: cpu.ms / run.sent };
}
