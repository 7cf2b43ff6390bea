import type { FastifyInstance } from 'fastify';
import { type MetricsServer, startMetricsServer } from '../../src/ops/metrics.server.js';

/** The app's metrics on a listener of their own, as server.ts runs them. */
export async function metricsListener(
  app: FastifyInstance,
): Promise<MetricsServer & { scrape(): Promise<string> }> {
  const server = await startMetricsServer(app.ops.metrics.registry, '127.0.0.1', 0);
  return {
    ...server,
    async scrape() {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      return res.text();
    },
  };
}

/** Sum of the samples of `name` whose labels include every one of `labels` (Prometheus text format). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
  }
  return sum;
}
