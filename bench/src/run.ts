import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { measureFloor } from './floor.js';
import { machineInfo } from './machine.js';
import { tapRoundTrips, weappSize } from './miniapp.bench.js';
import { benchNotifications, buildSignNotifications } from './notifications.bench.js';
import { benchPayments } from './payments.bench.js';
import { benchPresign } from './presign.bench.js';
import { renderComparison, renderProfile, summariseProfiles } from './profile.js';
import { type Results, writeResults } from './report.js';
import { startStack } from './stack.js';

const step = (what: string) => process.stdout.write(`bench: ${what}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const started = performance.now();
  const machine = machineInfo();
  for (const built of ['apps/bff/dist/server.js', 'apps/wechatpay-sim/dist/server.js']) {
    if (!existsSync(join(config.repoRoot, built)))
      throw new Error(`${built} is missing: run \`pnpm exec turbo run build\``);
  }
  mkdirSync(config.tmpDir, { recursive: true });
  const runId = `b${Date.now().toString(36)}`;

  step('starting the simulator and the BFF (SQLite)');
  const stack = await startStack(config);
  let results: Results;
  try {
    step('floor: RSA, AES-GCM, SQLite, verify+decrypt+commit, key parsing (in process)');
    const floorSample = buildSignNotifications(
      stack,
      Array.from({ length: 200 }, (_, i) => ({
        outContractCode: `F${runId}${i}`,
        subOpenid: 'o',
        token: '',
      })),
      200,
    );
    const floor = measureFloor(config, stack.identity, floorSample);

    step(
      `pre-sign: ${config.presignRequests} new users at full speed, then ${config.fixedRate} req/s vs the simulator alone`,
    );
    const presign = await benchPresign(config, stack, runId);

    step(`notifications: ${config.notifications} distinct SIGN notifications`);
    const contracts = presign.contracts.slice(0, config.notifications);
    const notifications = await benchNotifications(
      config,
      stack,
      contracts,
      buildSignNotifications(stack, contracts, contracts.length),
    );

    step(`payments: ${config.orders} users sign on the simulator, order twice; TRANSACTION.SUCCESS for each`);
    const payments = await benchPayments(config, stack, runId);

    let weapp: Results['weapp'] = { notMeasured: 'apps/miniapp/dist/weapp not built' };
    let tap: Results['tapRoundTrips'] = { notMeasured: 'skipped (BENCH_SKIP_MINIAPP=1)' };
    if (!config.skipMiniapp) {
      step('mini program: weapp size, then tap → jump round trips in the H5 preview (Chromium)');
      weapp = weappSize(config) ?? weapp;
      tap = await tapRoundTrips(config, stack).catch((error: unknown) => ({
        notMeasured: error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : 'failed',
      }));
    }

    results = {
      machine,
      settings: {
        presignRequests: config.presignRequests,
        presignWarmup: config.presignWarmup,
        presignConnections: config.presignConnections,
        fixedRate: config.fixedRate,
        fixedSeconds: config.fixedSeconds,
        notifications: contracts.length,
        notifyConnections: config.notifyConnections,
        orders: config.orders,
        bffLogLevel: config.bffLogLevel,
        cpuProfile: config.cpuProf ? 'on (figures include profiler overhead)' : 'off',
      },
      floor,
      presign: { ...presign, contracts: [] },
      notifications,
      payments,
      weapp,
      tapRoundTrips: tap,
      durationS: 0,
      loadAtEnd: 0,
    };
  } finally {
    await stack.close();
  }
  results.durationS = (performance.now() - started) / 1000;
  results.loadAtEnd = machineInfo().loadAverage1m;
  // Profiled or non-default runs are experiments: they never replace the published results.
  const experiment = config.cpuProf || config.bffLogLevel !== 'info';
  const resultsDir = experiment ? join(config.tmpDir, 'experiment-results') : config.resultsDir;
  const markdown = writeResults(resultsDir, results);
  process.stdout.write(`\n${markdown}\nbench: results in ${resultsDir}\n`);
  if (config.cpuProf) {
    const dir = join(config.tmpDir, 'profiles');
    const phase = (name: string, load: { window: { startUs: number; endUs: number }; sent: number }) =>
      renderProfile(summariseProfiles(dir, load.window), `BFF --cpu-prof, ${name}`, load.sent);
    const p = results.presign;
    const comparison = renderComparison(
      summariseProfiles(dir, p.throughput.window, 40),
      p.throughput.bffCpuMsPerRequest,
      summariseProfiles(join(config.tmpDir, 'profiles-relay'), p.relay.window, 40),
      p.relay.cpuMsPerRequest,
    );
    const summary = [
      comparison,
      phase('pre-sign at full speed (new users)', results.presign.throughput),
      phase('GET /healthz at full speed', results.presign.healthz),
      phase('notifications at full speed', results.notifications),
      phase("password-free orders (each user's second)", results.payments.orders),
      phase('payment notifications (TRANSACTION.SUCCESS)', results.payments.paid),
    ].join('\n');
    writeFileSync(join(config.resultsDir, 'profile.md'), `${summary}\n`);
    process.stdout.write(
      `\n${summary}\nbench: profile summary in ${join(config.resultsDir, 'profile.md')}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
