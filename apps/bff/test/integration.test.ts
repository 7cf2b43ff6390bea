import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, type Proc, readEnvFile, startProcess, until } from '@kit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from './helpers/metrics.js';
import { SHARED_REDIS_URL, uniquePrefix } from './helpers/redis.js';

// The simulator's process entry, built by `turbo run build` (^build of this package).
const simEntry = join(dirname(createRequire(import.meta.url).resolve('@kit/wechatpay-sim')), 'server.js');
const bffDir = join(import.meta.dirname, '..');

describe('BFF process against the simulator process', () => {
  let dir: string;
  let sim: Proc;
  let bff: Proc;
  let simUrl: string;
  let bffUrl: string;
  let env: Record<string, string>;
  let metricsUrl: string;

  beforeAll(async () => {
    if (!existsSync(simEntry)) {
      throw new Error(`${simEntry} is missing: run \`pnpm exec turbo run build --filter @kit/bff...\` first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'bff-it-'));
    const bffPort = await freePort();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    bffUrl = `http://127.0.0.1:${bffPort}`;
    const base = { PATH: process.env.PATH };
    const started = await startProcess([simEntry], {
      cwd: dir,
      env: {
        ...base,
        SIM_PORT: '0',
        SIM_IDENTITY_DIR: join(dir, 'identity'),
        SIM_TIME_SCALE: '0.01',
        SIM_BFF_NOTIFY_URL: `${bffUrl}/v1/notifications/wechatpay`,
      },
      ready: /wechatpay-sim listening on (http:\/\/\S+)/,
    });
    sim = started;
    simUrl = started.match[1] as string;
    env = readEnvFile(join(dir, 'identity', 'bff.env'));
    // The real server entry, configured only by the simulator's bff.env (+ a database in the temp dir).
    bff = await startProcess(['dist/server.js'], {
      cwd: bffDir,
      env: {
        ...base,
        ...env,
        PORT: String(bffPort),
        DATABASE_URL: `file:${join(dir, 'bff.sqlite')}`,
        LOG_LEVEL: 'debug',
        METRICS_PORT: String(metricsPort),
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_KEY_PREFIX: uniquePrefix(),
      },
      ready: /Server listening at/,
    });
  }, 120_000);

  afterAll(async () => {
    await bff?.stop();
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${bffUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
    return { status: res.status, json: (res.status === 204 ? undefined : await res.json()) as any };
  };
  const simCall = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${simUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: control API bodies are asserted field by field
    return { status: res.status, json: (await res.json()) as any };
  };
  // The simulator's delivery record and the BFF's stdout travel separately: poll both, never assume order.
  const eventually = <T>(what: string, probe: () => Promise<T | undefined>) =>
    until(what, probe, 30_000, 100);
  const logged = (pattern: RegExp) =>
    eventually(`a BFF log line matching ${pattern}`, async () =>
      pattern.test(bff.output()) ? true : undefined,
    );

  let token: string;
  let t2: string;
  let code: string;

  it('login → pre-sign → user confirms → notification → SIGNED → terminate → TERMINATED', async () => {
    const subs = JSON.parse(readFileSync(env.SUB_MERCHANTS_FILE as string, 'utf8'));
    const session = await call('POST', '/v1/session', { code: 'wx-login-code-1', appid: subs[0].sub_appid });
    expect(session.status).toBe(200);
    token = session.json.token;

    const presign = await call('POST', '/v1/contracts/pre-sign', {}, token);
    expect(presign.status).toBe(200);
    code = presign.json.out_contract_code;
    expect((await call('GET', `/v1/contracts/${code}`, undefined, token)).json.state).toBe('PRESIGNED');

    const confirmed = await simCall('POST', `/sim/pre-entrustweb/${presign.json.pre_entrustweb_id}/confirm`);
    expect(confirmed.status).toBe(200);
    // The simulator delivers the signed, encrypted notification; the BFF acknowledges it.
    await eventually('the SIGN notification to be acknowledged', async () => {
      const { json } = await simCall('GET', `/sim/notifications?out_contract_code=${code}`);
      type Delivery = { status: string; attempts: { status?: number }[] };
      return (json.deliveries as Delivery[]).find(
        (d) => d.status === 'delivered' && d.attempts.some((a) => a.status === 204),
      );
    });
    await logged(/"outcome":"applied"/);
    const signed = await call('GET', `/v1/contracts/${code}`, undefined, token);
    expect(signed.json).toMatchObject({ state: 'SIGNED', out_contract_code: code });
    expect(signed.json.contract_id).toBeTruthy();
    expect((await call('POST', '/v1/contracts/pre-sign', {}, token)).status).toBe(409);

    const terminated = await call('POST', `/v1/contracts/${code}/terminate`, { remark: '测试解约' }, token);
    expect(terminated.status).toBe(200);
    expect(terminated.json.state).toBe('TERMINATED');
    expect((await call('GET', '/v1/contracts/current', undefined, token)).json.state).toBe('TERMINATED');
  }, 60_000);

  it('survives faults: upstream 500, a SIGNTEST probe, a duplicate; the user terminates inside WeChat', async () => {
    const subs = JSON.parse(readFileSync(env.SUB_MERCHANTS_FILE as string, 'utf8'));
    const session = await call('POST', '/v1/session', { code: 'wx-login-code-2', appid: subs[0].sub_appid });
    t2 = session.json.token as string;
    expect((await simCall('POST', '/sim/faults', { target: 'presign', kind: 'system_error' })).status).toBe(
      201,
    );
    for (const kind of ['signtest_probe', 'duplicate']) {
      expect((await simCall('POST', '/sim/faults', { target: 'notifications', kind })).status).toBe(201);
    }
    const presign = await call('POST', '/v1/contracts/pre-sign', {}, t2);
    expect(presign.status).toBe(200);
    const code2 = presign.json.out_contract_code as string;
    await simCall('POST', `/sim/pre-entrustweb/${presign.json.pre_entrustweb_id}/confirm`);
    type Delivery = { kind: string; status: string; event_type: string };
    // Faults apply one per notification, oldest first: the SIGN comes after a probe.
    const answered = (n: number) => async () => {
      const { json } = await simCall('GET', `/sim/notifications?out_contract_code=${code2}`);
      const list = (json.deliveries as Delivery[]).map(
        (d) => `${d.event_type.split('.')[1]}:${d.kind}:${d.status}`,
      );
      return list.length >= n && !list.some((d) => d.endsWith(':pending') || d.endsWith(':held'))
        ? list
        : undefined;
    };
    expect((await eventually('the probe and the SIGN notification', answered(2))).sort()).toEqual([
      'SIGN:normal:delivered',
      'SIGN:probe:rejected',
    ]);
    expect((await call('GET', `/v1/contracts/${code2}`, undefined, t2)).json.state).toBe('SIGNED');

    await simCall('POST', `/sim/contracts/${code2}/user-terminate`);
    const ended = await eventually('the TERMINATE notification to be applied', async () => {
      const view = await call('GET', '/v1/contracts/current', undefined, t2);
      return view.json.state === 'TERMINATED' ? view.json : undefined;
    });
    expect(ended).toMatchObject({ out_contract_code: code2, termination_mode: 'USER_TERMINATE' });
    // …and the TERMINATE notification arrives twice; both copies are acknowledged.
    expect((await eventually('the TERMINATE notification and its copy', answered(4))).sort()).toEqual([
      'SIGN:normal:delivered',
      'SIGN:probe:rejected',
      'TERMINATE:duplicate:delivered',
      'TERMINATE:normal:delivered',
    ]);
    await logged(/"outcome":"duplicate"/);
    await simCall('DELETE', '/sim/faults');
  }, 60_000);

  it('serves metrics on METRICS_PORT only, process metrics included', async () => {
    expect((await fetch(`${bffUrl}/metrics`)).status).toBe(404);
    const text = await eventually('metrics', async () => {
      const res = await fetch(metricsUrl);
      return res.status === 200 ? res.text() : undefined;
    });
    expect(
      metricValue(text, 'bff_notifications_total', {
        event_type: 'PASSWORD_EXEMPT_CONTRACT.SIGN',
        outcome: 'applied',
      }),
    ).toBe(2);
    expect(metricValue(text, 'bff_state_transitions_total', { to: 'TERMINATED' })).toBe(2);
    expect(metricValue(text, 'bff_wechatpay_calls_total', { api: 'terminateContract', outcome: 'ok' })).toBe(
      1,
    );
    expect(metricValue(text, 'bff_redis_up')).toBe(1);
    expect(text).toContain('bff_process_resident_memory_bytes');
  });

  it('writes no key, secret, token or openid to its log', async () => {
    expect(token).toBeTruthy();
    await bff.stop(); // flush everything
    expect(bff.child.exitCode).toBe(0); // reconciler, metrics listener, Redis and database all closed
    const log = bff.output();
    expect(log).toContain('"reqId"');
    const secrets = [
      token,
      t2,
      token.split('.')[2] as string,
      env.SESSION_SECRET as string,
      env.WECHATPAY_APIV3_KEY as string,
      ...readFileSync(env.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE as string, 'utf8')
        .split('\n')
        .filter((l) => l.length > 40),
    ];
    const subs = JSON.parse(readFileSync(env.SUB_MERCHANTS_FILE as string, 'utf8'));
    for (const s of subs) secrets.push(s.sub_app_secret);
    const contracts = (await simCall('GET', '/sim/contracts')).json.contracts as Record<string, string>[];
    for (const c of contracts) {
      for (const field of ['openid', 'sub_openid']) if (c[field]) secrets.push(c[field] as string);
    }
    expect(secrets.filter(Boolean).length).toBeGreaterThan(6);
    for (const secret of secrets.filter(Boolean)) expect(log).not.toContain(secret);
  });
});
