import { PresignMiniProgramResponse } from '@kit/contract-types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  MalformedResponseError,
  MissingHeaderError,
  ResponseVerifier,
  SignatureInvalidError,
  WechatPayApiError,
  WechatPayClient,
  type WechatPayClientOptions,
  WechatPayNetworkError,
  WechatPayRateLimitError,
} from '../src/index.js';
import { signResponse, verifyAuthorization } from '../src/testing/index.js';
import { merchant, now, platform } from './helpers/keys.js';
import { closedPortUrl, failure, signed, startServer, type TestServer } from './helpers/server.js';

const verifier = new ResponseVerifier({
  keys: { [platform.serial]: platform.publicKey },
  merchantSerialNo: merchant.serialNo,
  now,
});
const presignAnswer = {
  pre_entrustweb_id: '5778aadY9nltAsZzXixCkFIGYnV2V',
  mchid: merchant.mchid,
  sub_mchid: '1900000109',
  service_id: 12535,
  out_contract_code: 'wxwtdk20200910100000',
  sign_mp_appid: 'wxbd687630cd02ce1d',
  sign_mp_path: 'pages/index/index?pre_entrustweb_id=5778aadY9nltAsZzXixCkFIGYnV2V',
};
const path = '/v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/mini-program';
const body = { sub_mchid: '1900000109', contract_display_account: '微信代扣用户A', service_id: 12535 };

let primary: TestServer;
let backup: TestServer;
const clients: WechatPayClient[] = [];
const sleeps: number[] = [];

function client(over: Partial<WechatPayClientOptions> = {}): WechatPayClient {
  const c = new WechatPayClient({
    mchid: merchant.mchid,
    serialNo: merchant.serialNo,
    privateKey: merchant.privateKeyPem,
    verifier,
    baseUrl: primary.url,
    backupBaseUrl: backup.url,
    retryDelayMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now,
    ...over,
  });
  clients.push(c);
  return c;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  primary = await startServer();
  backup = await startServer();
});
afterEach(async () => {
  primary.hits.length = 0;
  backup.hits.length = 0;
  sleeps.length = 0;
  primary.handle();
  backup.handle();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()]);
});

