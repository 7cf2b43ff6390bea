import { round } from './measure.js';
import { WEAPP_BUDGET_BYTES } from './miniapp.bench.js';
import type { Results } from './report.types.js';

type Verdict = 'met' | 'MISSED' | '–';
export interface Row {
  figure: string;
  measured: string;
  goal: string;
  verdict: Verdict;
}

export const fmt = (n: number, d = 0) => round(n, d).toLocaleString('en-US');
const ms = (perS: number) => `${fmt(1000 / perS, 3)} ms`;
const pct = (share: number) => `${fmt(share * 100)} %`;
const check = (ok: boolean): Verdict => (ok ? 'met' : 'MISSED');
const blocks = (values: number[]) => values.map((v) => fmt(v)).join('/');
const RELAY = 'node:http + the same @kit/wechatpay client; no framework, session, contract rows or logs';
const PEER = 'Fastify + wechatpay-node-v3 2.2.1 as its README shows: getSignature, superagent, verifySign';
const ref = (figure: string, measured: string): Row => ({
  figure,
  measured,
  goal: 'reference',
  verdict: '–',
});

/** The derived ratios: computed once, shown in the table and stored in the JSON. */
export function ratios(r: Results) {
  const floorMs = 1000 / r.floor.rsaSignPerS.perCpuS + 1000 / r.floor.rsaVerifyPerS.perCpuS;
  const p = r.presign;
  const bffCpu = p.throughput.bffCpuMsPerRequest;
  const blockRatios = p.perBlockP99.bff.map((v, i) => v / (p.perBlockP99.relay[i] ?? Number.NaN));
  return {
    presignFloorMs: floorMs,
    presignCpuOverFloor: bffCpu / floorMs,
    presignCpuOverRelay: bffCpu / p.relay.cpuMsPerRequest,
    presignCpuOverPeer: bffCpu / p.peer.cpuMsPerRequest,
    addedP99Ms: p.fixedBff.p99Ms - p.fixedSim.p99Ms,
    p99OverRelayMs: p.fixedBff.p99Ms - p.fixedRelay.p99Ms,
    /** The worst 2 s block of the BFF against the relay's block of the same round. */
    worstBlockOverRelay: Math.max(...blockRatios),
    notifyOverLoop: r.notifications.okPerSecond / r.floor.notifyLoopPerS.perCpuS,
    notifyOverRelay: r.notifications.okPerSecond / r.notifications.relay.okPerSecond,
    /** The same ratio per CPU-second of the BFF: what it would do with a core of its own. */
    notifyCpuOverLoop: 1000 / r.notifications.bffCpuMsPerNotification / r.floor.notifyLoopPerS.perCpuS,
    signerSpeedup: r.floor.ourSignerPerS.perCpuS / r.floor.pemPerCallSignerPerS.perCpuS,
    relayCpuOverFloor: p.relay.cpuMsPerRequest / floorMs,
    peerCpuOverFloor: p.peer.cpuMsPerRequest / floorMs,
    relayAddedP99Ms: p.fixedRelay.p99Ms - p.fixedSim.p99Ms,
    relayNotifyOverLoop: r.notifications.relay.okPerSecond / r.floor.notifyLoopPerS.perCpuS,
  };
}

function floorRows(r: Results): Row[] {
  const f = r.floor;
  return [
    ref(
      'Floor (per CPU-s): RSA-2048 sign (parsed key)',
      `${fmt(f.rsaSignPerS.perCpuS)}/s (${ms(f.rsaSignPerS.perCpuS)})`,
    ),
    ref(
      'Floor (per CPU-s): RSA-2048 verify (parsed key)',
      `${fmt(f.rsaVerifyPerS.perCpuS)}/s (${ms(f.rsaVerifyPerS.perCpuS)})`,
    ),
    ref(
      'Floor (per CPU-s): AES-256-GCM decrypt, notification resource',
      `${fmt(f.aesGcmDecryptPerS.perCpuS)}/s (${ms(f.aesGcmDecryptPerS.perCpuS)})`,
    ),
    ref(
      'Floor (per CPU-s): one committed SQLite insert (WAL, synchronous=NORMAL)',
      `${fmt(f.sqliteCommitPerS.perCpuS)}/s (${ms(f.sqliteCommitPerS.perCpuS)})`,
    ),
    ref('Floor (per CPU-s): in-process verify + decrypt + commit loop', `${fmt(f.notifyLoopPerS.perCpuS)}/s`),
  ];
}

