import { code2Session, WechatLoginError } from '@kit/wechatpay';
import { openidFor } from '@kit/wechatpay/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { control, startTestSim, type TestSim } from './support/sim.js';

type LoginAnswer = { openid?: string; session_key?: string; errcode?: number; errmsg?: string };

/** GET /sns/jscode2session on the simulator's host, as api.weixin.qq.com answers it. */
describe('WeChat login', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterEach(() => control(sim, 'DELETE', '/sim/faults'));
  afterAll(() => sim.stop());

  const login = async (params: Record<string, string>) => {
    const response = await fetch(`${sim.url}/sns/jscode2session?${new URLSearchParams(params)}`);
    expect(response.status).toBe(200);
    return (await response.json()) as LoginAnswer;
  };
  const good = (code: string, sub = sim.identity.subMerchants[0]!) => ({
    appid: sub.sub_appid,
    secret: sub.sub_app_secret,
    js_code: code,
    grant_type: 'authorization_code',
  });

  it('gives a deterministic openid per (appid, code) and a session_key', async () => {
    const first = await login(good('code-user-1'));
    expect(first.openid).toBe(openidFor(sim.identity.subMerchants[0]!.sub_appid, 'code-user-1'));
    expect(first.session_key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect((await login(good('code-user-1'))).openid).toBe(first.openid);
    expect((await login(good('code-user-2'))).openid).not.toBe(first.openid);
    const otherApp = await login(good('code-user-1', sim.identity.subMerchants[1]!));
    expect(otherApp.openid).not.toBe(first.openid);
  });

  it('works through the @kit/wechatpay client the BFF uses', async () => {
    const sub = sim.identity.subMerchants[1]!;
    const result = await code2Session({
      baseUrl: sim.url,
      appid: sub.sub_appid,
      secret: sub.sub_app_secret,
      code: 'c1',
    });
    expect(result.openid).toBe(openidFor(sub.sub_appid, 'c1'));
    await expect(
      code2Session({ baseUrl: sim.url, appid: sub.sub_appid, secret: 'wrong', code: 'c1' }),
    ).rejects.toBeInstanceOf(WechatLoginError);
  });

  it('answers 40013 for an appid that is not a configured sub-merchant', async () => {
    expect(await login({ ...good('c'), appid: 'wx0000000000000000' })).toMatchObject({ errcode: 40013 });
  });

  it('answers 40125 for a wrong secret', async () => {
    expect(await login({ ...good('c'), secret: 'not-the-secret' })).toMatchObject({ errcode: 40125 });
  });

  it('answers 40029 for an invalid code and 41008 for a missing one', async () => {
    expect(await login(good('invalid-code'))).toMatchObject({ errcode: 40029 });
    expect(await login(good('bad code!'))).toMatchObject({ errcode: 40029 });
    const { js_code: _omitted, ...noCode } = good('x');
    expect(await login(noCode)).toMatchObject({ errcode: 41008 });
  });

  it('answers 40002 for another grant_type', async () => {
    expect(await login({ ...good('c'), grant_type: 'client_credential' })).toMatchObject({ errcode: 40002 });
  });

  it('faults: system_error (-1), rate_limited (45011), delay, drop', async () => {
    const fault = (body: Record<string, unknown>) =>
      control(sim, 'POST', '/sim/faults', { target: 'jscode2session', ...body });
    await fault({ kind: 'system_error' });
    expect(await login(good('c'))).toMatchObject({ errcode: -1 });
    await fault({ kind: 'rate_limited' });
    expect(await login(good('c'))).toMatchObject({ errcode: 45011 });
    await fault({ kind: 'delay', delay_ms: 100 });
    const started = performance.now();
    expect((await login(good('c'))).openid).toBeTruthy();
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    await fault({ kind: 'drop' });
    await expect(fetch(`${sim.url}/sns/jscode2session?${new URLSearchParams(good('c'))}`)).rejects.toThrow();
    expect((await login(good('c'))).openid).toBeTruthy();
  });
});