describe('WechatPayClient success path', () => {
  it('signs the exact bytes it sends, sends the required headers and returns verified, validated data', async () => {
    primary.handle(signed(200, presignAnswer));
    const res = await client().request({ method: 'POST', path, body, schema: PresignMiniProgramResponse });
    expect(res).toEqual({ status: 200, data: presignAnswer, requestId: 'REQ-OK' });

    const [hit] = primary.hits;
    expect(hit?.method).toBe('POST');
    expect(hit?.url).toBe(path);
    expect(hit?.body.toString('utf8')).toBe(JSON.stringify(body));
    expect(hit?.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'wechatpay-serial': platform.serial,
    });
    expect(hit?.headers['user-agent']).toMatch(/kit-wechatpay/);
    const auth = verifyAuthorization({
      header: hit?.headers.authorization,
      method: 'POST',
      url: path,
      body: hit?.body,
      publicKey: merchant.publicKey,
      now,
    });
    expect(auth).toMatchObject({ mchid: merchant.mchid, serialNo: merchant.serialNo });
  });

  it('GET sends no body and no content-type, and signs the path with its query', async () => {
    primary.handle(signed(200, { ok: true }));
    await client().request({ method: 'GET', path: '/v3/x/a%2Fb?limit=1' });
    const [hit] = primary.hits;
    expect(hit?.body.length).toBe(0);
    expect(hit?.headers['content-type']).toBeUndefined();
    expect(() =>
      verifyAuthorization({
        header: hit?.headers.authorization,
        method: 'GET',
        url: '/v3/x/a%2Fb?limit=1',
        publicKey: merchant.publicKey,
      }),
    ).not.toThrow();
  });

  it('signs the full path when the base URL has a path prefix', async () => {
    primary.handle(signed(200, { ok: true }));
    await client({ baseUrl: `${primary.url}/prefix/` }).request({ method: 'GET', path: '/v3/y' });
    const url = primary.hits[0]?.url ?? '';
    expect(url).toBe('/prefix/v3/y');
    expect(() =>
      verifyAuthorization({
        header: primary.hits[0]?.headers.authorization,
        method: 'GET',
        url,
        publicKey: merchant.publicKey,
      }),
    ).not.toThrow();
  });

  it('refuses a relative path before any network call', async () => {
    await expect(client().request({ method: 'GET', path: 'v3/a' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect(primary.hits).toHaveLength(0);
  });

  it('verifies a signed 204 with an empty body', async () => {
    primary.handle(signed(204, undefined));
    expect(await client().request({ method: 'POST', path: '/v3/z', body: {} })).toEqual({
      status: 204,
      data: undefined,
      requestId: 'REQ-OK',
    });
  });
});

describe('WechatPayClient verifies every 2xx', () => {
  it('an unsigned 2xx is rejected', async () => {
    primary.handle((_hit, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    expect(await rejection(client().request({ method: 'GET', path: '/v3/a' }))).toBeInstanceOf(
      MissingHeaderError,
    );
  });

  it('a 2xx signed over other bytes is rejected', async () => {
    primary.handle((_hit, res) => {
      const headers = signResponse({
        privateKey: platform.privateKey,
        serial: platform.serial,
        body: '{"a":1}',
        now,
      });
      res.writeHead(200, headers).end('{"a":2}');
    });
    expect(await rejection(client().request({ method: 'GET', path: '/v3/a' }))).toBeInstanceOf(
      SignatureInvalidError,
    );
  });

  it('a verified 2xx that does not fit the schema is a MalformedResponseError', async () => {
    primary.handle(signed(200, { ...presignAnswer, service_id: 'x' }));
    const error = await rejection(
      client().request({ method: 'POST', path, body, schema: PresignMiniProgramResponse }),
    );
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', requestId: 'REQ-OK' });
  });
  it('a signed 2xx that is not JSON, or larger than 1 MiB (declared or chunked), is a MalformedResponseError', async () => {
    const big = 'x'.repeat(1_100_000);
    primary.handle(
      (_hit, res) => {
        const headers = signResponse({
          privateKey: platform.privateKey,
          serial: platform.serial,
          body: 'ok',
          now,
        });
        res.writeHead(200, headers).end('ok');
      },
      (_hit, res) => res.writeHead(200, { 'content-length': String(big.length) }).end(big),
      (_hit, res) => {
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        res.write(big.slice(0, 600_000));
        res.end(big.slice(600_000));
      },
    );
    const c = client();
    for (let i = 0; i < 3; i++) {
      expect(await rejection(c.request({ method: 'GET', path: '/v3/a' }))).toBeInstanceOf(
        MalformedResponseError,
      );
    }
  });
});

describe('WechatPayClient errors and retries', () => {
  it('a 4xx is a WechatPayApiError, never retried, never failed over', async () => {
    primary.handle(failure(400, 'PARAM_ERROR', 'bad sub_mchid'));
    const error = await rejection(client().request({ method: 'POST', path, body }));
    expect(error).toBeInstanceOf(WechatPayApiError);
    expect(error).not.toBeInstanceOf(WechatPayRateLimitError);
    expect(error).toMatchObject({
      status: 400,
      code: 'PARAM_ERROR',
      apiCode: 'PARAM_ERROR',
      message: 'bad sub_mchid',
      detail: { field: 'x' },
      requestId: 'REQ-400',
    });
    expect(primary.hits).toHaveLength(1);
    expect(backup.hits).toHaveLength(0);
    expect(sleeps).toEqual([]);
  });

  it('a 5xx is retried twice with identical body bytes (re-signed), then a WechatPayApiError; no failover', async () => {
    primary.handle(failure(500, 'SYSTEM_ERROR'));
    const error = await rejection(client().request({ method: 'POST', path, body }));
    expect(error).toBeInstanceOf(WechatPayApiError);
    expect(error).toMatchObject({ status: 500, code: 'SYSTEM_ERROR', requestId: 'REQ-500' });
    expect(primary.hits).toHaveLength(3);
    expect(backup.hits).toHaveLength(0);
    const [first, ...rest] = primary.hits;
    for (const hit of rest) expect(hit.body.equals(first?.body as Buffer)).toBe(true);
    const nonces = new Set(primary.hits.map((h) => h.headers.authorization));
    expect(nonces.size).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('a 5xx followed by a success returns the success', async () => {
    primary.handle(failure(503, 'SERVICE_UNAVAILABLE'), signed(200, presignAnswer));
    const res = await client().request({ method: 'POST', path, body, schema: PresignMiniProgramResponse });
    expect(res.data.pre_entrustweb_id).toBe(presignAnswer.pre_entrustweb_id);
    expect(primary.hits).toHaveLength(2);
  });

  it('maxRetries: 0 gives up after the first 5xx; a non-JSON 502 is classified by status', async () => {
    primary.handle((_hit, res) => res.writeHead(502).end('<html>bad gateway</html>'));
    const error = await rejection(client({ maxRetries: 0 }).request({ method: 'GET', path: '/v3/a' }));
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502' });
    expect(primary.hits).toHaveLength(1);
  });

  it('429 is a WechatPayRateLimitError and is not retried', async () => {
    primary.handle(failure(429, 'FREQUENCY_LIMITED', 'slow down'));
    const error = await rejection(client().request({ method: 'POST', path, body }));
    expect(error).toBeInstanceOf(WechatPayRateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'FREQUENCY_LIMITED', requestId: 'REQ-429' });
    expect(primary.hits).toHaveLength(1);
  });

  it('a response time-out is a WechatPayNetworkError, not failed over', async () => {
    primary.handle(() => {
      /* never answers */
    });
    const error = await rejection(client({ timeoutMs: 150 }).request({ method: 'POST', path, body }));
    expect(error).toBeInstanceOf(WechatPayNetworkError);
    expect(error).toMatchObject({ code: 'NETWORK', timedOut: true });
    expect(primary.hits).toHaveLength(1);
    expect(backup.hits).toHaveLength(0);
  });

  it('a response time-out on the backup after a failover is a WechatPayNetworkError too', async () => {
    backup.handle(() => {
      /* never answers */
    });
    const c = client({ baseUrl: await closedPortUrl(), timeoutMs: 150 });
    const error = await rejection(c.request({ method: 'GET', path: '/v3/a' }));
    expect(error).toMatchObject({ code: 'NETWORK', timedOut: true });
    expect(backup.hits).toHaveLength(1);
  });
});
