import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

/** Every knob of the bench, read once. Sizes are chosen so one run stays well under 5 minutes on 2 cores. */
export interface BenchConfig {
  repoRoot: string;
  /** Working files (SQLite, simulator identity, logs, profiles): git-ignored. */
  tmpDir: string;
  resultsDir: string;
  /** In-process loops run at least this long each. */
  floorMs: number;
  /** Pre-sign load (max throughput): warm-up and measured requests, autocannon connections. */
  presignWarmup: number;
  presignRequests: number;
  presignConnections: number;
  /** Fixed-rate comparison against the simulator alone. */
  fixedRate: number;
  fixedSeconds: number;
  /** Notification load: distinct notifications posted, autocannon connections. */
  notifications: number;
  notifyConnections: number;
  /** Users who sign through the simulator and then order (each one warm-up order, one measured). */
  orders: number;
  /** The BFF's LOG_LEVEL; `info` is its production default (experiments only). */
  bffLogLevel: string;
  /** Run the BFF with --cpu-prof and summarise where its time goes. */
  cpuProf: boolean;
  /** Skip the mini program part (e.g. while its build is not there). */
  skipMiniapp: boolean;
  chromiumPath: string;
  cores: number;
  /** The environment children inherit (PATH, HOME…), captured once here. */
  inheritedEnv: Record<string, string | undefined>;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const repoRoot = resolve(import.meta.dirname, '../..');
  const benchDir = join(repoRoot, 'bench');
  return {
    repoRoot,
    tmpDir: join(benchDir, 'tmp'),
    resultsDir: join(benchDir, 'results'),
    floorMs: int(env, 'BENCH_FLOOR_MS', 1500),
    presignWarmup: int(env, 'BENCH_PRESIGN_WARMUP', 400),
    presignRequests: int(env, 'BENCH_PRESIGN_REQUESTS', 3000),
    presignConnections: int(env, 'BENCH_PRESIGN_CONNECTIONS', 16),
    fixedRate: int(env, 'BENCH_FIXED_RATE', 200),
    fixedSeconds: int(env, 'BENCH_FIXED_SECONDS', 10),
    notifications: int(env, 'BENCH_NOTIFICATIONS', 3000),
    notifyConnections: int(env, 'BENCH_NOTIFY_CONNECTIONS', 16),
    orders: int(env, 'BENCH_ORDERS', 1000),
    bffLogLevel: env.BENCH_BFF_LOG_LEVEL || 'info',
    cpuProf: env.BENCH_CPU_PROF === '1',
    skipMiniapp: env.BENCH_SKIP_MINIAPP === '1',
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    cores: cpus().length,
    inheritedEnv: { ...env },
  };
}
