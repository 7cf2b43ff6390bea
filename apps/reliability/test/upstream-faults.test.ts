import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractCounts, inspectSqlite } from './support/database.js';
import { destroyAgents, jsonRequest, type Reply } from './support/http.js';
import { freePort, sleep } from './support/processes.js';
import { leaks, lineCount, secretsOf } from './support/secrets.js';
import { type Bff, login, type Sim, startBff, startSim } from './support/stack.js';

/** The BFF's WeChat Pay time-out is 8 s; the delay fault waits longer. */
const PAST_TIMEOUT_MS = 9_000;
const QUERY_THROTTLE_MS = 5_000;

type Target = 'presign' | 'query' | 'terminate' | 'jscode2session';
interface Case {
  kind: string;
  count?: number;
  delay_ms?: number;
  /** What the BFF answers while the fault lasts. */
  status: number;
  code?: string;
}

/** Per fault: the documented answer; 200 where the client's retry (5xx) or failover (dropped connection) absorbs it. */
const CASES: Case[] = [
  { kind: 'system_error', count: 1, status: 200 },
  { kind: 'system_error', count: 3, status: 503, code: 'UPSTREAM_UNAVAILABLE' },
  { kind: 'rate_limited', status: 503, code: 'UPSTREAM_UNAVAILABLE' },
  { kind: 'drop', count: 1, status: 200 },
  { kind: 'drop', count: 2, status: 503, code: 'UPSTREAM_UNAVAILABLE' },
  { kind: 'unsigned', status: 502, code: 'UPSTREAM_UNVERIFIED' },
  { kind: 'bad_signature', status: 502, code: 'UPSTREAM_UNVERIFIED' },
  { kind: 'delay', delay_ms: PAST_TIMEOUT_MS, status: 503, code: 'UPSTREAM_UNAVAILABLE' },
];
const label = (c: Case) => `${c.kind}×${c.count ?? 1}`;

