import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractCounts, inspectSqlite } from './support/database.js';
import { Rng } from './support/fuzz.js';
import { destroyAgents, jsonRequest, pool, type Reply, request } from './support/http.js';
import { NOTIFICATION_LIMIT, notificationCases } from './support/notification-cases.js';
import { rssMiB } from './support/processes.js';
import { ROUTE_LIMIT, routeCases } from './support/route-cases.js';
import { leaks, lineCount, secretsOf } from './support/secrets.js';
import { SEED, SIZES } from './support/sizes.js';
import { type Bff, login, type Sim, startBff, startSim } from './support/stack.js';

const tally = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
const show = (map: Map<string, number>) => JSON.stringify(Object.fromEntries([...map].sort()));

describe(`hostile input (seed ${SEED})`, () => {
  let sim: Sim;
  let bff: Bff;
  const tokens: string[] = [];
  const openids: string[] = [];
  let realCode: string;
  let routeCode: string;

  beforeAll(async () => {
    sim = await startSim({ name: 'fuzz-sim', notifyUrl: 'http://127.0.0.1:9/nowhere', timeScale: 1 });
    bff = await startBff({ name: 'fuzz-bff', sim, databaseUrl: `file:${join(sim.dir, 'bff.sqlite')}` });
    for (const [i, name] of ['fuzz-victim', 'fuzz-router', 'fuzz-other'].entries()) {
      const user = await login(bff, sim, name, 70_000 + i);
      tokens.push(user.token);
      openids.push(user.openid);
    }
    const a = await jsonRequest(`${bff.url}/v1/contracts/pre-sign`, 'POST', {}, tokens[0]);
    const b = await jsonRequest(`${bff.url}/v1/contracts/pre-sign`, 'POST', {}, tokens[1]);
    realCode = a.json().out_contract_code;
    routeCode = b.json().out_contract_code;
  });
  afterAll(async () => {
    await bff?.proc.stop();
    await sim?.close();
    destroyAgents();
  });

  const alive = async () => {
    expect(bff.proc.child.exitCode).toBeNull();
    expect((await jsonRequest(`${bff.url}/healthz`, 'GET')).status).toBe(200);
  };

  it('enforces request body size limits', async () => {
    const big = (n: number) => Buffer.alloc(n, 'a');
    const note = await request(`${bff.url}/v1/notifications/wechatpay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big(NOTIFICATION_LIMIT + 1),
    });
    const route = await request(`${bff.url}/v1/contracts/pre-sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[1]}` },
      body: big(ROUTE_LIMIT + 1),
    });
    console.log(
      `[fuzz] limits: notification ${NOTIFICATION_LIMIT + 1} B → ${note.status}, route ${ROUTE_LIMIT + 1} B → ${route.status}`,
    );
    expect([note.status, route.status]).toEqual([413, 413]);
    expect(route.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it(`${SIZES.fuzzNotifications} mutated notifications: no crash, no 5xx, no 2xx for an invalid one`, async () => {
    const rng = new Rng(SEED);
    const env = sim.bffEnv;
    const next = notificationCases(
      {
        privateKey: createPrivateKey(readFileSync(join(sim.dir, 'identity', 'wechatpay_private_key.pem'))),
        publicKeyPem: readFileSync(env.WECHATPAY_PUBLIC_KEY_FILE as string, 'utf8'),
        publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID as string,
        apiV3Key: env.WECHATPAY_APIV3_KEY as string,
      },
      realCode,
      sim.subMerchants[0]?.sub_mchid as string,
    );
    const n = SIZES.fuzzNotifications;
    const byKind = new Map<string, number>();
    const statuses = new Map<string, number>();
    const violations: string[] = [];
    let valid = 0;
    let rssWarm = 0;
    await pool(n, 16, async (i) => {
      if (i === Math.floor(n / 10)) rssWarm = rssMiB(bff.proc.pid);
      const c = next(rng);
      tally(byKind, c.kind);
      if (c.valid) valid++;
      let res: Reply | undefined;
      try {
        res = await request(`${bff.url}/v1/notifications/wechatpay`, {
          method: 'POST',
          headers: c.headers,
          body: c.body,
        });
      } catch (error) {
        // A huge body may be refused before it is fully sent; the server's health is checked below.
        if (c.kind !== 'huge') violations.push(`${c.kind}: ${String(error)}`);
        tally(statuses, 'refused-while-sending');
        return;
      }
      tally(statuses, `${c.valid ? 'valid' : 'invalid'}:${res.status}`);
      const ok = c.valid ? res.status === 204 : [400, 401, 413].includes(res.status);
      if (!ok) violations.push(`${c.kind} valid=${c.valid} → ${res.status} ${res.text.slice(0, 100)}`);
    });
    const rssEnd = rssMiB(bff.proc.pid);
    console.log(
      `[fuzz] notifications=${n} valid=${valid} kinds=${show(byKind)}\n[fuzz] statuses=${show(statuses)} violations=${violations.length} bff-rss warm=${rssWarm} MiB end=${rssEnd} MiB`,
    );
    expect(violations.slice(0, 10)).toEqual([]);
    await alive();
    expect(rssEnd).toBeLessThan(rssWarm * 1.5 + 64);
    // The real contract named by every damaged notification was never touched.
    const db = inspectSqlite(join(sim.dir, 'bff.sqlite'));
    const events = await db.all(`select * from contract_events where out_contract_code = '${realCode}'`);
    const counts = await contractCounts(db);
    await db.close();
    expect(events).toEqual([]);
    expect(counts.unexplained).toEqual([]);
  });

  it(`${SIZES.fuzzRoutes} hostile route requests: no crash, no 5xx except upstream errors by design`, async () => {
    const rng = new Rng(SEED + 1);
    const next = routeCases({
      token: tokens[1] as string,
      code: routeCode,
      appid: sim.subMerchants[0]?.sub_appid as string,
      otherToken: tokens[2] as string,
    });
    const n = SIZES.fuzzRoutes;
    const statuses = new Map<string, number>();
    const violations: string[] = [];
    let rssWarm = 0;
    await pool(n, 16, async (i) => {
      if (i === Math.floor(n / 10)) rssWarm = rssMiB(bff.proc.pid);
      const c = next(rng);
      let res: Reply;
      try {
        res = await request(`${bff.url}${c.path}`, {
          method: c.method,
          headers: c.headers,
          ...(c.body ? { body: c.body } : {}),
          // 64 client addresses: logins stay under the per-IP limit, and the BFF's idle keep-alive
          // sockets stay few (one address per request would leave thousands open and inflate its RSS).
          localAddress: `127.3.0.${(i % 64) + 1}`,
        });
      } catch (error) {
        if (!c.kind.endsWith('huge')) violations.push(`${c.kind} ${c.path.slice(0, 80)}: ${String(error)}`);
        tally(statuses, 'refused-while-sending');
        return;
      }
      tally(statuses, String(res.status));
      const code = res.text.startsWith('{') ? JSON.parse(res.text).code : undefined;
      const designed = (res.status === 502 || res.status === 503) && String(code).startsWith('UPSTREAM_');
      if (res.status >= 500 && !designed)
        violations.push(`${c.kind} ${c.path.slice(0, 80)} → ${res.status} ${res.text.slice(0, 100)}`);
      // Every error is the documented {code, message, request_id} (HEAD has no body).
      if (
        res.status >= 400 &&
        c.method !== 'HEAD' &&
        !c.path.startsWith('/v1/notifications') &&
        typeof code !== 'string'
      ) {
        violations.push(`${c.kind} → ${res.status} without an error code: ${res.text.slice(0, 100)}`);
      }
    });
    const rssEnd = rssMiB(bff.proc.pid);
    console.log(
      `[fuzz] routes=${n} statuses=${show(statuses)} violations=${violations.length} bff-rss warm=${rssWarm} MiB end=${rssEnd} MiB`,
    );
    expect(violations.slice(0, 10)).toEqual([]);
    await alive();
    expect(rssEnd).toBeLessThan(rssWarm * 1.5 + 64);
  });

  it('writes no key, secret, token or openid to any log line', async () => {
    await bff.proc.stop();
    const logs = [bff.proc.output(), sim.proc.output()];
    const secrets = secretsOf(sim, { tokens, openids });
    console.log(`[fuzz] scanned ${lineCount(logs)} log lines for ${secrets.length} secrets`);
    expect(leaks(logs, secrets)).toEqual([]);
  });
});