function presignRows(r: Results): Row[] {
  const q = ratios(r);
  const p = r.presign;
  const t = p.throughput;
  const own = t.bffCpuMsPerRequest - p.relay.cpuMsPerRequest;
  return [
    {
      figure: `Pre-sign: throughput (${fmt(t.sent)} new users → ${fmt(t.freshPresigns)} new contracts, ${r.settings.presignConnections} connections)`,
      measured: `${fmt(t.okPerSecond)} req/s, p50 ${fmt(t.p50Ms, 2)} ms, p99 ${fmt(t.p99Ms, 2)} ms`,
      goal: 'report',
      verdict: '–',
    },
    {
      figure: 'Pre-sign: BFF CPU per request ÷ the minimal relay’s',
      measured: `${fmt(t.bffCpuMsPerRequest, 3)} ms ÷ ${fmt(p.relay.cpuMsPerRequest, 3)} ms = **${fmt(q.presignCpuOverRelay, 2)}×** (own work ${fmt(own, 3)} ms; event loop thread ${fmt(t.bffMainThreadMsPerRequest, 3)} ms, other threads ${fmt(t.bffCpuMsPerRequest - t.bffMainThreadMsPerRequest, 3)} ms; ÷ floor ${fmt(q.presignCpuOverFloor, 2)}×)`,
      goal: '≤ 1.10×',
      verdict: check(q.presignCpuOverRelay <= 1.1),
    },
    {
      figure: `Pre-sign: BFF CPU per request ÷ the peer’s (${PEER})`,
      measured: `${fmt(t.bffCpuMsPerRequest, 3)} ms ÷ ${fmt(p.peer.cpuMsPerRequest, 3)} ms = **${fmt(q.presignCpuOverPeer, 2)}×** (peer ÷ floor ${fmt(q.peerCpuOverFloor, 2)}×, ${fmt(p.peer.okPerSecond)} req/s)`,
      goal: '≤ 0.7×',
      verdict: check(q.presignCpuOverPeer <= 0.7),
    },
    ref(
      `Reference: the minimal relay's CPU per pre-sign ÷ floor (${RELAY})`,
      `${fmt(p.relay.cpuMsPerRequest, 3)} ms ÷ ${fmt(q.presignFloorMs, 3)} ms (1 sign + 1 verify) = **${fmt(q.relayCpuOverFloor, 2)}×** (${fmt(p.relay.okPerSecond)} req/s)`,
    ),
    {
      figure: 'Context: BFF CPU per GET /healthz (HTTP in/out only) · per pre-sign: kernel share',
      measured: `${fmt(p.healthz.bffCpuMsPerRequest, 3)} ms (${pct(1 - p.healthz.bffUserShare)} kernel) · pre-sign ${pct(1 - t.bffUserShare)} kernel; simulator ${fmt(t.simCpuMsPerRequest, 3)} ms, load generator ${fmt(t.clientCpuMsPerRequest, 3)} ms per pre-sign`,
      goal: 'context',
      verdict: '–',
    },
    {
      figure: `Pre-sign: p99 at ${r.settings.fixedRate} req/s (open loop), BFF vs the minimal relay, per 2 s block`,
      measured: `${fmt(p.fixedBff.p99Ms, 2)} vs ${fmt(p.fixedRelay.p99Ms, 2)} ms = **${q.p99OverRelayMs >= 0 ? '+' : ''}${fmt(q.p99OverRelayMs, 2)} ms**; blocks BFF ${blocks(p.perBlockP99.bff)}, relay ${blocks(p.perBlockP99.relay)} ms (worst block **${fmt(q.worstBlockOverRelay, 2)}×** the relay's); p50 ${fmt(p.fixedBff.p50Ms, 2)} vs ${fmt(p.fixedRelay.p50Ms, 2)} ms`,
      goal: '≤ relay + 2 ms, no block > 2× the relay’s',
      verdict: check(q.p99OverRelayMs <= 2 && q.worstBlockOverRelay <= 2),
    },
    ref(
      `Reference: p99 at ${r.settings.fixedRate} req/s of the simulator alone · the peer`,
      `simulator ${fmt(p.fixedSim.p99Ms, 2)} ms (blocks ${blocks(p.perBlockP99.sim)}; BFF adds ${fmt(q.addedP99Ms, 2)}, relay ${fmt(q.relayAddedP99Ms, 2)} ms) · peer **${fmt(p.fixedPeer.p99Ms, 2)} ms** (p50 ${fmt(p.fixedPeer.p50Ms, 2)} ms; blocks ${blocks(p.perBlockP99.peer)} ms)`,
    ),
  ];
}

