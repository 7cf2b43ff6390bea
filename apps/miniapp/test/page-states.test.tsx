import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LAUNCH_HOLD_MS } from '../src/hooks/use-sign-launch';
import { clock } from '../src/lib/clock';
import IndexPage from '../src/pages/index/index';
import { BACKOFF_MS } from '../src/return/confirm';
import { handleAppShow } from '../src/return/return-handler';
import { isDisabled, isLoading } from './support/components.mock';
import { type BffReply, bff, contract, errorReply, HOUR, presign, session } from './support/fake-bff';
import { held } from './support/held';
import { answerTerminateDialog, expectOpenEnabled, notices, openButton } from './support/page';
import { back, CODE, NOW, pendingAttempt, SUCCESS, statusPath } from './support/signing-return';
import Taro, { emitAppShow } from './support/taro.mock';

const CONFIRMING = '正在确认开通结果…';
const PENDING = '确认中';
const SIGNED_AT = '2026-11-28T02:00:30Z';
const signed = contract(CODE, 'SIGNED', { signed_at: SIGNED_AT, contract_id: 'C1' });
const terminated = contract(CODE, 'TERMINATED', {
  signed_at: SIGNED_AT,
  terminated_at: '2026-11-28T03:00:00Z',
});
const ok = (body: unknown): BffReply => ({ status: 200, body });

