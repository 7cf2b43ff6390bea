import { Agent } from 'node:http';
import autocannon from 'autocannon';
import { send } from './http.js';
import { percentile } from './measure.js';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  sent: number;
  statuses: Record<string, number>;
  errors: number;
  durationS: number;
  /** Completed 2xx per second over the run. */
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of the bench process (the load generator) per request sent. */
  clientCpuMsPerRequest: number;
  /** When the run started and ended, in µs of the system's monotonic clock (as V8 profiles stamp samples). */
  window: { startUs: number; endUs: number };
  /** Response bodies of 2xx answers, in arrival order, when asked for. */
  bodies: Array<{ index: number; body: string }>;
  /** Every request's latency (open loop only: kept so that runs can be pooled). */
  samples: number[];
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function clientCpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * Closed loop, as fast as the server answers: autocannon over `connections` keep-alive connections,
 * each request taken from `requests` exactly once. Latencies are kept at full precision here
 * (autocannon's own histogram rounds to whole milliseconds).
 */
export function closedLoop(
  baseUrl: string,
  requests: LoadRequest[],
  connections: number,
  keepBodies = false,
): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const bodies: LoadResult['bodies'] = [];
  const statuses: Record<string, number> = {};
  return new Promise((ok, fail) => {
    const started = performance.now();
    let lastAnswer = started;
    const startUs = monotonicUs();
    const cpuStart = process.cpuUsage();
    const instance = autocannon(
      {
        url: baseUrl,
        connections: Math.min(connections, requests.length),
        amount: requests.length,
        timeout: 30,
        requests: [
          {
            setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
              const index = next++;
              const r = requests[index % requests.length] as LoadRequest;
              context.index = index;
              return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body } as never;
            },
            onResponse: (status: number, body: string, context: Record<string, unknown>) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (keepBodies && status >= 200 && status < 300)
                bodies.push({ index: context.index as number, body });
            },
          } as never,
        ],
      },
      (error, result) => {
        if (error) return fail(error);
        // Not "now": autocannon reports completion on its next 1 s tick, which would quantise every
        // rate to requests ÷ whole seconds.
        const durationS = (lastAnswer - started) / 1000;
        const okCount = Object.entries(statuses).reduce((n, [s, c]) => (s.startsWith('2') ? n + c : n), 0);
        ok({
          sent: next,
          statuses,
          errors: result.errors + result.timeouts,
          durationS,
          okPerSecond: okCount / durationS,
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          clientCpuMsPerRequest: clientCpuMs(cpuStart) / next,
          window: { startUs, endUs: monotonicUs() },
          bodies,
          samples: [],
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      lastAnswer = performance.now();
    });
  });
}

/**
 * Open loop at a fixed rate: request i leaves at start + i/rate whether or not earlier ones have
 * answered (autocannon's rate option sends each second's quota in one burst instead).
 */
export async function openLoop(baseUrl: string, requests: LoadRequest[], rate: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  const startUs = monotonicUs();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < requests.length; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const r = requests[i] as LoadRequest;
    const sentAt = performance.now();
    inflight.push(
      send(`${baseUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body, agent }).then(
        (res) => {
          latencies.push(performance.now() - sentAt);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  const durationS = (performance.now() - start) / 1000;
  agent.destroy();
  const okCount = Object.entries(statuses).reduce((n, [s, c]) => (s.startsWith('2') ? n + c : n), 0);
  return {
    sent: requests.length,
    statuses,
    errors,
    durationS,
    okPerSecond: okCount / durationS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    clientCpuMsPerRequest: clientCpuMs(cpuStart) / requests.length,
    window: { startUs, endUs: monotonicUs() },
    bodies: [],
    samples: latencies,
  };
}

/** Pools open-loop runs (e.g. interleaved blocks against one target) into one result. */
export function pooled(runs: LoadResult[]): LoadResult {
  const statuses: Record<string, number> = {};
  for (const run of runs)
    for (const [s, n] of Object.entries(run.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  const samples = runs.flatMap((r) => r.samples);
  const durationS = runs.reduce((t, r) => t + r.durationS, 0);
  const okCount = Object.entries(statuses).reduce((n, [s, c]) => (s.startsWith('2') ? n + c : n), 0);
  const sent = runs.reduce((n, r) => n + r.sent, 0);
  return {
    sent,
    statuses,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    durationS,
    okPerSecond: okCount / durationS,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    clientCpuMsPerRequest: runs.reduce((t, r) => t + r.clientCpuMsPerRequest * r.sent, 0) / Math.max(1, sent),
    window: { startUs: runs[0]?.window.startUs ?? 0, endUs: runs.at(-1)?.window.endUs ?? 0 },
    bodies: [],
    samples,
  };
}

export function assertAllOk(label: string, r: LoadResult): void {
  const bad = Object.entries(r.statuses).filter(([s]) => !s.startsWith('2'));
  if (bad.length > 0 || r.errors > 0) {
    throw new Error(`${label}: non-2xx answers ${JSON.stringify(r.statuses)}, ${r.errors} errors`);
  }
}
