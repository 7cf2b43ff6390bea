import { PRESIGN_MINI_PROGRAM_PATH, RequestSigner } from '@kit/wechatpay';
import { openidFor } from '@kit/wechatpay-sim';
import type { BenchConfig } from './config.js';
import { closedLoop, type LoadRequest, type LoadResult, openLoop, pooled } from './loadgen.js';
import { cpuSince, cpuTimes } from './processes.js';
import { type BenchUser, createUsers } from './sessions.js';
import type { Stack } from './stack.js';

export interface PresignedContract {
  outContractCode: string;
  subOpenid: string;
  /** The owner's session token. */
  token: string;
}

export interface PresignFigures {
  throughput: LoadResult & {
    bffCpuMsPerRequest: number;
    bffUserShare: number;
    simCpuMsPerRequest: number;
    freshPresigns: number;
  };
  /** The BFF's CPU for a request that does nothing (GET /healthz): its HTTP cost on this machine. */
  healthz: LoadResult & { bffCpuMsPerRequest: number; bffUserShare: number };
  fixedBff: LoadResult;
  fixedSim: LoadResult;
  /** p99 of each alternating 2 s block: shows whether one stall decided the pooled figure. */
  perBlockP99: { sim: number[]; bff: number[] };
  contracts: PresignedContract[];
}

function presignRequests(users: BenchUser[]): LoadRequest[] {
  return users.map((u) => ({
    method: 'POST',
    path: '/v1/contracts/pre-sign',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` },
    body: '{}',
  }));
}

/** The same pre-sign the BFF sends, signed ahead of time, for the simulator-alone baseline. */
function directRequests(stack: Stack, count: number, runId: string): LoadRequest[] {
  const id = stack.identity;
  const signer = new RequestSigner({
    mchid: id.mchid,
    serialNo: id.merchantSerialNo,
    privateKey: id.merchantPrivateKeyPem,
  });
  return Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify({
      sp_appid: id.spAppid,
      sub_mchid: id.sub.sub_mchid,
      sub_appid: id.sub.sub_appid,
      sub_openid: openidFor(id.sub.sub_appid, `${runId}-direct-${i}`),
      service_id: id.sub.service_id,
      out_contract_code: `D${runId}${i}`.replace(/[^0-9A-Za-z]/g, '').slice(0, 32),
      notify_url: id.notifyUrl,
      contract_display_account: id.sub.contract_display_account,
    });
    return {
      method: 'POST',
      path: PRESIGN_MINI_PROGRAM_PATH,
      headers: {
        authorization: signer.authorization('POST', PRESIGN_MINI_PROGRAM_PATH, body),
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': 'kit-bench/0.1',
        'wechatpay-serial': id.wechatpayPublicKeyId,
      },
      body,
    };
  });
}

function assertAllOk(label: string, r: LoadResult): void {
  const bad = Object.entries(r.statuses).filter(([s]) => !s.startsWith('2'));
  if (bad.length > 0 || r.errors > 0) {
    throw new Error(`${label}: non-2xx answers ${JSON.stringify(r.statuses)}, ${r.errors} errors`);
  }
}

/** The BFF's CPU for a request that does nothing but HTTP in and out (and its request logs). */
async function measureHealthz(config: BenchConfig, stack: Stack): Promise<PresignFigures['healthz']> {
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

/** Open loop at a fixed rate, the simulator alone and the BFF in alternating 2 s blocks. */
async function fixedRateComparison(config: BenchConfig, stack: Stack, runId: string) {
  const appid = stack.identity.sub.sub_appid;
  const fixedCount = config.fixedRate * config.fixedSeconds;
  const fixedUsers = await createUsers(stack.bffUrl, appid, `${runId}-f`, fixedCount);
  const direct = directRequests(stack, fixedCount, runId);
  // Alternating 2 s blocks, so a stall of the shared machine is as likely to hit either side.
  const bffRequests = presignRequests(fixedUsers);
  const block = config.fixedRate * 2;
  const simRuns: LoadResult[] = [];
  const bffRuns: LoadResult[] = [];
  for (let from = 0; from < fixedCount; from += block) {
    simRuns.push(await openLoop(stack.simUrl, direct.slice(from, from + block), config.fixedRate));
    bffRuns.push(await openLoop(stack.bffUrl, bffRequests.slice(from, from + block), config.fixedRate));
  }
  for (const run of simRuns) assertAllOk('simulator at fixed rate', run);
  for (const run of bffRuns) assertAllOk('BFF at fixed rate', run);
  const perBlockP99 = { sim: simRuns.map((r) => r.p99Ms), bff: bffRuns.map((r) => r.p99Ms) };

  return { fixedSim: pooled(simRuns), fixedBff: pooled(bffRuns), perBlockP99 };
}

/**
 * Every request is a distinct user's first pre-sign, so every one reaches WeChat Pay (a user's
 * second pre-sign would be answered from the database). Users are logged in before each phase.
 */
export async function benchPresign(
  config: BenchConfig,
  stack: Stack,
  runId: string,
): Promise<PresignFigures> {
  const appid = stack.identity.sub.sub_appid;
  const warmUsers = await createUsers(stack.bffUrl, appid, `${runId}-w`, config.presignWarmup);
  assertAllOk(
    'warm-up',
    await closedLoop(stack.bffUrl, presignRequests(warmUsers), config.presignConnections),
  );

  const healthz = await measureHealthz(config, stack);

  const users = await createUsers(stack.bffUrl, appid, `${runId}-t`, config.presignRequests);
  const bffBefore = cpuTimes(stack.bff.pid);
  const simBefore = cpuTimes(stack.sim.pid);
  const throughput = await closedLoop(stack.bffUrl, presignRequests(users), config.presignConnections, true);
  const bffCpu = cpuSince(stack.bff.pid, bffBefore);
  const simCpu = cpuSince(stack.sim.pid, simBefore);
  assertAllOk('pre-sign throughput', throughput);

  const contracts: PresignedContract[] = [];
  for (const { index, body } of throughput.bodies) {
    const user = users[index] as BenchUser;
    const code = (JSON.parse(body) as { out_contract_code: string }).out_contract_code;
    contracts.push({ outContractCode: code, subOpenid: openidFor(appid, user.code), token: user.token });
  }
  const freshPresigns = new Set(contracts.map((c) => c.outContractCode)).size;
  if (freshPresigns !== throughput.sent) {
    throw new Error(
      `pre-sign: ${throughput.sent} requests gave ${freshPresigns} distinct contracts (reuse?)`,
    );
  }

  const { fixedSim, fixedBff, perBlockP99 } = await fixedRateComparison(config, stack, runId);

  const completed = throughput.sent;
  return {
    throughput: {
      ...throughput,
      bodies: [],
      bffCpuMsPerRequest: bffCpu.ms / completed,
      bffUserShare: bffCpu.userShare,
      simCpuMsPerRequest: simCpu.ms / completed,
      freshPresigns,
    },
    healthz,
    fixedBff: { ...fixedBff, samples: [] },
    fixedSim: { ...fixedSim, samples: [] },
    perBlockP99,
    contracts,
  };
}
