import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubMerchantEntry, SubMerchantList } from '@kit/contract-types';
import { openidFor } from '@kit/wechatpay/testing';
import { jsonRequest, type Reply } from './http.js';
import { freePort, type Proc, readEnvFile, startProcess } from './processes.js';
import { BASE_PATH } from './sizes.js';

const APPS = join(import.meta.dirname, '..', '..', '..');
const SIM_ENTRY = join(APPS, 'wechatpay-sim', 'dist', 'server.js');
const BFF_ENTRY = join(APPS, 'bff', 'dist', 'server.js');

export interface Sim {
  proc: Proc;
  url: string;
  dir: string;
  /** The variables the simulator wrote to bff.env. */
  bffEnv: Record<string, string>;
  subMerchants: SubMerchantList;
  call(method: string, path: string, body?: unknown): Promise<Reply>;
  close(): Promise<void>;
}

export interface SimOptions {
  name: string;
  notifyUrl: string;
  timeScale?: number;
  notifyTimeoutMs?: number;
}

/** The simulator process (`dist/server.js`) with a fresh identity in a temp folder. */
export async function startSim(o: SimOptions): Promise<Sim> {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-'));
  const proc = await startProcess([SIM_ENTRY], {
    name: o.name,
    cwd: dir,
    env: {
      PATH: BASE_PATH,
      SIM_PORT: '0',
      SIM_IDENTITY_DIR: join(dir, 'identity'),
      SIM_TIME_SCALE: String(o.timeScale ?? 0.01),
      SIM_BFF_NOTIFY_URL: o.notifyUrl,
      SIM_NOTIFY_TIMEOUT_MS: String(o.notifyTimeoutMs ?? 5000),
    },
    ready: /wechatpay-sim listening on (http:\/\/\S+)/,
  });
  const url = proc.match[1] as string;
  const bffEnv = readEnvFile(join(dir, 'identity', 'bff.env'));
  const subMerchants = JSON.parse(
    readFileSync(bffEnv.SUB_MERCHANTS_FILE as string, 'utf8'),
  ) as SubMerchantList;
  return {
    proc,
    url,
    dir,
    bffEnv,
    subMerchants,
    call: (method, path, body) => jsonRequest(`${url}${path}`, method, body),
    async close() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Bff {
  url: string;
  port: number;
  proc: Proc;
  /** Starts the same configuration again (same port, same database) after a stop or a crash. */
  restart(): Promise<void>;
}

export interface BffOptions {
  name: string;
  sim: Sim;
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
}

export async function startBff(o: BffOptions): Promise<Bff> {
  const port = o.port ?? (await freePort());
  let starts = 0;
  const launch = () =>
    startProcess([BFF_ENTRY], {
      name: `${o.name}${starts++ ? `-${starts}` : ''}`,
      cwd: o.sim.dir,
      env: {
        PATH: BASE_PATH,
        ...o.sim.bffEnv,
        PORT: String(port),
        DATABASE_URL: o.databaseUrl,
        LOG_LEVEL: 'info',
        ...o.env,
      },
      ready: /Server listening at/,
    });
  const bff: Bff = {
    url: `http://127.0.0.1:${port}`,
    port,
    proc: await launch(),
    async restart() {
      bff.proc = await launch();
    },
  };
  return bff;
}

/** A fresh session through the real login (jscode2session at the simulator); `code` stands for the user. */
export async function login(bff: Bff, sim: Sim, code: string, n: number, sub = 0) {
  const appid = (sim.subMerchants[sub] as SubMerchantEntry).sub_appid;
  const res = await jsonRequest(
    `${bff.url}/v1/session`,
    'POST',
    { code, appid },
    undefined,
    sourceAddress(n),
  );
  if (res.status !== 200) throw new Error(`login ${code}: ${res.status} ${res.text}`);
  return { token: res.json().token as string, openid: openidFor(appid, code) };
}

/**
 * The session route allows 30 logins per minute per client IP: the n-th login of a run comes from
 * 127.1.x.y, 20 logins per address, like users behind many different networks.
 */
export function sourceAddress(n: number): string {
  const host = Math.floor(n / 20) + 1;
  return `127.1.${(host >> 8) & 255}.${host & 255}`;
}

export interface Delivery {
  notification_id: string;
  event_type: string;
  out_contract_code: string;
  /** Payment deliveries (TRANSACTION.SUCCESS) name the order instead. */
  out_trade_no?: string;
  kind: 'normal' | 'duplicate' | 'probe';
  status: string;
  attempts: { status?: number; error?: string }[];
}

export async function deliveries(sim: Sim): Promise<Delivery[]> {
  const res = await sim.call('GET', '/sim/notifications');
  return res.json().deliveries as Delivery[];
}
