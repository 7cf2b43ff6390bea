import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { env } from '../src/env';
import { clock } from '../src/lib/clock';
import { getLoginCode, getOwnAppId } from '../src/platform/identity.h5';
import { h5Navigation, LEAVE_QUESTION, launchSigning } from '../src/platform/launcher.h5';
import { buildSignUrl, currentReturnUrl, parseSimReturn } from '../src/platform/sim-return';
import { PENDING_KEY, pendingSign } from '../src/return/pending';
import { returnStore } from '../src/return/return-store';
import { bff, contract, HOUR, presign, session } from './support/fake-bff';
import { memoryStorage } from './support/taro.mock';

// The app-level handler is registered with the h5 return source, exactly as the h5 build does.
vi.mock('../src/platform/return-source', () => import('../src/platform/return-source.h5'));

const NOW = Date.parse('2026-11-28T02:00:00Z');
const PAGE = 'http://127.0.0.1:10086/#/pages/index/index';

describe('h5 sim return format', () => {
  it('builds the signing page URL with the pre-sign id and where to come back', () => {
    const url = new URL(buildSignUrl('http://127.0.0.1:3100', 'pre-1', PAGE));
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:3100/sim/sign');
    expect(url.searchParams.get('pre_entrustweb_id')).toBe('pre-1');
    expect(url.searchParams.get('return_url')).toBe(PAGE);
  });

  it('turns SUCCESS / FAIL / back-without-extraData into weapp-shaped show options', () => {
    const base = 'http://127.0.0.1:10086/?scene=1038&referrer_appid=wxsign';
    const extra = (data: object) => `&extra_data=${encodeURIComponent(JSON.stringify(data))}`;
    expect(
      parseSimReturn(`${base}${extra({ return_code: 'SUCCESS', return_msg: 'OK', contract_id: 'C1' })}#/p`),
    ).toEqual({
      scene: 1038,
      referrerInfo: {
        appId: 'wxsign',
        extraData: { return_code: 'SUCCESS', return_msg: 'OK', contract_id: 'C1' },
      },
    });
    expect(parseSimReturn(`${base}${extra({ return_code: 'FAIL', return_msg: 'no' })}`)).toEqual({
      scene: 1038,
      referrerInfo: { appId: 'wxsign', extraData: { return_code: 'FAIL', return_msg: 'no' } },
    });
    expect(parseSimReturn(`${base}#/pages/index/index`)).toEqual({
      scene: 1038,
      referrerInfo: { appId: 'wxsign' },
    });
    // Parameters appended inside the hash route are read too.
    expect(parseSimReturn(`${PAGE}?scene=1038&referrer_appid=wxsign`)?.referrerInfo?.appId).toBe('wxsign');
    expect(parseSimReturn(PAGE)).toBeUndefined();
    expect(parseSimReturn('http://h/?scene=1038#/p')).toBeUndefined();
  });

  it('a mangled extra_data is dropped, not fatal', () => {
    expect(parseSimReturn('http://h/?scene=1038&referrer_appid=wxsign&extra_data=%7Bnot-json#/p')).toEqual({
      scene: 1038,
      referrerInfo: { appId: 'wxsign' },
    });
  });

  it('strips earlier simulator parameters from the return URL', () => {
    expect(
      currentReturnUrl(
        `http://127.0.0.1:10086/?scene=1038&referrer_appid=x&extra_data=%7B%7D&keep=1#/pages/index/index`,
      ),
    ).toBe('http://127.0.0.1:10086/?keep=1#/pages/index/index');
  });
});

describe('h5 launch and return through the app-level handler', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    clock.sleep = async () => {};
    window.history.replaceState(null, '', '/#/pages/index/index');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the launcher asks first, then redirects to the simulator signing page with this page as return_url', () => {
    const ask = vi.spyOn(h5Navigation, 'confirm').mockReturnValue(true);
    const go = vi.spyOn(h5Navigation, 'go').mockImplementation(() => {});
    const onFail = vi.fn();
    launchSigning({ appId: 'wxsign', path: 'p', preEntrustwebId: 'pre-7' }, onFail);
    expect(ask).toHaveBeenCalledWith(LEAVE_QUESTION);
    expect(onFail).not.toHaveBeenCalled();
    const target = new URL(go.mock.calls[0]![0]);
    expect(`${target.origin}${target.pathname}`).toBe(`${env.simUrl}/sim/sign`);
    expect(target.searchParams.get('pre_entrustweb_id')).toBe('pre-7');
    expect(target.searchParams.get('return_url')).toBe(window.location.href);
  });

  it("declining the question is WeChat's fail cancel: no redirect", () => {
    vi.spyOn(h5Navigation, 'confirm').mockReturnValue(false);
    const go = vi.spyOn(h5Navigation, 'go').mockImplementation(() => {});
    const onFail = vi.fn();
    launchSigning({ appId: 'wxsign', path: 'p', preEntrustwebId: 'pre-7' }, onFail);
    expect(onFail).toHaveBeenCalledWith('navigateToMiniProgram:fail cancel');
    expect(go).not.toHaveBeenCalled();
  });

  it('after the redirect back, the pending marker from before the reload is confirmed once', async () => {
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('GET /v1/contracts/occ1', { status: 200, body: contract('occ1', 'SIGNED') });
    pendingSign.mark(presign('1', NOW + 2 * HOUR));
    window.history.replaceState(
      null,
      '',
      `/?scene=1038&referrer_appid=wxbd687630cd02ce1d&extra_data=${encodeURIComponent('{"return_code":"SUCCESS","contract_id":"C1"}')}#/pages/index/index`,
    );

    const { registerReturnHandling } = await import('../src/return/return-handler');
    registerReturnHandling();

    await vi.waitFor(() => expect(returnStore.get().kind).toBe('signed'));
    expect(memoryStorage.has(PENDING_KEY)).toBe(false);
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#/pages/index/index');
    expect(bff.callsTo('GET /v1/contracts/occ1')).toHaveLength(1);
  });

  it('h5 identity: a stable per-browser login code and the configured appid', async () => {
    const first = await getLoginCode();
    expect(first).toMatch(/^h5-/);
    expect(await getLoginCode()).toBe(first);
    env.appId = 'wx_h5_app';
    expect(getOwnAppId()).toBe('wx_h5_app');
  });
});
