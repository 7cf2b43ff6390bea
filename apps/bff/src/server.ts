import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createMetrics } from './ops/metrics.js';
import { type MetricsServer, startMetricsServer } from './ops/metrics.server.js';

const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`bff: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    // Only the variable and the rule: never a value, never a stack.
    fail(error instanceof ConfigError ? `invalid configuration: ${error.message}` : 'invalid configuration');
  }
  const metrics = createMetrics({ processMetrics: true });
  const app = await buildApp(config, { metrics }).catch((error: unknown) => {
    fail(`cannot start: ${error instanceof Error ? error.message : 'unknown error'}`);
  });

  let metricsServer: MetricsServer | undefined;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests finish; a stuck one does not keep the process alive forever.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    // app.close() stops the reconciler first (its running pass finishes), then the database.
    Promise.allSettled([app.close(), metricsServer?.close()]).then(
      ([closed]) => process.exit(closed.status === 'fulfilled' ? 0 : 1),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close().catch(() => {});
    fail(`cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : ''}`);
  }
  if (config.metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer(metrics.registry, config.host, config.metricsPort);
    } catch (error) {
      await app.close().catch(() => {});
      fail(
        `cannot listen on ${config.host}:${config.metricsPort} (METRICS_PORT): ${error instanceof Error ? error.message : ''}`,
      );
    }
  }
  app.ops.reconciler.start();
}

void main();
