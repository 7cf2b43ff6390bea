import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * What every answer carries even when it skips the hooks (a malformed URL, a socket-level error):
 * answers may hold a session token, and a JSON body must never be sniffed as HTML.
 */
export const BASELINE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export async function registerResponseHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // HSTS is the TLS terminator's decision: it knows the domain and whether subdomains are ready.
    strictTransportSecurity: false,
    // Nothing here is a page: a JSON API (and the OpenAPI JSON at /docs) loads no resources.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('cache-control', BASELINE_HEADERS['cache-control']);
    done();
  });
}