const button = (name: string) => screen.getByRole('button', { name });
/** Lets any request a tap may have started come back before the next look. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 100)));

describe('page states that cannot contradict each other (issue 11, item 8)', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    clock.sleep = async () => {};
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('GET /v1/contracts/current', errorReply(404, 'NO_CONTRACT'));
    bff.on('POST /v1/contracts/pre-sign', ok(presign('1', NOW + 2 * HOUR)));
  });

  it('regression: taps on the greyed 「开通免密支付」 while 正在确认开通结果… shows open nothing', async () => {
    const answer = held(ok(signed));
    bff.on(statusPath, answer.handler);
    pendingAttempt();
    render(<IndexPage />);
    void handleAppShow(back(SUCCESS));
    await screen.findByText(CONFIRMING);
    const presignsBefore = bff.callsTo('POST /v1/contracts/pre-sign').length;

    fireEvent.click(openButton());
    await settle();
    fireEvent.click(openButton());
    await settle();

    expectOpenEnabled(false);
    expect(Taro.navigateToMiniProgram).not.toHaveBeenCalled();
    expect(bff.callsTo('POST /v1/contracts/pre-sign')).toHaveLength(presignsBefore);
    answer.release();
    await screen.findByText('开通成功');
  });

  it('regression: with login failing, a tap on the greyed button adds no second error box', async () => {
    vi.mocked(Taro.login).mockRejectedValue({ errMsg: 'login:fail' });
    render(<IndexPage />);
    await screen.findByText('微信登录失败，请重试');
    expectOpenEnabled(false);

    fireEvent.click(openButton());
    await settle();
    fireEvent.click(openButton());
    await settle();

    expect(screen.getAllByText('微信登录失败，请重试')).toHaveLength(1);
    expect(notices()).toHaveLength(1);
    expect(Taro.login).toHaveBeenCalledTimes(1);
  });

  it('regression: 开通成功 does not stay above 已解约 after terminating in the app', async () => {
    bff.on(statusPath, ok(signed));
    bff.on(`POST /v1/contracts/${CODE}/terminate`, ok(terminated));
    pendingAttempt();
    render(<IndexPage />);
    void handleAppShow(back(SUCCESS));
    await screen.findByText('开通成功');

    await answerTerminateDialog('解约');
    await screen.findByText('已解约');
    expect(screen.queryByText('开通成功')).toBeNull();
    expect(notices()).toHaveLength(0);
  });

  it('regression: 开通成功 does not stay above 已解约 after terminating inside WeChat', async () => {
    bff.on(statusPath, ok(signed));
    pendingAttempt();
    render(<IndexPage />);
    void handleAppShow(back(SUCCESS));
    await screen.findByText('开通成功');

    // The user ends it in WeChat's 支付设置 and comes back: the page reads the status on show.
    bff.on('GET /v1/contracts/current', ok(terminated));
    emitAppShow({ scene: 1001 });
    await screen.findByText('已解约');
    expect(screen.queryByText('开通成功')).toBeNull();
  });

  it('regression: 确认中 does not sit beside a finished 已开通 card with a working 解约', async () => {
    bff.on(statusPath, ok(contract(CODE, 'PRESIGNED')));
    pendingAttempt();
    render(<IndexPage />);
    await handleAppShow(back(SUCCESS));
    await screen.findByText(PENDING);

    // The status, read again on show, says it is signed (the notification landed meanwhile).
    bff.on('GET /v1/contracts/current', ok(signed));
    emitAppShow({ scene: 1001 });
    await screen.findByText('已开通');
    expect(screen.queryByText(PENDING)).toBeNull();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]?.textContent).toContain('开通成功');
    expect(button('解约免密支付').getAttribute('aria-disabled')).toBe('false');
  });

  it('regression: confirmation failing again and again shows one message, and 刷新 shows progress', async () => {
    bff.on(statusPath, errorReply(503, 'UPSTREAM_UNAVAILABLE'));
    bff.on('GET /v1/contracts/current', errorReply(503, 'UPSTREAM_UNAVAILABLE'));
    bff.on('POST /v1/contracts/pre-sign', errorReply(503, 'UPSTREAM_UNAVAILABLE'));
    pendingAttempt();
    render(<IndexPage />);
    await handleAppShow(back(SUCCESS));
    await screen.findByText(PENDING);
    await settle();
    expect(notices()).toHaveLength(1);
    expect(screen.queryByText('微信支付暂时不可用，请稍后再试')).toBeNull();

    const answer = held(errorReply(503, 'UPSTREAM_UNAVAILABLE'));
    bff.on(statusPath, answer.handler);
    fireEvent.click(button('刷新'));
    await waitFor(() => expect(isLoading(button('刷新'))).toBe(true));
    expect(isDisabled(button('刷新'))).toBe(true);
    fireEvent.click(button('刷新'));
    await settle();
    expect(bff.callsTo(statusPath)).toHaveLength(BACKOFF_MS.SUCCESS.length + 1);

    answer.release();
    await waitFor(() => expect(isLoading(button('刷新'))).toBe(false));
    expect(screen.getByText(PENDING)).toBeTruthy();
    expect(notices()).toHaveLength(1);
  });

  it.each([
    ['the login', 'POST /v1/session', session('tok-2', NOW), '服务异常，请稍后再试'],
    ['the status', 'GET /v1/contracts/current', errorReply(404, 'NO_CONTRACT'), '服务异常，请稍后再试'],
    ['the pre-sign', 'POST /v1/contracts/pre-sign', ok(presign('2', NOW + 2 * HOUR)), '服务异常，请稍后再试'],
  ])('regression: 重试 of %s shows progress until the answer', async (_name, route, success, copy) => {
    bff.on(route, errorReply(500, 'INTERNAL_ERROR'));
    render(<IndexPage />);
    await screen.findByText(copy);

    const answer = held(success);
    bff.on(route, answer.handler);
    const callsBefore = bff.callsTo(route).length;
    fireEvent.click(button('重试'));
    await waitFor(() => expect(isLoading(button('重试'))).toBe(true));
    expect(screen.getByText(copy)).toBeTruthy();
    fireEvent.click(button('重试'));
    await settle();
    expect(bff.callsTo(route)).toHaveLength(callsBefore + 1);

    answer.release();
    await waitFor(() => expectOpenEnabled(true));
    expect(notices()).toHaveLength(0);
  });

  it('a triple tap jumps once; the button is held until the platform answers or the hold ends', async () => {
    const timers: Array<{ fn: () => void; ms: number }> = [];
    clock.setTimer = (fn, ms) => {
      timers.push({ fn, ms });
      return () => {};
    };
    render(<IndexPage />);
    await waitFor(() => expectOpenEnabled(true));

    fireEvent.click(openButton());
    fireEvent.click(openButton());
    fireEvent.click(openButton());

    expect(Taro.navigateToMiniProgram).toHaveBeenCalledTimes(1);
    expectOpenEnabled(false);
    const hold = timers.find((t) => t.ms === LAUNCH_HOLD_MS);
    act(() => hold?.fn());
    expectOpenEnabled(true);
  });
});
