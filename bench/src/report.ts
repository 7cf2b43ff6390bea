import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Floor } from './floor.js';
import type { MachineInfo } from './machine.js';
import { round } from './measure.js';
import { type RoundTrips, WEAPP_BUDGET_BYTES, type WeappSize } from './miniapp.bench.js';
import type { NotificationFigures } from './notifications.types.js';
import type { PresignFigures } from './presign.types.js';

export interface Results {
  machine: MachineInfo;
  settings: Record<string, number | string>;
  floor: Floor;
  presign: PresignFigures;
  notifications: NotificationFigures;
  weapp: WeappSize | { notMeasured: string };
  tapRoundTrips: RoundTrips | { notMeasured: string };
  durationS: number;
  /** 1-minute load average when the run ended (the machine is shared). */
  loadAtEnd: number;
}

type Verdict = 'met' | 'MISSED' | 'noise' | '–';
interface Row {
  figure: string;
  measured: string;
  goal: string;
  verdict: Verdict;
}

const fmt = (n: number, d = 0) => round(n, d).toLocaleString('en-US');
const ms = (perS: number) => `${fmt(1000 / perS, 3)} ms`;
const pct = (share: number) => `${fmt(share * 100)} %`;
const check = (ok: boolean): Verdict => (ok ? 'met' : 'MISSED');
const RELAY = 'node:http + the same @kit/wechatpay client; no framework, session, contract rows or logs';

/** The derived ratios: computed once, shown in the table and stored in the JSON. */
export function ratios(r: Results) {
  const floorMs = 1000 / r.floor.rsaSignPerS.perCpuS + 1000 / r.floor.rsaVerifyPerS.perCpuS;
  return {
    presignFloorMs: floorMs,
    presignCpuOverFloor: r.presign.throughput.bffCpuMsPerRequest / floorMs,
    addedP99Ms: r.presign.fixedBff.p99Ms - r.presign.fixedSim.p99Ms,
    notifyOverLoop: r.notifications.okPerSecond / r.floor.notifyLoopPerS.perCpuS,
    /** The same ratio per CPU-second of the BFF: what it would do with a core of its own. */
    notifyCpuOverLoop: 1000 / r.notifications.bffCpuMsPerNotification / r.floor.notifyLoopPerS.perCpuS,
    signerSpeedup: r.floor.ourSignerPerS.perCpuS / r.floor.pemPerCallSignerPerS.perCpuS,
    relayCpuOverFloor: r.presign.relay.cpuMsPerRequest / floorMs,
    relayAddedP99Ms: r.presign.fixedRelay.p99Ms - r.presign.fixedSim.p99Ms,
    relayNotifyOverLoop: r.notifications.relay.okPerSecond / r.floor.notifyLoopPerS.perCpuS,
  };
}

