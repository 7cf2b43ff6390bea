import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SubMerchantEntry } from '@kit/contract-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractCounts, inspectSqlite } from './support/database.js';
import { Rng } from './support/fuzz.js';
import { destroyAgents, jsonRequest, pool, type Reply, request } from './support/http.js';
import { NOTIFICATION_LIMIT, notificationCases } from './support/notification-cases.js';
import { contractSubject, type RealOrder, transactionSubject } from './support/notification-subjects.js';
import { createOrder } from './support/orders.js';
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
  let victimOrder: RealOrder;
  let routeOrder: string;
  let products: string[];

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
    // A CREATED order for the damaged payment notifications to name, another for the route fuzzer.
    const catalog = await jsonRequest(`${bff.url}/v1/products`, 'GET', undefined, tokens[0]);
    products = catalog.json().products.map((p: { product_id: string }) => p.product_id);
    const [victim, router] = await Promise.all(
      [0, 1].map(async (i) => {
        const res = await createOrder(
          bff,
          tokens[i] as string,
          { product_id: products[0] },
          `fuzz-order-${i}-${SEED}`,
        );
        expect(res.status).toBe(201);
        return res.json();
      }),
    );
    const sub = sim.subMerchants[0] as SubMerchantEntry;
    victimOrder = {
      sp_appid: sim.bffEnv.WECHATPAY_SP_APPID as string,
      sp_mchid: sim.bffEnv.WECHATPAY_MCHID as string,
      sub_appid: sub.sub_appid,
      sub_mchid: sub.sub_mchid,
      out_trade_no: victim.out_trade_no,
      amount_total: victim.amount_total,
      sub_openid: openids[0] as string,
    };
    routeOrder = router.out_trade_no;
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
      [contractSubject(realCode, sim.subMerchants[0]?.sub_mchid as string), transactionSubject(victimOrder)],
    );
    const n = SIZES.fuzzNotifications;
    const byKind = new Map<string, number>();
    const statuses = new Map<string, number>();
    const violations: string[] = [];
    let valid = 0;
    let mismatches = 0;
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
        if (!c.kind.endsWith(':huge')) violations.push(`${c.kind}: ${String(error)}`);
        tally(statuses, 'refused-while-sending');
        return;
      }
      tally(statuses, `${c.subject}:${c.valid ? 'valid' : 'invalid'}:${res.status}`);
      if (c.kind === 'transaction:signed-mismatch' && res.status === 204) mismatches++;
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
    // The real contract and the real order named by every damaged notification were never touched.
    const db = inspectSqlite(join(sim.dir, 'bff.sqlite'));
    const events = await db.all('select * from contract_events where out_contract_code = ?', [realCode]);
    const counts = await contractCounts(db);
    const no = victimOrder.out_trade_no;
    const order = await db.all<{ state: string }>('select state from orders where out_trade_no = ?', [no]);
    const orderEvents = await db.all('select * from order_events where out_trade_no = ?', [no]);
    const outcomes = await db.all<{ outcome: string }>(
      'select outcome from processed_notifications where out_trade_no = ?',
      [no],
    );
    await db.close();
    const alerts = (bff.proc.output().match(/payment notification does not match the order/g) ?? []).length;
    console.log(
      `[fuzz] payment mismatches acknowledged=${mismatches} recorded=${outcomes.length} alert-lines=${alerts} victim-order=${order[0]?.state}`,
    );
    expect(events).toEqual([]);
    expect(counts.unexplained).toEqual([]);
    expect(order).toEqual([{ state: 'CREATED' }]);
    expect(orderEvents).toEqual([]);
    // Every signed payment that does not fit the order was recorded and alerted on, none applied.
    expect(mismatches).toBeGreaterThan(0);
    expect(outcomes).toEqual(new Array(mismatches).fill({ outcome: 'mismatch' }));
    expect(alerts).toBe(mismatches);
  });

  it(`${SIZES.fuzzRoutes} hostile route requests: no crash, no 5xx except upstream errors by design`, async () => {
    const rng = new Rng(SEED + 1);
    const next = routeCases({
      token: tokens[1] as string,
      code: routeCode,
      orderNo: routeOrder,
      productId: products[0] as string,
      appid: sim.subMerchants[0]?.sub_appid as string,
      otherToken: tokens[2] as string,
    });
    const n = SIZES.fuzzRoutes;
    const statuses = new Map<string, number>();
    const orderStatuses = new Map<string, number>();
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
      // The payment routes, by request kind (the right method; wrong ones are in the totals).
      if (/^(GET|POST) \/v1\/(orders|products)/.test(c.kind))
        tally(orderStatuses, `${c.kind.replace(/ huge$/, '')} → ${res.status}`);
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
      `[fuzz] routes=${n} statuses=${show(statuses)} violations=${violations.length} bff-rss warm=${rssWarm} MiB end=${rssEnd} MiB\n` +
        `[fuzz] order routes: ${show(orderStatuses)}`,
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
