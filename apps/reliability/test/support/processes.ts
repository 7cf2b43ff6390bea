import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type StartOptions, startProcess as start } from '@kit/test-support';

export { freePort, type Proc, readEnvFile, rssMiB, sleep, until } from '@kit/test-support';

/** Every line any process of this run wrote goes here too (kept after the run for inspection). */
export const LOG_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'logs');

/** Starts `node <args>` and keeps its output in `test-results/logs/<name>.log`. */
export function startProcess(args: string[], o: StartOptions & { name: string }) {
  mkdirSync(LOG_DIR, { recursive: true });
  return start(args, { ...o, logFile: join(LOG_DIR, `${o.name}.log`) });
}
