import { API_PATHS, RequestSigner } from '@kit/wechatpay';
import { openidFor } from '@kit/wechatpay/testing';
import type { BenchConfig } from './config.js';
import { assertAllOk, closedLoop, type LoadRequest, type LoadResult, openLoop, pooled } from './loadgen.js';
import type { PresignedContract, PresignFigures } from './presign.types.js';
import { cpuSince, cpuTimes } from './processes.js';
import { measureHealthz, measureReference, relayRequests } from './references.bench.js';
import { type BenchUser, createUsers } from './sessions.js';
import type { Stack } from './stack.js';

const PRESIGN = API_PATHS.presignMiniProgram.template;

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
      path: PRESIGN,
      headers: {
        authorization: signer.authorization('POST', PRESIGN, body),
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': 'kit-bench/0.1',
        'wechatpay-serial': id.wechatpayPublicKeyId,
      },
      body,
    };
  });
}

/** Open loop at a fixed rate: the simulator alone, the relay and the BFF in alternating 2 s blocks. */
async function fixedRateComparison(config: BenchConfig, stack: Stack, runId: string) {
  const appid = stack.identity.sub.sub_appid;
  const fixedCount = config.fixedRate * config.fixedSeconds;
  // Half a second at the rate against each target first, unmeasured: the first block of a target
  // otherwise pays for its warm-up (the simulator's first block ran 19–38 ms at p99, later ones 3–5).
  const warm = Math.ceil(config.fixedRate / 2);
  const fixedUsers = await createUsers(stack.bffUrl, appid, `${runId}-f`, warm + fixedCount);
  const allDirect = directRequests(stack, warm + fixedCount, runId);
  const allBff = presignRequests(fixedUsers);
  await openLoop(stack.simUrl, allDirect.slice(0, warm), config.fixedRate);
  await openLoop(stack.relayUrl, relayRequests(warm), config.fixedRate);
  await openLoop(stack.peerUrl, relayRequests(warm), config.fixedRate);
  await openLoop(stack.bffUrl, allBff.slice(0, warm), config.fixedRate);
  const direct = allDirect.slice(warm);
  const bffRequests = allBff.slice(warm);
  // Alternating 2 s blocks, so a stall of the shared machine is as likely to hit either side.
  const block = config.fixedRate * 2;
  const simRuns: LoadResult[] = [];
  const relayRuns: LoadResult[] = [];
  const peerRuns: LoadResult[] = [];
  const bffRuns: LoadResult[] = [];
  for (let from = 0; from < fixedCount; from += block) {
    simRuns.push(await openLoop(stack.simUrl, direct.slice(from, from + block), config.fixedRate));
    relayRuns.push(await openLoop(stack.relayUrl, relayRequests(block), config.fixedRate));
    peerRuns.push(await openLoop(stack.peerUrl, relayRequests(block), config.fixedRate));
    bffRuns.push(await openLoop(stack.bffUrl, bffRequests.slice(from, from + block), config.fixedRate));
  }
  for (const run of simRuns) assertAllOk('simulator at fixed rate', run);
  for (const run of relayRuns) assertAllOk('relay at fixed rate', run);
  for (const run of peerRuns) assertAllOk('peer at fixed rate', run);
  for (const run of bffRuns) assertAllOk('BFF at fixed rate', run);
  const p99s = (runs: LoadResult[]) => runs.map((r) => r.p99Ms);
  const perBlockP99 = {
    sim: p99s(simRuns),
    relay: p99s(relayRuns),
    peer: p99s(peerRuns),
    bff: p99s(bffRuns),
  };
  return {
    fixedSim: pooled(simRuns),
    fixedRelay: pooled(relayRuns),
    fixedPeer: pooled(peerRuns),
    fixedBff: pooled(bffRuns),
    perBlockP99,
  };
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
  const relay = await measureReference(config, stack, 'relay');
  const peer = await measureReference(config, stack, 'peer');

  const users = await createUsers(stack.bffUrl, appid, `${runId}-t`, config.presignRequests);
  const bffBefore = cpuTimes(stack.bff.pid);
  const bffMainBefore = cpuTimes(stack.bff.pid, true);
  const simBefore = cpuTimes(stack.sim.pid);
  const throughput = await closedLoop(stack.bffUrl, presignRequests(users), config.presignConnections, true);
  const bffCpu = cpuSince(stack.bff.pid, bffBefore);
  const bffMainCpu = cpuSince(stack.bff.pid, bffMainBefore, true);
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

  const { fixedSim, fixedRelay, fixedPeer, fixedBff, perBlockP99 } = await fixedRateComparison(
    config,
    stack,
    runId,
  );

  const completed = throughput.sent;
  return {
    throughput: {
      ...throughput,
      bodies: [],
      bffCpuMsPerRequest: bffCpu.ms / completed,
      bffMainThreadMsPerRequest: bffMainCpu.ms / completed,
      bffUserShare: bffCpu.userShare,
      simCpuMsPerRequest: simCpu.ms / completed,
      freshPresigns,
    },
    healthz,
    relay: { ...relay, samples: [] },
    peer: { ...peer, samples: [] },
    fixedBff: { ...fixedBff, samples: [] },
    fixedSim: { ...fixedSim, samples: [] },
    fixedRelay: { ...fixedRelay, samples: [] },
    fixedPeer: { ...fixedPeer, samples: [] },
    perBlockP99,
    contracts,
  };
}
