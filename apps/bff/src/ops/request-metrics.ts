import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

const NOTIFICATIONS_ROUTE = '/v1/notifications/wechatpay';

/**
 * Request durations by route template (`/v1/contracts/:out_contract_code`, never the raw URL, so
 * a label cannot carry a user's code and the series stay few), and notification outcomes from
 * what the notification handler put on its log line.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    metrics.httpDuration.observe(
      { method: request.method, route, status_code: status },
      reply.elapsedTime / 1000,
    );
    if (route === NOTIFICATIONS_ROUTE) countNotification(request.logFields, reply.statusCode, metrics);
    done();
  });
}

function countNotification(fields: Record<string, string> | null, statusCode: number, metrics: Metrics) {
  if (fields?.eventType && fields.outcome && statusCode < 300) {
    metrics.notifications.inc({ event_type: fields.eventType, outcome: fields.outcome });
  } else {
    metrics.notifications.inc({
      event_type: fields?.eventType ?? 'unknown',
      outcome: `rejected_${statusCode}`,
    });
  }
}
