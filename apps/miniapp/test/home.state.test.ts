import { describe, expect, it } from 'vitest';
import type { HomeEvent } from '../src/home/home.events';
import { type HomeState, homeReducer, initialHomeState } from '../src/home/home.state';
import { homeView } from '../src/home/home.view';
import type { ReturnState } from '../src/return/return-store';
import { ApiError } from '../src/services/api-error';
import { contract, HOUR, presign } from './support/fake-bff';

const NOW = Date.parse('2026-11-28T02:00:00Z');
const CODE = 'occ1';
const unavailable = new ApiError('UPSTREAM_UNAVAILABLE', 503, 'busy');
const signedContract = contract(CODE, 'SIGNED', { signed_at: '2026-11-28T02:00:30Z' });

const run = (events: HomeEvent[], from: HomeState = initialHomeState({ kind: 'idle' })): HomeState =>
  events.reduce(homeReducer, from);

/** Each request's answer carries the number its start was given. */
function answered(state: HomeState, event: 'status' | 'presign', value: unknown): HomeState {
  const rev = state.contract[event].rev;
  return event === 'status'
    ? homeReducer(state, { type: 'status/answered', rev, contract: value as never })
    : homeReducer(state, { type: 'presign/answered', rev, presign: value as never });
}

/** Logged in, no contract, a pre-sign in hand: 「开通免密支付」 is enabled. */
function ready(): HomeState {
  let s = run([{ type: 'session/started' }, { type: 'session/ready' }, { type: 'status/started' }]);
  s = answered(s, 'status', null);
  s = run([{ type: 'presign/started' }], s);
  return answered(s, 'presign', presign('1', NOW + 2 * HOUR));
}

const withReturn = (state: HomeState, ret: ReturnState): HomeState =>
  homeReducer(state, { type: 'return/changed', state: ret });

