import { jsonRequest } from './http.js';
import { type Bff, login, type Sim } from './stack.js';

export interface LoadResult {
  concurrency: number;
  seconds: number;
  requests: number;
  rate: number;
  errors: string[];
  p50: number;
  p99: number;
  byRoute: Record<string, number>;
  /** Every session token and openid used (the secrets scan looks for them in the logs). */
  tokens: string[];
  openids: string[];
}

/** Per user: 4 × (pre-sign, 3 status polls) — the first pre-sign calls WeChat Pay, later ones are reused. */
const CYCLES = 4;
const POLLS = 3;

let users = 0;

/**
 * Closed-loop load on the real API: `concurrency` virtual users each log in (a new user every
 * 4 cycles, so per-user and per-IP limits are respected as real traffic would), pre-sign and poll
 * the contract status, until `seconds` have passed. Every non-2xx or network failure is an error.
 */
export async function runLoad(bff: Bff, sim: Sim, concurrency: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors: string[] = [];
  const byRoute: Record<string, number> = {};
  const tokens: string[] = [];
  const openids: string[] = [];
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const timed = async (route: string, call: () => ReturnType<typeof jsonRequest>) => {
    const t = performance.now();
    try {
      const res = await call();
      latencies.push(performance.now() - t);
      byRoute[route] = (byRoute[route] ?? 0) + 1;
      if (res.status < 200 || res.status >= 300)
        errors.push(`${route} ${res.status} ${res.text.slice(0, 120)}`);
      return res;
    } catch (error) {
      errors.push(`${route} ${String(error)}`);
      return undefined;
    }
  };
  const worker = async () => {
    while (Date.now() < deadline) {
      const n = users++;
      let token: string;
      const t = performance.now();
      try {
        const user = await login(bff, sim, `load-${process.pid}-${n}`, 100_000 + n);
        token = user.token;
        tokens.push(user.token);
        openids.push(user.openid);
        latencies.push(performance.now() - t);
        byRoute.session = (byRoute.session ?? 0) + 1;
      } catch (error) {
        errors.push(`session ${String(error).slice(0, 160)}`);
        continue;
      }
      for (let c = 0; c < CYCLES && Date.now() < deadline; c++) {
        const res = await timed('pre-sign', () =>
          jsonRequest(`${bff.url}/v1/contracts/pre-sign`, 'POST', {}, token),
        );
        const code = res?.status === 200 ? (res.json().out_contract_code as string) : undefined;
        if (!code) continue;
        for (let p = 0; p < POLLS; p++) {
          await timed('status', () =>
            jsonRequest(`${bff.url}/v1/contracts/${code}`, 'GET', undefined, token),
          );
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  return {
    concurrency,
    seconds: Math.round(elapsed * 10) / 10,
    requests: latencies.length,
    rate: Math.round(latencies.length / elapsed),
    errors,
    p50: pct(0.5),
    p99: pct(0.99),
    byRoute,
    tokens,
    openids,
  };
}
