import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  code2Session,
  MalformedResponseError,
  WechatLoginClient,
  WechatLoginError,
  WechatPayNetworkError,
} from '../src/index.js';
import { closedPortUrl, type Handler, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const options = () => ({ baseUrl: server.url, appid: 'wx1234567890abcdef', secret: 's3cret', code: '0a3b' });
/** WeChat answers jscode2session as text/plain. */
const text =
  (status: number, body: string): Handler =>
  (_hit, res) =>
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body);

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  server.hits.length = 0;
});
afterAll(() => server.close());

describe('code2Session', () => {
  it('calls jscode2session with the four parameters and returns the openid without session_key', async () => {
    server.handle(text(200, '{"openid":"o-1","session_key":"k","unionid":"u-1"}'));
    expect(await code2Session(options())).toEqual({ openid: 'o-1', unionid: 'u-1' });
    const url = new URL(server.hits[0]?.url ?? '', server.url);
    expect(url.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'wx1234567890abcdef',
      secret: 's3cret',
      js_code: '0a3b',
      grant_type: 'authorization_code',
    });
  });

  it('adds session_key only when asked', async () => {
    server.handle(text(200, '{"openid":"o-1","session_key":"k"}'));
    expect(await code2Session({ ...options(), includeSessionKey: true })).toEqual({
      openid: 'o-1',
      session_key: 'k',
    });
  });

  it('errcode → WechatLoginError with errcode and errmsg', async () => {
    server.handle(text(200, '{"errcode":40029,"errmsg":"invalid code"}'));
    await expect(code2Session(options())).rejects.toMatchObject({
      constructor: WechatLoginError,
      code: 'LOGIN_FAILED',
      errcode: 40029,
      errmsg: 'invalid code',
    });
  });

  it('a body without openid is a MalformedResponseError; a 5xx page is a busy login error', async () => {
    server.handle(text(200, '{"session_key":"k"}'), text(502, '<html/>'));
    await expect(code2Session(options())).rejects.toBeInstanceOf(MalformedResponseError);
    await expect(code2Session(options())).rejects.toMatchObject({
      constructor: WechatLoginError,
      errcode: -1,
    });
  });

  it('a refused connection is a WechatPayNetworkError that does not reveal the secret', async () => {
    const error = await code2Session({ ...options(), baseUrl: await closedPortUrl() }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(WechatPayNetworkError);
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('WechatLoginClient', () => {
  const ok = text(200, '{"openid":"o-1","session_key":"k"}');
  const request = { appid: 'wx1234567890abcdef', secret: 's3cret', code: '0a3b' };
  const openConnectionsAfter = async (ms: number) => {
    const until = Date.now() + ms;
    while (server.connections().open > 0 && Date.now() < until) await sleep(20);
    return server.connections().open;
  };

  it('logs users in over its own pool and releases every connection on close()', async () => {
    server.handle(ok);
    const client = new WechatLoginClient({ baseUrl: server.url });
    expect(await client.code2Session(request)).toEqual({ openid: 'o-1' });
    expect(await client.code2Session({ ...request, includeSessionKey: true })).toEqual({
      openid: 'o-1',
      session_key: 'k',
    });
    expect(server.connections().open).toBeGreaterThan(0);
    await client.close();
    expect(await openConnectionsAfter(1_000)).toBe(0);
    await expect(client.code2Session(request)).rejects.toBeInstanceOf(WechatPayNetworkError);
  });

  it('sends through an injected dispatcher and leaves it open on close()', async () => {
    server.handle(ok);
    const dispatcher = new CountingAgent();
    const client = new WechatLoginClient({ baseUrl: server.url, dispatcher });
    await client.code2Session(request);
    await client.close();
    expect(dispatcher.dispatched).toBe(1);
    // Still usable by its owner after the client is gone.
    await code2Session({ ...request, baseUrl: server.url, dispatcher });
    expect(dispatcher.dispatched).toBe(2);
    await dispatcher.close();
  });

  it('regression: code2Session() kept a module-level Agent (and its connection) open after the call', async () => {
    server.handle(ok);
    await code2Session(options());
    expect(await openConnectionsAfter(1_000)).toBe(0);
  });
});

class CountingAgent extends Agent {
  dispatched = 0;
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched += 1;
    return super.dispatch(options, handler);
  }
}
