import type { Deadlines } from '../config.js';

/**
 * Fastify/Node server options that bound how long a client may hold a socket. Node's own defaults
 * are not enough: Fastify sets `requestTimeout` 0, which disables Node's limit, and Node then looks
 * for expired requests only every 30 s.
 */
export function serverTimeouts(d: Deadlines) {
  return {
    requestTimeout: d.requestMs,
    // Socket inactivity while a handler waits upstream; longer than the WeChat clients' own timeouts.
    connectionTimeout: 30_000,
    // Longer than the usual load balancer idle timeout (60 s), so the balancer closes idle sockets
    // first and never sends a request on a socket this server is closing.
    keepAliveTimeout: 72_000,
    http: {
      // Node applies the larger of headersTimeout and requestTimeout as the whole-request limit.
      headersTimeout: Math.min(d.headersMs, d.requestMs),
      connectionsCheckingInterval: d.checkIntervalMs,
    },
  };
}
