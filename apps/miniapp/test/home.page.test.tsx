import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clock } from '../src/lib/clock';
import IndexPage from '../src/pages/index/index';
import { PENDING_KEY } from '../src/return/pending';
import { bff, contract, errorReply, HOUR, presign, session } from './support/fake-bff';
import { expectOpenEnabled, openButton } from './support/page';
import Taro, { emitAppShow, memoryStorage } from './support/taro.mock';

const NOW = Date.parse('2026-11-28T02:00:00Z');
type NavOptions = { fail?: (err: { errMsg: string }) => void };

function newUser(): void {
  bff.on('POST /v1/session', session('tok-1', NOW));
  bff.on('GET /v1/contracts/current', errorReply(404, 'NO_CONTRACT'));
  bff.on('POST /v1/contracts/pre-sign', { status: 200, body: presign('1', NOW + 2 * HOUR) });
}

async function renderReady(): Promise<void> {
  render(<IndexPage />);
  await waitFor(() => expectOpenEnabled(true));
}

describe('home page: pre-sign and launch', () => {
  beforeEach(() => {
    clock.now = () => NOW;
  });

  it('shows 未开通 and enables 「开通免密支付」 only once the pre-sign is in hand', async () => {
    newUser();
    let releasePresign: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      releasePresign = resolve;
    });
    bff.on('POST /v1/contracts/pre-sign', async () => {
      await gate;
      return { status: 200, body: presign('1', NOW + 2 * HOUR) };
    });
    render(<IndexPage />);
    expectOpenEnabled(false);
    await screen.findByText('未开通');
    await waitFor(() => expect(bff.callsTo('POST /v1/contracts/pre-sign')).toHaveLength(1));
    expectOpenEnabled(false);
    releasePresign();
    await waitFor(() => expectOpenEnabled(true));
    expect(bff.callsTo('POST /v1/contracts/pre-sign')).toHaveLength(1);
    expect(Taro.navigateToMiniProgram).not.toHaveBeenCalled();
  });

  it('the tap calls navigateToMiniProgram synchronously with sign_mp_appid, sign_mp_path and extraData', async () => {
    newUser();
    await renderReady();
    const requestsBefore = bff.calls.length;

    fireEvent.click(openButton());

    // Checked before any await: nothing may sit between the tap and the jump.
    expect(Taro.navigateToMiniProgram).toHaveBeenCalledTimes(1);
    expect(vi.mocked(Taro.navigateToMiniProgram).mock.calls[0]?.[0]).toMatchObject({
      appId: 'wxbd687630cd02ce1d',
      path: 'pages/index/index',
      extraData: { pre_entrustweb_id: 'pre-1' },
    });
    expect(memoryStorage.get(PENDING_KEY)).toMatchObject({
      out_contract_code: 'occ1',
      sign_mp_appid: 'wxbd687630cd02ce1d',
    });
    expect(bff.calls.length).toBe(requestsBefore);
  });

  it('fail cancel: back to the ready state with an announced 已取消开通, the attempt is no longer pending', async () => {
    newUser();
    vi.mocked(Taro.navigateToMiniProgram).mockImplementation((opts: NavOptions) => {
      opts.fail?.({ errMsg: 'navigateToMiniProgram:fail cancel' });
    });
    await renderReady();

    fireEvent.click(openButton());

    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('已取消开通');
    expect(Taro.showToast).not.toHaveBeenCalled();
    expect(memoryStorage.has(PENDING_KEY)).toBe(false);
    expectOpenEnabled(true);
    expect(screen.queryByText('无法打开签约页面，请重试')).toBeNull();

    // 「关闭」 puts it away; a second cancel says it again.
    fireEvent.click(screen.getByRole('button', { name: '关闭' }));
    await waitFor(() => expect(screen.queryByText('已取消开通')).toBeNull());
    fireEvent.click(openButton());
    await screen.findByText('已取消开通');
  });

  it('other launch failures: an error message with retry, and retry launches again', async () => {
    newUser();
    vi.mocked(Taro.navigateToMiniProgram).mockImplementationOnce((opts: NavOptions) => {
      opts.fail?.({ errMsg: 'navigateToMiniProgram:fail invalid appid' });
    });
    await renderReady();

    fireEvent.click(openButton());
    await screen.findByText('无法打开签约页面，请重试');
    expect(Taro.showToast).not.toHaveBeenCalled();
    expect(memoryStorage.has(PENDING_KEY)).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(Taro.navigateToMiniProgram).toHaveBeenCalledTimes(2);
    expect(memoryStorage.has(PENDING_KEY)).toBe(true);
  });

  it('refreshes the pre-sign ahead of expiry and launches with the fresh one', async () => {
    newUser();
    const timers: Array<{ fn: () => void; ms: number }> = [];
    clock.setTimer = (fn, ms) => {
      timers.push({ fn, ms });
      return () => {};
    };
    bff.sequence('POST /v1/contracts/pre-sign', [
      { status: 200, body: presign('1', NOW + 2 * HOUR) },
      { status: 200, body: presign('2', NOW + 4 * HOUR) },
    ]);
    await renderReady();
    expect(timers.at(-1)?.ms).toBe(2 * HOUR - 10 * 60_000);

    clock.now = () => NOW + 2 * HOUR - 10 * 60_000;
    timers.at(-1)?.fn();
    await waitFor(() => expect(bff.callsTo('POST /v1/contracts/pre-sign')).toHaveLength(2));
    await waitFor(() => expectOpenEnabled(true));

    fireEvent.click(openButton());
    expect(vi.mocked(Taro.navigateToMiniProgram).mock.calls[0]?.[0]).toMatchObject({
      extraData: { pre_entrustweb_id: 'pre-2' },
    });
  });

  it('refreshes on show when the pre-sign went stale in the background, and never launches a lapsed one', async () => {
    newUser();
    clock.setTimer = () => () => {};
    bff.sequence('POST /v1/contracts/pre-sign', [
      { status: 200, body: presign('1', NOW + 2 * HOUR) },
      { status: 200, body: presign('2', NOW + 4 * HOUR) },
    ]);
    await renderReady();

    clock.now = () => NOW + 2 * HOUR - 30_000;
    fireEvent.click(openButton());
    expect(Taro.navigateToMiniProgram).not.toHaveBeenCalled();
    await waitFor(() => expect(bff.callsTo('POST /v1/contracts/pre-sign')).toHaveLength(2));

    clock.now = () => NOW + 4 * HOUR - 5 * 60_000;
    emitAppShow({ scene: 1001 });
    await waitFor(() => expect(bff.callsTo('POST /v1/contracts/pre-sign')).toHaveLength(3));
  });

  it('pre-sign errors show their copy with retry', async () => {
    newUser();
    bff.sequence('POST /v1/contracts/pre-sign', [
      errorReply(503, 'UPSTREAM_UNAVAILABLE'),
      { status: 200, body: presign('1', NOW + 2 * HOUR) },
    ]);
    render(<IndexPage />);
    await screen.findByText('微信支付暂时不可用，请稍后再试');
    expectOpenEnabled(false);

    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expectOpenEnabled(true));
  });

  it('CONTRACT_ALREADY_ACTIVE on pre-sign reloads the status instead of offering the button', async () => {
    newUser();
    bff.sequence('GET /v1/contracts/current', [
      errorReply(404, 'NO_CONTRACT'),
      {
        status: 200,
        body: contract('occ9', 'SIGNED', { signed_at: '2026-11-27T08:30:00Z', contract_id: 'C9' }),
      },
    ]);
    bff.on('POST /v1/contracts/pre-sign', errorReply(409, 'CONTRACT_ALREADY_ACTIVE'));
    render(<IndexPage />);
    await screen.findByText('已开通');
    expect(screen.queryByRole('button', { name: '开通免密支付' })).toBeNull();
  });

  it('a failed login shows its copy and retries', async () => {
    vi.mocked(Taro.login).mockRejectedValueOnce({ errMsg: 'login:fail' });
    newUser();
    render(<IndexPage />);
    await screen.findByText('微信登录失败，请重试');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expectOpenEnabled(true));
    expect(screen.queryByText('微信登录失败，请重试')).toBeNull();
  });
});
