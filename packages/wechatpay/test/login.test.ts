import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  code2Session,
  MalformedResponseError,
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