function notificationRows(r: Results): Row[] {
  const q = ratios(r);
  const n = r.notifications;
  return [
    {
      figure: 'Notifications: BFF committed/s ÷ the minimal relay’s',
      measured: `${fmt(n.okPerSecond)}/s ÷ ${fmt(n.relay.okPerSecond)}/s = **${fmt(q.notifyOverRelay, 2)}** (BFF CPU ${fmt(n.bffCpuMsPerNotification, 3)} ms each, ${pct(1 - n.bffUserShare)} kernel, relay ${fmt(n.relay.cpuMsPerNotification, 3)} ms; p99 ${fmt(n.p99Ms, 2)} vs ${fmt(n.relay.p99Ms, 2)} ms)`,
      goal: '≥ 0.80',
      verdict: check(q.notifyOverRelay >= 0.8),
    },
    ref(
      'Reference: committed notifications/s ÷ in-process loop, BFF · relay',
      `${fmt(q.notifyOverLoop, 2)} · ${fmt(q.relayNotifyOverLoop, 2)} (BFF per CPU-second ${fmt(q.notifyCpuOverLoop, 2)})`,
    ),
    {
      figure: 'Key parsing: our signer ÷ PEM string per call',
      measured: `${fmt(r.floor.ourSignerPerS.perCpuS)}/s ÷ ${fmt(r.floor.pemPerCallSignerPerS.perCpuS)}/s = **${fmt(q.signerSpeedup, 2)}×**`,
      goal: '> 1× (ours faster)',
      verdict: check(q.signerSpeedup > 1),
    },
  ];
}

function miniappRows(r: Results): Row[] {
  const w = r.weapp;
  const size: Row =
    'notMeasured' in w
      ? {
          figure: 'Mini program: weapp main package',
          measured: `not measured (${w.notMeasured})`,
          goal: '≤ 330 KB',
          verdict: '–',
        }
      : {
          figure: `Mini program: weapp main package (${w.files} files) ÷ budget`,
          measured: `${fmt(w.totalBytes)} B ÷ ${fmt(WEAPP_BUDGET_BYTES)} B = **${fmt(w.totalBytes / WEAPP_BUDGET_BYTES, 3)}** (largest: ${w.largestFile} ${fmt(w.largestBytes)} B)`,
          goal: '≤ 1 (330 KB; hard limit 2 MB)',
          verdict: check(w.totalBytes <= WEAPP_BUDGET_BYTES),
        };
  const rt = r.tapRoundTrips;
  const tap: Row =
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
        };
  const pay = 'notMeasured' in rt ? undefined : rt.pay;
  const payRow: Row =
    !pay || 'notMeasured' in pay
      ? {
          figure: 'Mini program: network round trips, order answer → requestPayment',
          measured: `not measured (${pay?.notMeasured ?? 'see the row above'})`,
          goal: '0',
          verdict: '–',
        }
      : {
          figure:
            'Mini program: network round trips, order answer → requestPayment (H5 preview: /sim/pay, Chromium)',
          measured: `**${pay.count}**${pay.count ? ` (${pay.urls.join(', ')})` : ''}; the tap's one request: ${pay.order}`,
          goal: '0 (the order itself is the one allowed)',
          verdict: check(pay.count === 0),
        };
  return [size, tap, payRow];
}

function paymentRows(r: Results): Row[] {
  const p = r.payments;
  const cpu = p.orders.cpuMsPerRequest / p.relayOrders.cpuMsPerRequest;
  const rate = p.paid.okPerSecond / p.relayPaid.okPerSecond;
  return [
    {
      figure: `Orders (password-free, ${fmt(p.orders.sent)} users' second order): BFF CPU per order ÷ the relay's (1 order call + answer verification + paySign)`,
      measured: `${fmt(p.orders.cpuMsPerRequest, 3)} ms ÷ ${fmt(p.relayOrders.cpuMsPerRequest, 3)} ms = **${fmt(cpu, 2)}×** (${fmt(p.orders.okPerSecond)} vs ${fmt(p.relayOrders.okPerSecond)} req/s; p99 ${fmt(p.orders.p99Ms, 2)} vs ${fmt(p.relayOrders.p99Ms, 2)} ms)`,
      goal: '≤ 1.10×',
      verdict: check(cpu <= 1.1),
    },
    {
      figure: 'Payment notifications (TRANSACTION.SUCCESS): BFF committed/s ÷ the relay’s',
      measured: `${fmt(p.paid.okPerSecond)}/s ÷ ${fmt(p.relayPaid.okPerSecond)}/s = **${fmt(rate, 2)}** (CPU ${fmt(p.paid.cpuMsPerRequest, 3)} vs ${fmt(p.relayPaid.cpuMsPerRequest, 3)} ms each)`,
      goal: '≥ 0.80',
      verdict: check(rate >= 0.8),
    },
  ];
}

export function rows(r: Results): Row[] {
  return [...floorRows(r), ...presignRows(r), ...notificationRows(r), ...paymentRows(r), ...miniappRows(r)];
}
