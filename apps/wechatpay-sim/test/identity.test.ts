import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { SubMerchantList } from '@kit/contract-types';
import Compile from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';

/** Every variable the BFF reads (design.md), except DATABASE_URL and the optional platform certs. */
const BFF_VARIABLES = [
  'HOST',
  'PORT',
  'SESSION_SECRET',
  'WECHATPAY_MCHID',
  'WECHATPAY_SP_APPID',
  'WECHATPAY_MERCHANT_SERIAL_NO',
  'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_PUBLIC_KEY_ID',
  'WECHATPAY_PUBLIC_KEY_FILE',
  'WECHATPAY_NOTIFY_URL',
  'WECHATPAY_BASE_URL',
  'WECHATPAY_BACKUP_BASE_URL',
  'WECHAT_API_BASE_URL',
  'SUB_MERCHANTS_FILE',
];

describe('identity and bff.env', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wechatpay-sim-identity-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a complete identity once and reuses it on the next start', async () => {
    const first = await startSimulator({ identityDir: dir, port: 0 });
    await first.close();
    const keyBefore = await readFile(first.identity.merchantPrivateKeyFile, 'utf8');
    const second = await startSimulator({ identityDir: dir, port: 0 });
    await second.close();
    expect(first.identityCreated).toBe(true);
    expect(second.identityCreated).toBe(false);
    expect(second.identity).toEqual(first.identity);
    expect(await readFile(second.identity.merchantPrivateKeyFile, 'utf8')).toBe(keyBefore);
    expect((await stat(first.identity.merchantPrivateKeyFile)).mode & 0o077).toBe(0);
  });

  it('writes a bff.env with every BFF variable, absolute paths and the simulator URL', async () => {
    const sim = await startSimulator({ identityDir: dir, port: 0 });
    await sim.close();
    const env = parseEnv(await readFile(join(dir, 'bff.env'), 'utf8')) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual([...BFF_VARIABLES].sort());
    expect(env).toEqual(sim.bffEnv);
    for (const name of ['WECHATPAY_BASE_URL', 'WECHATPAY_BACKUP_BASE_URL', 'WECHAT_API_BASE_URL']) {
      expect(env[name]).toBe(sim.url);
    }
    for (const name of [
      'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE',
      'WECHATPAY_PUBLIC_KEY_FILE',
      'SUB_MERCHANTS_FILE',
    ]) {
      expect(isAbsolute(env[name]!)).toBe(true);
      expect((await stat(env[name]!)).isFile()).toBe(true);
    }
    expect(env.WECHATPAY_APIV3_KEY).toMatch(/^[\x21-\x7e]{32}$/);
    expect(Buffer.byteLength(env.SESSION_SECRET!)).toBeGreaterThanOrEqual(32);
    expect(env.WECHATPAY_PUBLIC_KEY_ID).toMatch(/^PUB_KEY_ID_\d+$/);
    expect(env.WECHATPAY_MERCHANT_SERIAL_NO).toMatch(/^[0-9A-F]{40}$/);
    expect(env.WECHATPAY_NOTIFY_URL).toBe('http://127.0.0.1:3000/v1/notifications/wechatpay');
    expect(await readFile(env.WECHATPAY_PUBLIC_KEY_FILE!, 'utf8')).toContain('BEGIN PUBLIC KEY');
    const subs = JSON.parse(await readFile(env.SUB_MERCHANTS_FILE!, 'utf8')) as Array<
      Record<string, unknown>
    >;
    expect(subs.length).toBeGreaterThanOrEqual(1);
    expect(Compile(SubMerchantList).Check(subs)).toBe(true);
    for (const sub of subs) {
      expect(Object.keys(sub).sort()).toEqual(
        [
          'contract_display_account',
          'products',
          'service_id',
          'sub_app_secret',
          'sub_appid',
          'sub_mchid',
        ].sort(),
      );
      // The dev catalog: two products per sub-merchant, priced in fen.
      const products = sub.products as Array<{ product_id: string; amount_total: number }>;
      expect(products).toHaveLength(2);
      expect(new Set(products.map((p) => p.product_id)).size).toBe(2);
      expect(Number.isInteger(sub.service_id)).toBe(true);
    }
  });

  it('gives an identity made before payments existed the dev catalog, keeping its keys and ids', async () => {
    const old = await mkdtemp(join(tmpdir(), 'wechatpay-sim-old-'));
    try {
      const first = await startSimulator({ identityDir: old, port: 0 });
      await first.close();
      // Rewind identity.json and SUB_MERCHANTS_FILE to their pre-catalog shape.
      const jsonPath = join(old, 'identity.json');
      const json = JSON.parse(await readFile(jsonPath, 'utf8')) as {
        sub_merchants: Array<Record<string, unknown>>;
      };
      for (const sub of json.sub_merchants) delete sub.products;
      await writeFile(jsonPath, JSON.stringify(json));
      await writeFile(first.identity.subMerchantsFile, '[]');

      const again = await startSimulator({ identityDir: old, port: 0 });
      await again.close();
      expect(again.identityCreated).toBe(false);
      expect(again.identity.mchid).toBe(first.identity.mchid);
      expect(again.identity.subMerchants.map((s) => s.sub_mchid)).toEqual(
        first.identity.subMerchants.map((s) => s.sub_mchid),
      );
      const subs = JSON.parse(await readFile(again.identity.subMerchantsFile, 'utf8')) as Array<{
        products: unknown[];
      }>;
      expect(Compile(SubMerchantList).Check(subs)).toBe(true);
      expect(subs.map((s) => s.products.length)).toEqual([2, 2]);
    } finally {
      await rm(old, { recursive: true, force: true });
    }
  });

  it('two simulators started together on an empty folder agree on one identity', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'wechatpay-sim-race-'));
    try {
      const [a, b] = await Promise.all([
        startSimulator({ identityDir: fresh, port: 0 }),
        startSimulator({ identityDir: fresh, port: 0 }),
      ]);
      await Promise.all([a.close(), b.close()]);
      expect(a.identity).toEqual(b.identity);
      expect([a.identityCreated, b.identityCreated].filter(Boolean)).toHaveLength(1);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

// tsx compiles the sources at start: seconds on a busy 2-core machine.
describe('the server process', { timeout: 30_000 }, () => {
  const appDir = fileURLToPath(new URL('..', import.meta.url));

  function run(env: Record<string, string>) {
    return spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: appDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it('prints one ready line, serves, and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wechatpay-sim-proc-'));
    try {
      const child = run({ SIM_PORT: '0', SIM_IDENTITY_DIR: dir });
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const match =
        /^wechatpay-sim listening on (http:\/\/127\.0\.0\.1:\d+) \(identity: (.+), created\)$/.exec(line);
      expect(match?.[2]).toBe(dir);
      expect(await (await fetch(`${match![1]}/healthz`)).json()).toEqual({ status: 'ok' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const child = run({ SIM_TIME_SCALE: 'fast' });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('SIM_TIME_SCALE');
  });
});
