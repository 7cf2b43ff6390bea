import type { TrustProxy } from '../config.js';

type FastifyTrust = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * Fastify's `trustProxy` for our setting. Fastify 5 answers a bare number by trusting nothing (a
 * hop count cannot tell the proxy from a client that connects directly), so a hop count is spelt
 * out here as Express does: the socket peer and the next `n - 1` forwarders are trusted. It is
 * only safe when the BFF's port is reachable through the proxy alone; addresses/CIDRs are safer.
 */
export function fastifyTrustProxy(setting: TrustProxy): FastifyTrust {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}
