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

export const relayRequests = (count: number): LoadRequest[] =>
  Array.from({ length: count }, () => ({ method: 'POST', path: '/pre-sign', headers: {}, body: '{}' }));

/** The relay's CPU per pre-sign, same load shape as the BFF's (its own warm-up first). */
export async function measureRelay(config: BenchConfig, stack: Stack): Promise<PresignFigures['relay']> {
  assertAllOk(
    'relay warm-up',
    await closedLoop(stack.relayUrl, relayRequests(config.presignWarmup), config.presignConnections),
  );
  const before = cpuTimes(stack.relay.pid);
  const run = await closedLoop(
    stack.relayUrl,
    relayRequests(config.presignRequests),
    config.presignConnections,
  );
  const cpu = cpuSince(stack.relay.pid, before);
  assertAllOk('relay pre-sign', run);
  return { ...run, cpuMsPerRequest: cpu.ms / run.sent };
}
