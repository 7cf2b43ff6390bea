import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { createIdentity, type TestIdentity } from './helpers/identity.js';

let id: TestIdentity;
beforeAll(() => {
  id = createIdentity();
});
afterAll(() => id.cleanup());

function errorFor(overrides: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(id.env(overrides));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('accepts a complete environment and applies defaults', () => {
    const config = parseConfig(
      id.env({ HOST: undefined, PORT: undefined, DATABASE_URL: undefined, WECHATPAY_BASE_URL: undefined }),
    );
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ engine: 'sqlite', path: join(process.cwd(), 'data/bff.sqlite') });
    expect(config.wechatpay.baseUrl).toBe('https://api.mch.weixin.qq.com');
    expect(Object.keys(config.wechatpay.verificationKeys)).toEqual([id.publicKeyId]);
    expect(config.subMerchants).toHaveLength(2);
    expect(parseConfig(id.env({ DATABASE_URL: 'postgres://u@h/db' })).database).toEqual({
      engine: 'postgres',
      url: 'postgres://u@h/db',
    });
  });

  it.each([
    ['SESSION_SECRET', undefined, 'is required'],
    ['SESSION_SECRET', 'short', 'at least 32 bytes'],
    ['WECHATPAY_APIV3_KEY', 'x'.repeat(31), 'exactly 32 bytes'],
    ['WECHATPAY_APIV3_KEY', 'é'.repeat(32), 'exactly 32 bytes'],
    ['WECHATPAY_MCHID', undefined, 'is required'],
    ['WECHATPAY_SP_APPID', '', 'is required'],
    ['WECHATPAY_MERCHANT_PRIVATE_KEY_FILE', '/nonexistent/key.pem', 'cannot read'],
    ['WECHATPAY_PUBLIC_KEY_ID', undefined, 'is required'],
    ['WECHATPAY_PUBLIC_KEY_FILE', '/nonexistent/pub.pem', 'cannot read'],
    ['WECHATPAY_NOTIFY_URL', 'http://bff.example.com/notify', 'https'],
    ['WECHATPAY_NOTIFY_URL', 'https://bff.example.com/notify?x=1', 'query string'],
    ['WECHATPAY_BASE_URL', 'not a url', 'valid URL'],
    ['PORT', '70000', 'integer'],
    ['DATABASE_URL', 'mysql://x', 'file:<path> or postgres'],
    ['SUB_MERCHANTS_FILE', '/nonexistent.json', 'cannot read'],
    ['TRUST_PROXY', 'yes', 'addresses/CIDRs'],
    ['TRUST_PROXY', '10.0.0.0/33', 'addresses/CIDRs'],
    ['TRUST_PROXY', '10.0.0.1,not-an-ip', 'addresses/CIDRs'],
    ['TRUST_PROXY', '0', 'hop count'],
    ['RATE_LIMIT_SESSION_PER_MIN', '0', 'integer 1..'],
    ['RATE_LIMIT_PRESIGN_PER_MIN', '1.5', 'integer 1..'],
    ['RATE_LIMIT_ORDERS_PER_MIN', 'many', 'integer 1..'],
    ['REDIS_URL', 'http://127.0.0.1:6379', 'redis://'],
    ['REDIS_URL', 'not a url', 'valid URL'],
    ['REDIS_KEY_PREFIX', 'has space', 'letters'],
    ['METRICS_PORT', '0', 'integer 1..65535'],
    ['RECONCILE_INTERVAL_S', '-1', 'integer 0..86400'],
    ['RECONCILE_INTERVAL_S', '1m', 'integer 0..86400'],
  ])('%s=%s → error naming the variable (%s)', (name, value, text) => {
    const error = errorFor({ [name]: value });
    expect(error.variable).toBe(name);
    expect(error.message).toContain(name);
    expect(error.message).toContain(text);
  });

  it('reads the operations variables, with their defaults', () => {
    const defaults = parseConfig(id.env({ PORT: '3000' }));
    expect(defaults.trustProxy).toBe(false);
    expect(defaults.rateLimits).toEqual({
      session: { max: 30, timeWindowMs: 60_000 },
      presignPerUser: { max: 10, timeWindowMs: 60_000 },
      ordersPerUser: { max: 20, timeWindowMs: 60_000 },
    });
    expect(defaults.redis).toBeUndefined();
    expect(defaults.metricsPort).toBeUndefined();
    expect(defaults.reconcile.intervalMs).toBe(60_000);
    const set = parseConfig(
      id.env({
        PORT: '3000',
        TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, ::1, loopback',
        RATE_LIMIT_SESSION_PER_MIN: '5',
        RATE_LIMIT_PRESIGN_PER_MIN: '6',
        RATE_LIMIT_ORDERS_PER_MIN: '7',
        REDIS_URL: 'redis://:pw@127.0.0.1:6379/2',
        REDIS_KEY_PREFIX: 'bff-prod:',
        METRICS_PORT: '9464',
        RECONCILE_INTERVAL_S: '0',
      }),
    );
    expect(set.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'loopback']);
    expect([
      set.rateLimits.session.max,
      set.rateLimits.presignPerUser.max,
      set.rateLimits.ordersPerUser.max,
    ]).toEqual([5, 6, 7]);
    expect(set.redis).toEqual({ url: 'redis://:pw@127.0.0.1:6379/2', keyPrefix: 'bff-prod:' });
    expect(set.metricsPort).toBe(9464);
    expect(set.reconcile.intervalMs).toBe(0);
    expect(parseConfig(id.env({ TRUST_PROXY: 'true' })).trustProxy).toBe(true);
    expect(parseConfig(id.env({ TRUST_PROXY: '2' })).trustProxy).toBe(2);
    const clash = errorFor({ PORT: '3000', METRICS_PORT: '3000' });
    expect([clash.variable, clash.message]).toEqual(['METRICS_PORT', 'METRICS_PORT: must differ from PORT']);
  });

  it('refuses key files that do not parse, without echoing their content', () => {
    const junk = join(id.dir, 'junk.pem');
    writeFileSync(junk, '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWp1bms=\n-----END PRIVATE KEY-----\n');
    const priv = errorFor({ WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: junk });
    expect(priv.variable).toBe('WECHATPAY_MERCHANT_PRIVATE_KEY_FILE');
    expect(priv.message).not.toContain('c2VjcmV0');
    expect(errorFor({ WECHATPAY_PUBLIC_KEY_FILE: junk }).variable).toBe('WECHATPAY_PUBLIC_KEY_FILE');
    // A public key where the private key belongs.
    const pub = errorFor({ WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: id.env().WECHATPAY_PUBLIC_KEY_FILE });
    expect(pub.variable).toBe('WECHATPAY_MERCHANT_PRIVATE_KEY_FILE');
  });

  it('validates SUB_MERCHANTS_FILE', () => {
    const cases: [unknown, string][] = [
      [[], 'non-empty array'],
      [[{ ...id.subMerchants[0], service_id: 'x' }], '/0/service_id'],
      [[{ ...id.subMerchants[0], contract_display_account: '😀' }], 'contract_display_account'],
      [[id.subMerchants[0], id.subMerchants[0]], 'appears twice'],
    ];
    for (const [value, text] of cases) {
      const file = join(id.dir, 'subs.json');
      writeFileSync(file, JSON.stringify(value));
      const error = errorFor({ SUB_MERCHANTS_FILE: file });
      expect(error.variable).toBe('SUB_MERCHANTS_FILE');
      expect(error.message).toContain(text);
      expect(error.message).not.toContain(id.subMerchants[0]!.sub_app_secret);
    }
    const file = join(id.dir, 'broken.json');
    writeFileSync(file, '[{');
    expect(errorFor({ SUB_MERCHANTS_FILE: file }).message).toContain('not valid JSON');
  });

  it('accepts platform certificates and refuses the merchant’s own serial among verification keys', () => {
    const key = join(id.dir, 'platform.key');
    const cert = join(id.dir, 'platform.pem');
    const serial = '3775B6A45ACD588826D15E583A95F5DD********'.replace(/\*/g, 'A');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=Tenpay.com Root CA',
        '-days',
        '1',
        '-set_serial',
        `0x${serial}`,
      ],
      { stdio: 'ignore' },
    );
    const config = parseConfig(id.env({ WECHATPAY_PLATFORM_CERT_FILES: cert }));
    expect(Object.keys(config.wechatpay.verificationKeys).sort()).toEqual([serial, id.publicKeyId].sort());

    const own = errorFor({
      WECHATPAY_PLATFORM_CERT_FILES: cert,
      WECHATPAY_MERCHANT_SERIAL_NO: serial.toLowerCase(),
    });
    expect(own.variable).toBe('WECHATPAY_MERCHANT_SERIAL_NO');
    expect(errorFor({ WECHATPAY_MERCHANT_SERIAL_NO: id.publicKeyId }).variable).toBe(
      'WECHATPAY_MERCHANT_SERIAL_NO',
    );
    expect(errorFor({ WECHATPAY_PLATFORM_CERT_FILES: `${cert},/nonexistent.pem` }).variable).toBe(
      'WECHATPAY_PLATFORM_CERT_FILES',
    );
  });
});

describe('server start with a bad configuration', () => {
  it('exits 1 with one line naming the variable, no stack, no secret', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const result = spawnSync(process.execPath, ['dist/server.js'], {
      cwd: join(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH, ...id.env({ WECHATPAY_APIV3_KEY: secret }) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'bff: invalid configuration: WECHATPAY_APIV3_KEY: must be exactly 32 bytes',
    );
    expect(result.stdout).toBe('');
  }, 60_000);
});
