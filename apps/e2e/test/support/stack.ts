import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, type Proc, readEnvFile, startProcess, waitForOk } from '@kit/test-support';
import { startPreviewServer } from '../../../../scripts/preview-server.mjs';

export const repoRoot = resolve(import.meta.dirname, '../../../..');
const SIM_SERVER = join(repoRoot, 'apps/wechatpay-sim/dist/server.js');
const BFF_SERVER = join(repoRoot, 'apps/bff/dist/server.js');

/**
 * The whole local stack as real processes: simulator, BFF on SQLite, and the H5 preview (built for
 * this stack's ports and sub-merchant appid) served with /v1 forwarded to the BFF.
 */
export class Stack {
  readonly dir = mkdtempSync(join(tmpdir(), 'kit-e2e-'));
  /** The BFF's SQLite file (read by support/bff-records.ts, never written). */
  readonly bffDbFile = join(this.dir, 'bff.sqlite');
  sim!: Proc;
  bff!: Proc;
  simUrl = '';
  bffUrl = '';
  previewUrl = '';
  appid = '';
  #bffEnv: Record<string, string> = {};
  #clockEnv: Record<string, string> = {};
  #preview?: Server;

  /**
   * `fakeClock`: the simulator and BFF processes run under libfaketime with a shared offset file,
   * so `advanceClock()` moves WeChat Pay's and the BFF's wall clock together (monotonic timers stay
   * real), as when a user leaves the mini program for hours.
   */
  async start(options: { timeScale?: number; fakeClock?: boolean } = {}): Promise<this> {
    if (options.fakeClock) {
      const offsetFile = join(this.dir, 'clock-offset');
      writeFileSync(offsetFile, '+0\n');
      this.#clockEnv = {
        LD_PRELOAD: process.env.LIBFAKETIME || '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
        FAKETIME_TIMESTAMP_FILE: offsetFile,
        FAKETIME_NO_CACHE: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
      };
    }
    const [simPort, bffPort, previewPort] = [await freePort(), await freePort(), await freePort()];
    this.simUrl = `http://127.0.0.1:${simPort}`;
    this.bffUrl = `http://127.0.0.1:${bffPort}`;
    this.previewUrl = `http://127.0.0.1:${previewPort}`;
    this.sim = await startProcess([SIM_SERVER], {
      name: 'sim',
      cwd: repoRoot,
      ready: /listening on/,
      env: {
        ...process.env,
        ...this.#clockEnv,
        SIM_PORT: String(simPort),
        SIM_IDENTITY_DIR: join(this.dir, 'sim'),
        SIM_TIME_SCALE: String(options.timeScale ?? 1),
        SIM_BFF_NOTIFY_URL: `${this.bffUrl}/v1/notifications/wechatpay`,
      },
    });
    this.#bffEnv = {
      ...this.#clockEnv,
      ...readEnvFile(join(this.dir, 'sim/bff.env')),
      HOST: '127.0.0.1',
      PORT: String(bffPort),
      DATABASE_URL: `file:${this.bffDbFile}`,
    };
    const subMerchants = JSON.parse(readFileSync(this.#bffEnv.SUB_MERCHANTS_FILE as string, 'utf8'));
    this.appid = subMerchants[0].sub_appid;
    const h5Dir = join(this.dir, 'h5');
    buildH5({
      TARO_APP_BFF_URL: this.previewUrl,
      TARO_APP_SIM_URL: this.simUrl,
      TARO_APP_APPID: this.appid,
      TARO_APP_MERCHANT_NAME: '示例便利店',
      MINIAPP_OUTPUT_ROOT: h5Dir,
    });
    await this.startBff();
    this.#preview = (
      await startPreviewServer({ root: h5Dir, bffUrl: this.bffUrl, port: previewPort })
    ).server;
    return this;
  }

  async startBff(): Promise<void> {
    this.bff = await startProcess([BFF_SERVER], {
      name: 'bff',
      cwd: repoRoot,
      env: { ...process.env, ...this.#bffEnv },
      ready: /Server listening/,
    });
    await waitForOk(`${this.bffUrl}/readyz`);
  }

  /** Moves the simulator's and the BFF's wall clock forward (needs `fakeClock`). */
  advanceClock(seconds: number): void {
    const file = this.#clockEnv.FAKETIME_TIMESTAMP_FILE;
    if (!file) throw new Error('start the stack with fakeClock: true');
    writeFileSync(file, `+${seconds}s\n`);
  }

  /** SIGKILL: no graceful shutdown, as in a crash. */
  async killBff(): Promise<void> {
    await this.bff.kill();
  }

  /** The simulator's control API: GET without a body, POST with one, or the method given. */
  async simControl(path: string, body?: unknown, method?: 'DELETE'): Promise<unknown> {
    const res = await fetch(`${this.simUrl}${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
    return res.json();
  }

  logs(): string {
    const prefixed = (name: string, proc?: Proc) =>
      (proc?.output() ?? '')
        .split('\n')
        .filter(Boolean)
        .map((line) => `[${name}] ${line}`);
    return [...prefixed('sim', this.sim), ...prefixed('bff', this.bff)].join('\n');
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.#preview ? this.#preview.close(() => r()) : r()));
    await this.bff?.stop();
    await this.sim?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The H5 bundle carries the BFF/simulator URLs and the appid from build-time env (TARO_APP_*). */
function buildH5(env: Record<string, string>): void {
  const result = spawnSync('pnpm', ['--filter', '@kit/miniapp', 'run', 'build:h5'], {
    cwd: repoRoot,
    // vitest sets NODE_ENV=test, which makes Taro's Babel preset emit @babel/runtime imports.
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build:h5 failed\n${result.stdout}\n${result.stderr}`);
}
