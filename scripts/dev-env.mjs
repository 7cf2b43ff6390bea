// What `npm run dev` hands each process, computed from its own environment and the repo root:
// kept apart from dev.mjs (which spawns) so that a test can check it without spawning the stack.
import { resolve } from 'node:path';
import { readEnvFile } from '@kit/test-support';

/** Ports and folders of the dev stack. `PORT` is the BFF's port, as in production. */
export function devLayout(env, root) {
  const devDir = resolve(root, '.dev');
  return {
    devDir,
    identityDir: resolve(devDir, 'sim-identity'),
    simPort: Number(env.SIM_PORT ?? 3100),
    bffPort: Number(env.PORT ?? 3000),
    previewPort: Number(env.PREVIEW_PORT ?? 10086),
  };
}

/** The simulator's variables; SIM_BFF_PORT makes the notify_url it writes into bff.env point at our BFF. */
export function simEnv(layout) {
  return {
    SIM_PORT: String(layout.simPort),
    SIM_IDENTITY_DIR: layout.identityDir,
    SIM_BFF_PORT: String(layout.bffPort),
  };
}

/** The BFF's variables: the simulator's bff.env (the one reader of it), our port and database. */
export function bffEnv(layout, env) {
  return {
    ...readEnvFile(resolve(layout.identityDir, 'bff.env')),
    PORT: String(layout.bffPort),
    DATABASE_URL: env.DATABASE_URL ?? `file:${resolve(layout.devDir, 'bff.sqlite')}`,
  };
}
