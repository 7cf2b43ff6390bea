import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SubMerchantList } from '@kit/contract-types';
import { readEnvFile } from '@kit/test-support';
import type { BenchConfig } from './config.js';
import { freePort, type Proc, startNode, stop } from './processes.js';
import type { RelayConfig, SimIdentity } from './stack.types.js';

export interface Stack {
  sim: Proc;
  bff: Proc;
  /** The minimal relay (relay.server.ts): the reference for what any Node service pays. */
  relay: Proc;
  /** The peer (peer.server.ts): the same pre-sign with the most downloaded Node SDK. */
  peer: Proc;
  simUrl: string;
  bffUrl: string;
  relayUrl: string;
  peerUrl: string;
  identity: SimIdentity;
  close(): Promise<void>;
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.ok;
}

/** The real simulator process and the real BFF process on a fresh SQLite file, on free loopback ports. */
export async function startStack(config: BenchConfig): Promise<Stack> {
  const dir = join(config.tmpDir, 'stack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const [simPort, bffPort] = [await freePort(), await freePort()];
  const simUrl = `http://127.0.0.1:${simPort}`;
  const bffUrl = `http://127.0.0.1:${bffPort}`;
  const identityDir = join(dir, 'sim-identity');
  const sim = await startNode({
    name: 'wechatpay-sim',
    script: join(config.repoRoot, 'apps/wechatpay-sim/dist/server.js'),
    env: {
      ...config.inheritedEnv,
      SIM_HOST: '127.0.0.1',
      SIM_PORT: String(simPort),
      SIM_IDENTITY_DIR: identityDir,
      // The notify_url the simulator writes into bff.env: our BFF's notification route.
      SIM_BFF_PORT: String(bffPort),
    },
    logFile: join(dir, 'sim.log'),
    ready: async (log) => /listening on/.test(log()),
  });
  const bffEnv = readEnvFile(join(identityDir, 'bff.env'));
  const [sub] = JSON.parse(readFileSync(bffEnv.SUB_MERCHANTS_FILE as string, 'utf8')) as SubMerchantList;
  if (!sub) {
    await stop(sim);
    throw new Error('the simulator wrote an empty SUB_MERCHANTS_FILE');
  }
  const profDir = join(config.tmpDir, 'profiles');
  if (config.cpuProf) {
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
  }
  let bff: Proc;
  try {
    bff = await startNode({
      name: 'bff',
      script: join(config.repoRoot, 'apps/bff/dist/server.js'),
      // The production defaults (LOG_LEVEL info): the bench measures the BFF as it ships.
      env: {
        ...config.inheritedEnv,
        ...bffEnv,
        LOG_LEVEL: config.bffLogLevel,
        HOST: '127.0.0.1',
        PORT: String(bffPort),
        DATABASE_URL: `file:${join(dir, 'bff.sqlite')}`,
      },
      nodeArgs: config.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
      logFile: join(dir, 'bff.log'),
      ready: () => httpOk(`${bffUrl}/readyz`),
    });
  } catch (error) {
    await stop(sim);
    throw error;
  }
  const json = JSON.parse(readFileSync(join(identityDir, 'identity.json'), 'utf8'));
  const read = (name: string) => readFileSync(join(identityDir, name), 'utf8');
  const identity: SimIdentity = {
    mchid: json.mchid,
    spAppid: json.sp_appid,
    merchantSerialNo: json.merchant_serial_no,
    merchantPrivateKeyPem: read('apiclient_key.pem'),
    wechatpayPublicKeyId: json.wechatpay_public_key_id,
    wechatpayPublicKeyPem: read('pub_key.pem'),
    wechatpayPrivateKeyPem: read('wechatpay_private_key.pem'),
    apiV3Key: json.apiv3_key,
    sub,
    notifyUrl: bffEnv.WECHATPAY_NOTIFY_URL as string,
  };
  let relay: { proc: Proc; url: string } | undefined;
  let peer: { proc: Proc; url: string };
  try {
    relay = await startReference(config, 'relay', dir, simUrl, identity);
    peer = await startReference(config, 'peer', dir, simUrl, identity);
  } catch (error) {
    await stop(relay?.proc);
    await stop(bff);
    await stop(sim);
    throw error;
  }
  const started = relay;
  return {
    sim,
    bff,
    relay: started.proc,
    peer: peer.proc,
    simUrl,
    bffUrl,
    relayUrl: started.url,
    peerUrl: peer.url,
    identity,
    async close() {
      await stop(peer.proc);
      await stop(started.proc);
      await stop(bff);
      await stop(sim);
    },
  };
}

/** The relay or the peer: `bench/dist/<name>.server.js <name>.json`. */
async function startReference(
  config: BenchConfig,
  name: 'relay' | 'peer',
  dir: string,
  simUrl: string,
  id: SimIdentity,
) {
  // Both sign as the merchant and verify WeChat Pay: neither gets the WeChat Pay private key.
  const { wechatpayPrivateKeyPem: _notForThem, ...keys } = id;
  const refConfig: RelayConfig = {
    ...keys,
    port: await freePort(),
    dbFile: join(dir, `${name}.sqlite`),
    simUrl,
  };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(refConfig));
  // Profiled like the BFF, so that the BFF's own work can be read package by package.
  const profDir = join(config.tmpDir, `profiles-${name}`);
  if (config.cpuProf) {
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
  }
  const proc = await startNode({
    name,
    script: join(config.repoRoot, `bench/dist/${name}.server.js`),
    nodeArgs: config.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
    args: [join(dir, `${name}.json`)],
    env: config.inheritedEnv,
    logFile: join(dir, `${name}.log`),
    ready: async (log) => /listening on/.test(log()),
  });
  return { proc, url: `http://127.0.0.1:${refConfig.port}` };
}
