import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric of one app instance, on its own registry (never prom-client's global one), so that
 * several apps in one process (tests, two instances) each count only their own traffic.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  notifications: Counter<'event_type' | 'outcome'>;
  wechatpayCalls: Counter<'api' | 'outcome' | 'code'>;
  wechatpayDuration: Histogram<'api'>;
  transitions: Counter<'record' | 'from' | 'to' | 'source'>;
  rateLimited: Counter<'route'>;
  redisOutages: Counter;
  redisUp: Gauge;
  reconcileRuns: Counter<'outcome'>;
  reconcileFindings: Counter<'record' | 'finding'>;
  reconcileLastSuccess: Gauge;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag); off in tests that build many apps. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'bff_' });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'bff_http_request_duration_seconds',
      help: 'Time to answer a request, by route template (not the raw URL) and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers,
    }),
    notifications: new Counter({
      name: 'bff_notifications_total',
      help: 'WeChat Pay notifications by event type and outcome (rejected_* = answered non-2xx)',
      labelNames: ['event_type', 'outcome'],
      registers,
    }),
    wechatpayCalls: new Counter({
      name: 'bff_wechatpay_calls_total',
      help: 'WeChat Pay API calls by API, outcome and WeChat error code (or HTTP status)',
      labelNames: ['api', 'outcome', 'code'],
      registers,
    }),
    wechatpayDuration: new Histogram({
      name: 'bff_wechatpay_call_duration_seconds',
      help: 'WeChat Pay API call time, retries included',
      labelNames: ['api'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 30],
      registers,
    }),
    transitions: new Counter({
      name: 'bff_state_transitions_total',
      help: 'Applied state changes by record kind, from, to and source',
      labelNames: ['record', 'from', 'to', 'source'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'bff_rate_limited_total',
      help: 'Requests answered 429 RATE_LIMITED by our own limits, by route',
      labelNames: ['route'],
      registers,
    }),
    redisOutages: new Counter({
      name: 'bff_redis_outages_total',
      help: 'Times Redis became unreachable (rate limits fail open until it is back)',
      registers,
    }),
    redisUp: new Gauge({
      name: 'bff_redis_up',
      help: '1 while the shared rate-limit store is reachable, 0 during an outage',
      registers,
    }),
    reconcileRuns: new Counter({
      name: 'bff_reconcile_runs_total',
      help: 'Reconciler passes: completed, failed, or skipped (another instance holds the lock)',
      labelNames: ['outcome'],
      registers,
    }),
    reconcileFindings: new Counter({
      name: 'bff_reconcile_findings_total',
      help: 'Records the reconciler checked, by kind and finding (changed, unchanged, expired, error)',
      labelNames: ['record', 'finding'],
      registers,
    }),
    reconcileLastSuccess: new Gauge({
      name: 'bff_reconcile_last_success_timestamp_seconds',
      help: 'When this instance last completed a reconciler pass (0 = never)',
      registers,
    }),
  };
}
