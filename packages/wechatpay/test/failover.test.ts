import type { Socket } from 'node:net';
import { Agent, buildConnector, errors } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ResponseVerifier,
  WechatPayApiError,
  WechatPayClient,
  type WechatPayClientOptions,
  WechatPayNetworkError,
} from '../src/index.js';
import { merchant, now, platform } from './helpers/keys.js';
import { closedPortUrl, failure, signed, startServer, type TestServer } from './helpers/server.js';

const verifier = new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now });
const body = { out_contract_code: 'abc', contract_display_account: '用户' };
let primary: TestServer;
let backup: TestServer;
const clients: WechatPayClient[] = [];
const dispatchers: Agent[] = [];

function client(over: Partial<WechatPayClientOptions>): WechatPayClient {
  const c = new WechatPayClient({
    mchid: merchant.mchid,
    serialNo: merchant.serialNo,
    privateKey: merchant.privateKey,
    verifier,
    baseUrl: primary.url,
    backupBaseUrl: backup.url,
    sleep: async () => {},
    now,
    ...over,
  });
  clients.push(c);
  return c;
}

/**
 * A real Agent whose connector fails for one host name the way the OS / undici would
 * (DNS, connect time-out) and connects normally to everything else.
 */
function failingHost(host: string, error: () => Error): Agent {
  const connect = buildConnector({});
  const agent = new Agent({
    connect: (options, callback) => {
      if (options.hostname === host) {
        queueMicrotask(() => callback(error(), null));
        return;
      }
      connect(options, callback as (err: Error | null, socket: Socket | null) => void);
    },
  });
  dispatchers.push(agent);
  return agent;
}

function osError(code: string): Error {
  return Object.assign(new Error(`getaddrinfo ${code} primary.invalid`), { code, syscall: 'getaddrinfo' });
}

beforeAll(async () => {
  primary = await startServer();
  backup = await startServer();
});
afterEach(async () => {
  primary.hits.length = 0;
  backup.hits.length = 0;
  primary.handle();
  backup.handle();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(dispatchers.splice(0).map((d) => d.close()));
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()]);
});

describe('failover to the backup host', () => {
  it('primary port closed (ECONNREFUSED) → the backup answers, with the same body bytes', async () => {
    backup.handle(signed(200, { ok: 1 }));
    const res = await client({ baseUrl: await closedPortUrl() }).request({
      method: 'POST',
      path: '/v3/p',
      body,
    });
    expect(res.data).toEqual({ ok: 1 });
    expect(backup.hits).toHaveLength(1);
    expect(backup.hits[0]?.body.toString()).toBe(JSON.stringify(body));
  });

  it('connection reset before a response → the backup answers', async () => {
    primary.handle((_hit, res) => res.socket?.resetAndDestroy());
    backup.handle(signed(200, { ok: 2 }));
    const res = await client({}).request({ method: 'POST', path: '/v3/p', body });
    expect(res.data).toEqual({ ok: 2 });
    expect(primary.hits).toHaveLength(1);
    expect(backup.hits).toHaveLength(1);
  });

  for (const [name, error] of [
    ['DNS ENOTFOUND', () => osError('ENOTFOUND')],
    ['DNS EAI_AGAIN', () => osError('EAI_AGAIN')],
    ['connect time-out', () => new errors.ConnectTimeoutError()],
  ] as const) {
    it(`${name} → the backup answers`, async () => {
      backup.handle(signed(200, { ok: 3 }));
      const dispatcher = failingHost('primary.invalid', error);
      const res = await client({ baseUrl: 'http://primary.invalid:1', dispatcher }).request({
        method: 'GET',
        path: '/v3/q',
      });
      expect(res.data).toEqual({ ok: 3 });
      expect(backup.hits).toHaveLength(1);
    });
  }

  it('connection errors on both hosts → WechatPayNetworkError', async () => {
    const c = client({ baseUrl: await closedPortUrl(), backupBaseUrl: await closedPortUrl() });
    const error = await c.request({ method: 'GET', path: '/v3/q' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatPayNetworkError);
    expect(error).toMatchObject({ code: 'NETWORK', timedOut: false });
  });

  it('without a backup, a refused connection is a WechatPayNetworkError', async () => {
    const c = client({ baseUrl: await closedPortUrl(), backupBaseUrl: undefined });
    await expect(c.request({ method: 'GET', path: '/v3/q' })).rejects.toBeInstanceOf(WechatPayNetworkError);
  });

  it('a 4xx from the primary is not failed over', async () => {
    primary.handle(failure(404, 'RESOURCE_NOT_EXISTS'));
    backup.handle(signed(200, { ok: 4 }));
    await expect(client({}).request({ method: 'GET', path: '/v3/q' })).rejects.toMatchObject({
      status: 404,
      code: 'RESOURCE_NOT_EXISTS',
    });
    expect(backup.hits).toHaveLength(0);
  });

  it('a 5xx from the primary is retried on the primary, not failed over', async () => {
    primary.handle(failure(503, 'SERVICE_UNAVAILABLE'));
    backup.handle(signed(200, { ok: 5 }));
    const error = await client({})
      .request({ method: 'GET', path: '/v3/q' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatPayApiError);
    expect(primary.hits).toHaveLength(3);
    expect(backup.hits).toHaveLength(0);
  });
});
