import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bffEnv, devLayout, simEnv } from '../../../scripts/dev-env.mjs';
import { loadConfig } from '../src/config.js';
import { startSimulator } from '../src/index.js';

/**
 * `npm run dev` (scripts/dev.mjs) configures the simulator and the BFF from its own environment
 * through scripts/dev-env.mjs; the simulator is started here exactly as `dist/server.js` starts it
 * (`startSimulator(loadConfig(env))`), in a clone whose path has a space.
 */
describe('the dev stack configuration', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kit clone-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const startFor = async (env: Record<string, string>) => {
    const layout = devLayout({ SIM_PORT: '0', ...env }, root);
    const sim = await startSimulator(loadConfig(simEnv(layout)));
    await sim.close();
    return { layout, sim, bff: bffEnv(layout, {}) };
  };

  it('regression: PORT=3001 npm run dev made the simulator notify :3000', async () => {
    const { bff } = await startFor({ PORT: '3001' });
    expect(bff.PORT).toBe('3001');
    expect(bff.WECHATPAY_NOTIFY_URL).toBe('http://127.0.0.1:3001/v1/notifications/wechatpay');
    expect((await startFor({})).bff.WECHATPAY_NOTIFY_URL).toBe(
      'http://127.0.0.1:3000/v1/notifications/wechatpay',
    );
  });

  it('regression: under a path with a space the BFF got its key paths from bff.env with the quotes', async () => {
    const { layout, sim, bff } = await startFor({});
    expect(layout.identityDir).toContain(' ');
    // The simulator quotes such values (dotenv syntax); the BFF must get them without the quotes.
    const written = await readFile(sim.identity.bffEnvFile, 'utf8');
    expect(written).toContain(`WECHATPAY_MERCHANT_PRIVATE_KEY_FILE="${sim.identity.merchantPrivateKeyFile}"`);
    expect(bff).toMatchObject({
      WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: sim.identity.merchantPrivateKeyFile,
      WECHATPAY_PUBLIC_KEY_FILE: sim.identity.wechatpayPublicKeyFile,
      SUB_MERCHANTS_FILE: sim.identity.subMerchantsFile,
      DATABASE_URL: `file:${join(root, '.dev', 'bff.sqlite')}`,
    });
    for (const name of [
      'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE',
      'WECHATPAY_PUBLIC_KEY_FILE',
      'SUB_MERCHANTS_FILE',
    ]) {
      expect((await stat(bff[name] as string)).isFile()).toBe(true);
    }
  });
});