describe('home state: one source of truth for the page', () => {
  it('enables 「开通免密支付」 only with a session, a known unsigned status and a pre-sign in hand', () => {
    expect(homeView(run([])).open).toEqual({ enabled: false, busy: false });
    expect(homeView(run([{ type: 'session/started' }, { type: 'session/ready' }])).wantsPresign).toBe(false);
    const s = ready();
    expect(homeView(s)).toMatchObject({
      status: { kind: 'none' },
      open: { enabled: true },
      wantsPresign: true,
    });
    expect(homeView(s).message).toBeUndefined();
  });

  it('a launch holds the button until it ends, fails, or the page shows again', () => {
    const launching = run([{ type: 'launch/started' }], ready());
    expect(homeView(launching).open).toEqual({ enabled: false, busy: true });
    expect(homeView(run([{ type: 'launch/ended' }], launching)).open?.enabled).toBe(true);
    expect(homeView(run([{ type: 'page/shown' }], launching)).open?.enabled).toBe(true);
    const failed = run([{ type: 'launch/failed', error: new ApiError('LAUNCH_FAILED', 0, 'x') }], launching);
    expect(homeView(failed).message).toMatchObject({ tone: 'error', action: { run: 'retryLaunch' } });
    // A late "ended" does not erase the failure the platform reported.
    expect(homeView(run([{ type: 'launch/ended' }], failed)).message?.action?.run).toBe('retryLaunch');
  });

  it('while the outcome of a return is unknown, nothing else can start and only that is said', () => {
    for (const ret of [
      { kind: 'confirming', code: CODE },
      { kind: 'pending', code: CODE },
      { kind: 'error', code: CODE, error: new ApiError('NOT_FOUND', 404, 'x') },
    ] as ReturnState[]) {
      const view = homeView(withReturn(ready(), ret));
      expect(view.open?.enabled, ret.kind).toBe(false);
      expect(view.wantsPresign, ret.kind).toBe(false);
    }
    const confirming = withReturn(run([{ type: 'launch/started' }], ready()), {
      kind: 'confirming',
      code: CODE,
    });
    expect(homeView(confirming).message).toEqual({
      tone: 'info',
      text: '正在确认开通结果…',
      desc: '正在向微信支付查询，请稍候',
      progress: true,
      dismissible: false,
    });
  });

  it('a signed status settles a confirmation still running: 开通成功, never 确认中 beside 已开通', () => {
    const pending = withReturn(ready(), { kind: 'pending', code: CODE });
    const s = answered(run([{ type: 'status/started' }], pending), 'status', signedContract);
    const view = homeView(s);
    expect(view.status).toMatchObject({ kind: 'signed', terminate: { enabled: true } });
    expect(view.message).toMatchObject({ tone: 'success', text: '开通成功' });
    expect(view.open).toBeUndefined();
  });

  it('a contract terminated after its signing leaves no 开通成功 above 已解约', () => {
    const signed = withReturn(ready(), { kind: 'signed', code: CODE, contract: signedContract });
    expect(homeView(signed).message?.text).toBe('开通成功');
    const terminated = contract(CODE, 'TERMINATED', { terminated_at: '2026-11-28T03:00:00Z' });
    const inApp = run(
      [{ type: 'terminate/started' }, { type: 'terminate/done', contract: terminated }],
      signed,
    );
    const inWechat = answered(run([{ type: 'status/started' }], signed), 'status', terminated);
    for (const s of [inApp, inWechat]) {
      expect(homeView(s).status.kind).toBe('terminated');
      expect(homeView(s).message).toBeUndefined();
      expect(homeView(s).open).toBeDefined();
    }
  });

  it('a confirmed return is the status: a status answer still on its way is dropped', () => {
    const loading = run([{ type: 'status/started' }], ready());
    const rev = loading.contract.status.rev;
    const signed = withReturn(loading, { kind: 'signed', code: CODE, contract: signedContract });
    const late = homeReducer(signed, { type: 'status/answered', rev, contract: null });
    expect(homeView(late).status.kind).toBe('signed');
  });

  it('one message at a time: session, failed tap, unknown outcome, load failures, then the settled outcome', () => {
    const failing = run(
      [
        { type: 'status/started' },
        { type: 'status/failed', rev: ready().contract.status.rev + 1, error: unavailable },
      ],
      ready(),
    );
    expect(homeView(failing).message).toMatchObject({ action: { run: 'reloadStatus' } });
    const pending = withReturn(failing, { kind: 'pending', code: CODE });
    expect(homeView(pending).message).toMatchObject({ text: '确认中' });
    const tapFailed = run(
      [{ type: 'terminate/failed', error: new ApiError('UPSTREAM_REJECTED', 502, 'x') }],
      pending,
    );
    expect(homeView(tapFailed).message).toMatchObject({ text: '微信支付拒绝了本次请求，请稍后再试' });
    const noSession = run([{ type: 'session/failed', error: unavailable }], tapFailed);
    expect(homeView(noSession).message).toMatchObject({ action: { run: 'retrySession' } });
    const settled = withReturn(ready(), { kind: 'not_completed', code: CODE });
    const presignFailed = run(
      [
        { type: 'presign/started' },
        { type: 'presign/failed', rev: ready().contract.presign.rev + 1, error: unavailable },
      ],
      settled,
    );
    expect(homeView(presignFailed).message).toMatchObject({ action: { run: 'retryPresign' } });
    expect(homeView(settled).message).toMatchObject({
      text: '未完成开通',
      dismissible: true,
    });
  });

  it('a retry keeps its failure on screen with a busy action until the answer', () => {
    const failed = run([{ type: 'session/failed', error: unavailable }]);
    const retrying = run([{ type: 'session/started' }], failed);
    expect(homeView(retrying).message).toMatchObject({
      tone: 'error',
      action: { label: '重试', busy: true },
    });
    expect(homeView(run([{ type: 'session/ready' }], retrying)).message).toBeUndefined();

    const pending = withReturn(ready(), { kind: 'pending', code: CODE });
    const refreshing = withReturn(pending, { kind: 'pending', code: CODE, refreshing: true });
    expect(homeView(refreshing).message?.action).toEqual({ label: '刷新', run: 'refreshReturn', busy: true });
  });

  it('an answer to an older pre-sign request is dropped', () => {
    const s = run([{ type: 'presign/started' }], ready());
    const old = s.contract.presign.rev;
    const again = run([{ type: 'presign/started' }], s);
    const stale = homeReducer(again, { type: 'presign/failed', rev: old, error: unavailable });
    expect(stale).toBe(again);
  });
});
