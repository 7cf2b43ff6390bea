import { loadConfig } from './config.js';
import { startSimulator } from './index.js';

/** `node dist/server.js`: configured by SIM_* env, prints one ready line, stops on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const sim = await startSimulator(config);
  const reused = sim.identityCreated ? 'created' : 'reused';
  process.stdout.write(
    `wechatpay-sim listening on ${sim.url} (identity: ${config.identityDir}, ${reused})\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`wechatpay-sim: error while stopping on ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `wechatpay-sim failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