describe('upstream faults (simulator fault API)', () => {
  let sim: Sim;
  let bff: Bff;
  let logins = 0;
  const tokens: string[] = [];
  const openids: string[] = [];
  const figures: string[] = [];
  /** One contract per fault case, per user. */
  const contracts: { token: string; code: string; pre: string; fault: string }[] = [];

  beforeAll(async () => {
    // Notifications go nowhere: every state change below must come from the API answers and queries.
    sim = await startSim({ name: 'faults-sim', notifyUrl: 'http://127.0.0.1:9/nowhere', timeScale: 1 });
    bff = await startBff({ name: 'faults-bff', sim, databaseUrl: `file:${join(sim.dir, 'bff.sqlite')}` });
  });
  afterAll(async () => {
    await bff?.proc.stop();
    await sim?.close();
    destroyAgents();
  });

  const fault = async (target: Target, c: Case) => {
    const body = {
      target,
      kind: c.kind,
      count: c.count ?? 1,
      ...(c.delay_ms ? { delay_ms: c.delay_ms } : {}),
    };
    expect((await sim.call('POST', '/sim/faults', body)).status).toBe(201);
  };
  const expectAnswer = (res: Reply, c: Case, what: string) => {
    figures.push(`${what} ${label(c)} → ${res.status}${res.status >= 400 ? ` ${res.json().code}` : ''}`);
    expect({ what, status: res.status, code: res.status >= 400 ? res.json().code : undefined }).toEqual({
      what,
      status: c.status,
      code: c.code,
    });
  };
  const newUser = async (bffTarget: Bff = bff) => {
    const user = await login(bffTarget, sim, `faults-user-${logins}`, 50_000 + logins++);
    tokens.push(user.token);
    openids.push(user.openid);
    return user;
  };
  /** The user's contract codes in the BFF's database: a code is reserved before WeChat Pay is called. */
  const storedCodes = async (openid: string) => {
    const db = inspectSqlite(join(sim.dir, 'bff.sqlite'));
    try {
      const rows = await db.all<{ out_contract_code: string }>(
        'select out_contract_code from contracts where sub_openid = ?',
        [openid],
      );
      return rows.map((r) => r.out_contract_code);
    } finally {
      await db.close();
    }
  };
  const presign = (token: string, target: Bff = bff) =>
    jsonRequest(`${target.url}/v1/contracts/pre-sign`, 'POST', {}, token);

  it('pre-sign: each fault gives its documented answer; the next try succeeds with the same contract', async () => {
    for (const c of CASES) {
      const { token, openid } = await newUser();
      await fault('presign', c);
      const first = await presign(token);
      expectAnswer(first, c, 'pre-sign');
      // Whatever the first answer, the code it used is the user's one stored code...
      const reserved = await storedCodes(openid);
      expect({ fault: label(c), codes: reserved.length }).toEqual({ fault: label(c), codes: 1 });
      if (first.status === 200) expect(first.json().out_contract_code).toBe(reserved[0]);
      // ...and the retry pre-signs that same code instead of reserving another.
      const again = await presign(token);
      expect(again.status).toBe(200);
      expect({ fault: label(c), code: again.json().out_contract_code }).toEqual({
        fault: label(c),
        code: reserved[0],
      });
      expect(await storedCodes(openid)).toEqual(reserved);
      contracts.push({
        token,
        code: again.json().out_contract_code,
        pre: again.json().pre_entrustweb_id,
        fault: label(c),
      });
    }
    // Distinct users, distinct codes.
    expect(new Set(contracts.map((x) => x.code)).size).toBe(CASES.length);
    expect((await sim.call('GET', '/sim/faults')).json()).toMatchObject({ faults: [] });
  });

  it('query: a fault never fails the status read; the contract is synced once WeChat answers again', async () => {
    for (const x of contracts)
      expect((await sim.call('POST', `/sim/pre-entrustweb/${x.pre}/confirm`)).status).toBe(200);
    for (const [i, c] of CASES.entries()) {
      const x = contracts[i] as (typeof contracts)[number];
      await fault('query', c);
      const res = await jsonRequest(`${bff.url}/v1/contracts/${x.code}`, 'GET', undefined, x.token);
      figures.push(`status-read with query ${label(c)} → ${res.status} ${res.json().state}`);
      expect(res.status).toBe(200);
      // With the fault absorbed the query told the truth; otherwise we show what we know.
      expect(res.json().state).toBe(c.status === 200 ? 'SIGNED' : 'PRESIGNED');
    }
    await sleep(QUERY_THROTTLE_MS + 500);
    for (const x of contracts) {
      const res = await jsonRequest(`${bff.url}/v1/contracts/${x.code}`, 'GET', undefined, x.token);
      expect({ fault: x.fault, state: res.json().state }).toEqual({ fault: x.fault, state: 'SIGNED' });
    }
  });

  it('terminate: each fault gives its documented answer; a retry ends TERMINATED exactly once', async () => {
    for (const [i, c] of CASES.entries()) {
      const x = contracts[i] as (typeof contracts)[number];
      await fault('terminate', c);
      const url = `${bff.url}/v1/contracts/${x.code}/terminate`;
      const first = await jsonRequest(url, 'POST', { remark: '故障测试' }, x.token);
      expectAnswer(first, c, 'terminate');
      // Retried by the user: a terminate that happened in WeChat despite the error is learned.
      const again = await jsonRequest(url, 'POST', { remark: '故障测试' }, x.token);
      expect({ fault: x.fault, status: again.status, state: again.json().state }).toEqual({
        fault: x.fault,
        status: 200,
        state: 'TERMINATED',
      });
    }
    // Nothing stuck: the BFF and WeChat Pay agree on every contract.
    const wechat = (await sim.call('GET', '/sim/contracts')).json().contracts as {
      out_contract_code: string;
      contract_state: string;
    }[];
    for (const x of contracts) {
      expect(wechat.find((w) => w.out_contract_code === x.code)?.contract_state).toBe('TERMINATED');
    }
    const db = inspectSqlite(join(sim.dir, 'bff.sqlite'));
    const counts = await contractCounts(db);
    await db.close();
    expect(counts.byState).toEqual({ TERMINATED: CASES.length });
    expect(counts.doubled).toEqual([]);
    expect(counts.unexplained).toEqual([]);
  });

  it('login: WeChat busy → 503, WeChat rate limit → 429, dropped → 503; the next login works', async () => {
    const appid = sim.subMerchants[0]?.sub_appid;
    for (const [kind, status, code] of [
      ['system_error', 503, 'UPSTREAM_UNAVAILABLE'],
      ['rate_limited', 429, 'RATE_LIMITED'],
      ['drop', 503, 'UPSTREAM_UNAVAILABLE'],
    ] as const) {
      await fault('jscode2session', { kind, status });
      const res = await jsonRequest(
        `${bff.url}/v1/session`,
        'POST',
        { code: `login-fault-${kind}`, appid },
        undefined,
        '127.2.0.1',
      );
      figures.push(`login ${kind} → ${res.status} ${res.json().code}`);
      expect({ kind, status: res.status, code: res.json().code }).toEqual({ kind, status, code });
    }
    expect(
      (
        await jsonRequest(
          `${bff.url}/v1/session`,
          'POST',
          { code: 'login-ok', appid },
          undefined,
          '127.2.0.1',
        )
      ).status,
    ).toBe(200);
  });

  it('primary host down: every call fails over to the backup host', async () => {
    const dead = await freePort();
    const backupOnly = await startBff({
      name: 'faults-bff-primary-down',
      sim,
      databaseUrl: `file:${join(sim.dir, 'bff-primary-down.sqlite')}`,
      env: { WECHATPAY_BASE_URL: `http://127.0.0.1:${dead}` },
    });
    try {
      const { token } = await newUser(backupOnly);
      const res = await presign(token, backupOnly);
      expect(res.status).toBe(200);
      const { out_contract_code: code, pre_entrustweb_id: pre } = res.json();
      await sim.call('POST', `/sim/pre-entrustweb/${pre}/confirm`);
      const read = await jsonRequest(`${backupOnly.url}/v1/contracts/${code}`, 'GET', undefined, token);
      expect(read.json().state).toBe('SIGNED');
      const ended = await jsonRequest(`${backupOnly.url}/v1/contracts/${code}/terminate`, 'POST', {}, token);
      expect(ended.json().state).toBe('TERMINATED');
      figures.push(
        `primary down: pre-sign ${res.status}, query → ${read.json().state}, terminate ${ended.status}`,
      );
    } finally {
      await backupOnly.proc.stop();
      await bff.proc.stop();
      const logs = [backupOnly.proc.output(), bff.proc.output(), sim.proc.output()];
      const secrets = secretsOf(sim, { tokens, openids });
      console.log(
        `[faults]\n  ${figures.join('\n  ')}\n  scanned ${lineCount(logs)} log lines for ${secrets.length} secrets`,
      );
      expect(leaks(logs, secrets)).toEqual([]);
    }
  });
});
