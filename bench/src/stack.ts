import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig } from './config.js';
import { freePort, type Proc, startNode, stop } from './processes.js';
import type { RelayConfig } from './relay.server.js';

/** What the bench needs to know about the simulator's identity (read from its files, like the BFF does). */
export interface SimIdentity {
  mchid: string;
  spAppid: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  wechatpayPublicKeyId: string;
  wechatpayPublicKeyPem: string;
  wechatpayPrivateKeyPem: string;
  apiV3Key: string;
  sub: { sub_mchid: string; sub_appid: string; service_id: number; contract_display_account: string };
  notifyUrl: string;
}

export interface Stack {
  sim: Proc;
  bff: Proc;
  /** The minimal relay (relay.server.ts): the reference for what any Node service pays. */
  relay: Proc;
  simUrl: string;
  bffUrl: string;
  relayUrl: string;
  identity: SimIdentity;
  close(): Promise<void>;
}

function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return env;
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
      SIM_BFF_NOTIFY_URL: `${bffUrl}/v1/notifications/wechatpay`,
    },
    logFile: join(dir, 'sim.log'),
    ready: async (log) => /listening on/.test(log()),
  });
  const bffEnv = parseEnvFile(readFileSync(join(identityDir, 'bff.env'), 'utf8'));
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
  const subs = JSON.parse(readFileSync(bffEnv.SUB_MERCHANTS_FILE as string, 'utf8'));
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
    sub: subs[0],
    notifyUrl: bffEnv.WECHATPAY_NOTIFY_URL as string,
  };
  let relay: { proc: Proc; url: string };
  try {
    relay = await startRelay(config, dir, simUrl, identity);
  } catch (error) {
    await stop(bff);
    await stop(sim);
    throw error;
  }
  return {
    sim,
    bff,
    relay: relay.proc,
    simUrl,
    bffUrl,
    relayUrl: relay.url,
    identity,
    async close() {
      await stop(relay.proc);
      await stop(bff);
      await stop(sim);
    },
  };
}

async function startRelay(config: BenchConfig, dir: string, simUrl: string, id: SimIdentity) {
  // The relay signs as the merchant and verifies WeChat Pay: it gets no WeChat Pay private key.
  const { wechatpayPrivateKeyPem: _notForTheRelay, ...keys } = id;
  const relayConfig: RelayConfig = {
    ...keys,
    port: await freePort(),
    dbFile: join(dir, 'relay.sqlite'),
    simUrl,
  };
  writeFileSync(join(dir, 'relay.json'), JSON.stringify(relayConfig));
  const proc = await startNode({
    name: 'relay',
    script: join(config.repoRoot, 'bench/dist/relay.server.js'),
    args: [join(dir, 'relay.json')],
    env: config.inheritedEnv,
    logFile: join(dir, 'relay.log'),
    ready: async (log) => /listening on/.test(log()),
  });
  return { proc, url: `http://127.0.0.1:${relayConfig.port}` };
}