function rows(r: Results): Row[] {
  const q = ratios(r);
  const f = r.floor;
  const t = r.presign.throughput;
  const out: Row[] = [
    {
      figure: 'Floor (per CPU-s): RSA-2048 sign (parsed key)',
      measured: `${fmt(f.rsaSignPerS.perCpuS)}/s (${ms(f.rsaSignPerS.perCpuS)})`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: 'Floor (per CPU-s): RSA-2048 verify (parsed key)',
      measured: `${fmt(f.rsaVerifyPerS.perCpuS)}/s (${ms(f.rsaVerifyPerS.perCpuS)})`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: 'Floor (per CPU-s): AES-256-GCM decrypt, notification resource',
      measured: `${fmt(f.aesGcmDecryptPerS.perCpuS)}/s (${ms(f.aesGcmDecryptPerS.perCpuS)})`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: 'Floor (per CPU-s): one committed SQLite insert (WAL, synchronous=NORMAL)',
      measured: `${fmt(f.sqliteCommitPerS.perCpuS)}/s (${ms(f.sqliteCommitPerS.perCpuS)})`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: 'Floor (per CPU-s): in-process verify + decrypt + commit loop',
      measured: `${fmt(f.notifyLoopPerS.perCpuS)}/s`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: `Pre-sign: throughput (${fmt(t.sent)} new users → ${fmt(t.freshPresigns)} new contracts, ${r.settings.presignConnections} connections)`,
      measured: `${fmt(t.okPerSecond)} req/s, p50 ${fmt(t.p50Ms, 2)} ms, p99 ${fmt(t.p99Ms, 2)} ms`,
      goal: 'report',
      verdict: '–',
    },
    {
      figure: 'Pre-sign: BFF CPU per request ÷ floor (1 sign + 1 verify)',
      measured: `${fmt(t.bffCpuMsPerRequest, 3)} ms ÷ ${fmt(q.presignFloorMs, 3)} ms = **${fmt(q.presignCpuOverFloor, 2)}×** (event loop thread ${fmt(t.bffMainThreadMsPerRequest, 3)} ms, other threads ${fmt(t.bffCpuMsPerRequest - t.bffMainThreadMsPerRequest, 3)} ms)`,
      goal: '≤ 1.5×',
      verdict: check(q.presignCpuOverFloor <= 1.5),
    },
    {
      figure: `Reference: the minimal relay's CPU per pre-sign ÷ floor (${RELAY})`,
      measured: `${fmt(r.presign.relay.cpuMsPerRequest, 3)} ms ÷ ${fmt(q.presignFloorMs, 3)} ms = **${fmt(q.relayCpuOverFloor, 2)}×** (${fmt(r.presign.relay.okPerSecond)} req/s); the BFF's own work: ${fmt(t.bffCpuMsPerRequest - r.presign.relay.cpuMsPerRequest, 3)} ms`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: 'Context: BFF CPU per GET /healthz (HTTP in/out only) · per pre-sign: kernel share',
      measured: `${fmt(r.presign.healthz.bffCpuMsPerRequest, 3)} ms (${pct(1 - r.presign.healthz.bffUserShare)} kernel) · pre-sign ${pct(1 - t.bffUserShare)} kernel; simulator ${fmt(t.simCpuMsPerRequest, 3)} ms, load generator ${fmt(t.clientCpuMsPerRequest, 3)} ms per pre-sign`,
      goal: 'context',
      verdict: '–',
    },
    {
      figure: `Pre-sign: p99 the BFF adds over the simulator alone, at ${r.settings.fixedRate} req/s`,
      measured: `${fmt(r.presign.fixedBff.p99Ms, 2)} − ${fmt(r.presign.fixedSim.p99Ms, 2)} ms = **${fmt(q.addedP99Ms, 2)} ms** (p50 ${fmt(r.presign.fixedBff.p50Ms, 2)} vs ${fmt(r.presign.fixedSim.p50Ms, 2)} ms; per 2 s block p99 BFF ${r.presign.perBlockP99.bff.map((v) => fmt(v)).join('/')}, simulator ${r.presign.perBlockP99.sim.map((v) => fmt(v)).join('/')} ms)`,
      goal: '≤ 3 ms',
      // The BFF's path contains the simulator's: a negative difference can only be the machine's noise.
      verdict: q.addedP99Ms < 0 ? 'noise' : check(q.addedP99Ms <= 3),
    },
    {
      figure: `Reference: p99 the minimal relay adds over the simulator alone, at ${r.settings.fixedRate} req/s`,
      measured: `${fmt(r.presign.fixedRelay.p99Ms, 2)} − ${fmt(r.presign.fixedSim.p99Ms, 2)} ms = **${fmt(q.relayAddedP99Ms, 2)} ms** (p50 ${fmt(r.presign.fixedRelay.p50Ms, 2)} ms; per 2 s block ${r.presign.perBlockP99.relay.map((v) => fmt(v)).join('/')} ms)`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: 'Notifications: committed/s ÷ in-process loop',
      measured: `${fmt(r.notifications.okPerSecond)}/s ÷ ${fmt(f.notifyLoopPerS.perCpuS)}/s = **${fmt(q.notifyOverLoop, 2)}** (per BFF CPU-second: ${fmt(1000 / r.notifications.bffCpuMsPerNotification)}/s = ${fmt(q.notifyCpuOverLoop, 2)}; BFF CPU ${fmt(r.notifications.bffCpuMsPerNotification, 3)} ms each, ${pct(1 - r.notifications.bffUserShare)} kernel; p99 ${fmt(r.notifications.p99Ms, 2)} ms)`,
      goal: '≥ 0.5',
      verdict: check(q.notifyOverLoop >= 0.5),
    },
    {
      figure: "Reference: the minimal relay's committed notifications/s ÷ in-process loop",
      measured: `${fmt(r.notifications.relay.okPerSecond)}/s ÷ ${fmt(f.notifyLoopPerS.perCpuS)}/s = **${fmt(q.relayNotifyOverLoop, 2)}** (CPU ${fmt(r.notifications.relay.cpuMsPerNotification, 3)} ms each)`,
      goal: 'reference',
      verdict: '–',
    },
    {
      figure: 'Key parsing: our signer ÷ PEM string per call',
      measured: `${fmt(f.ourSignerPerS.perCpuS)}/s ÷ ${fmt(f.pemPerCallSignerPerS.perCpuS)}/s = **${fmt(q.signerSpeedup, 2)}×**`,
      goal: '> 1× (ours faster)',
      verdict: check(q.signerSpeedup > 1),
    },
  ];
  const w = r.weapp;
  if ('notMeasured' in w) {
    out.push({
      figure: 'Mini program: weapp main package',
      measured: `not measured (${w.notMeasured})`,
      goal: '≤ 330 KB',
      verdict: '–',
    });
  } else {
    out.push({
      figure: `Mini program: weapp main package (${w.files} files) ÷ budget`,
      measured: `${fmt(w.totalBytes)} B ÷ ${fmt(WEAPP_BUDGET_BYTES)} B = **${fmt(w.totalBytes / WEAPP_BUDGET_BYTES, 3)}** (largest: ${w.largestFile} ${fmt(w.largestBytes)} B)`,
      goal: '≤ 1 (330 KB; hard limit 2 MB)',
      verdict: check(w.totalBytes <= WEAPP_BUDGET_BYTES),
    });
  }
  const rt = r.tapRoundTrips;
  out.push(
    'notMeasured' in rt
      ? {
          figure: 'Mini program: network round trips, tap → navigateToMiniProgram',
          measured: `not measured (${rt.notMeasured})`,
          goal: '0',
          verdict: '–',
        }
      : {
          figure: 'Mini program: network round trips, tap → navigateToMiniProgram (H5 preview, Chromium)',
          measured: `**${rt.count}**${rt.count ? ` (${rt.urls.join(', ')})` : ''}; before the tap: ${rt.apiBeforeTap.join(', ')}`,
          goal: '0',
          verdict: check(rt.count === 0),
        },
  );
  return out;
}

export function renderMarkdown(r: Results): string {
  const m = r.machine;
  const lines = [
    `Measured ${m.date} on ${m.cpuModel} × ${m.cores} cores, Node ${m.node}, ${m.os} (1-min load average ${m.loadAverage1m} at start, ${r.loadAtEnd} at end); whole run ${fmt(r.durationS)} s.`,
    '',
    '| figure | measured | goal | |',
    '| --- | --- | --- | --- |',
    ...rows(r).map((x) => `| ${x.figure} | ${x.measured} | ${x.goal} | ${x.verdict} |`),
    '',
    'Floors: operations per CPU-second of one thread in the bench process (immune to the core being taken away).',
    'BFF / simulator CPU: utime + stime from /proc/<pid>/stat across the load, ÷ requests completed.',
    'Latencies: full-precision per-request times; the fixed-rate runs are open loop (request i leaves at i/rate).',
    '',
  ];
  return lines.join('\n');
}

export function writeResults(dir: string, r: Results): string {
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(r);
  writeFileSync(join(dir, 'latest.md'), markdown);
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ ...r, ratios: ratios(r) }, null, 2)}\n`);
  return markdown;
}
