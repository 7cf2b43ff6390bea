import { beforeEach, describe, expect, it } from 'vitest';
import { clock } from '../src/lib/clock';
import { BACKOFF_MS } from '../src/return/confirm';
import { PENDING_KEY } from '../src/return/pending';
import { handleAppShow } from '../src/return/return-handler';
import { returnStore } from '../src/return/return-store';
import { bff, contract, errorReply, HOUR, session } from './support/fake-bff';
import { back, CODE, NOW, pendingAttempt, SIGN_APP, SUCCESS, statusPath } from './support/signing-return';
import { memoryStorage } from './support/taro.mock';

const sleeps: number[] = [];

describe('return handling (app level)', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    sleeps.length = 0;
    clock.sleep = async (ms) => {
      sleeps.push(ms);
    };
    bff.on('POST /v1/session', session('tok-1', NOW));
  });

  it('SUCCESS: polls with back-off until SIGNED and consumes the pending marker', async () => {
    pendingAttempt();
    bff.sequence(statusPath, [
      { status: 200, body: contract(CODE, 'PRESIGNED') },
      { status: 200, body: contract(CODE, 'PRESIGNED') },
      { status: 200, body: contract(CODE, 'SIGNED', { contract_id: 'C1' }) },
    ]);

    await handleAppShow(back(SUCCESS));

    expect(returnStore.get()).toMatchObject({ kind: 'signed', contract: { state: 'SIGNED' } });
    expect(bff.callsTo(statusPath)).toHaveLength(3);
    expect(sleeps).toEqual(BACKOFF_MS.SUCCESS.slice(1, 3));
    expect(memoryStorage.has(PENDING_KEY)).toBe(false);
  });

  it('SUCCESS but still PRESIGNED after ~10 s: 确认中, and a manual refresh finds it SIGNED', async () => {
    pendingAttempt();
    bff.on(statusPath, { status: 200, body: contract(CODE, 'PRESIGNED') });

    await handleAppShow(back(SUCCESS));

    expect(returnStore.get()).toEqual({ kind: 'pending', code: CODE });
    expect(bff.callsTo(statusPath)).toHaveLength(BACKOFF_MS.SUCCESS.length);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(9_000);
  });

  it('FAIL: a short check, then 未完成 (extraData is only a hint)', async () => {
    pendingAttempt();
    bff.on(statusPath, { status: 200, body: contract(CODE, 'PRESIGNED') });

    await handleAppShow(back({ return_code: 'FAIL', return_msg: 'user cancel' }));

    expect(returnStore.get()).toEqual({ kind: 'not_completed', code: CODE });
    expect(bff.callsTo(statusPath)).toHaveLength(BACKOFF_MS.FAIL.length);
  });

  it('FAIL hint but the BFF says SIGNED: the BFF wins', async () => {
    pendingAttempt();
    bff.on(statusPath, { status: 200, body: contract(CODE, 'SIGNED') });

    await handleAppShow(back({ return_code: 'FAIL' }));

    expect(returnStore.get().kind).toBe('signed');
  });

  it('back without extraData: confirms briefly and ends 未完成 while still PRESIGNED', async () => {
    pendingAttempt();
    bff.on(statusPath, { status: 200, body: contract(CODE, 'PRESIGNED') });

    await handleAppShow(back());

    expect(returnStore.get()).toEqual({ kind: 'not_completed', code: CODE });
    expect(bff.callsTo(statusPath)).toHaveLength(BACKOFF_MS.NONE.length);
  });

  it('extraData delivered as a JSON string (DevTools compile conditions) is read the same way', async () => {
    pendingAttempt();
    bff.on(statusPath, { status: 200, body: contract(CODE, 'PRESIGNED') });

    await handleAppShow(back(JSON.stringify(SUCCESS)));

    expect(returnStore.get().kind).toBe('pending');
    expect(bff.callsTo(statusPath)).toHaveLength(BACKOFF_MS.SUCCESS.length);
  });

  it.each([
    ['undefined options', undefined],
    ['undefined referrerInfo', { scene: 1038 }],
    ['a foreign appId', { scene: 1038, referrerInfo: { appId: 'wx_someone_else', extraData: SUCCESS } }],
    ['another scene', { scene: 1001, referrerInfo: { appId: SIGN_APP, extraData: SUCCESS } }],
  ])('%s: no change, and the attempt stays pending', async (_name, options) => {
    pendingAttempt();

    expect(handleAppShow(options)).toBeUndefined();

    expect(returnStore.get()).toEqual({ kind: 'idle' });
    expect(memoryStorage.has(PENDING_KEY)).toBe(true);
    expect(bff.calls).toHaveLength(0);
  });

  it('no pending attempt: a matching return changes nothing', async () => {
    expect(handleAppShow(back(SUCCESS))).toBeUndefined();
    expect(returnStore.get()).toEqual({ kind: 'idle' });
    expect(bff.calls).toHaveLength(0);
  });

  it('a pending attempt whose pre-sign expired is dropped, not confirmed', async () => {
    pendingAttempt();
    clock.now = () => NOW + 3 * HOUR;
    expect(handleAppShow(back(SUCCESS))).toBeUndefined();
    expect(memoryStorage.has(PENDING_KEY)).toBe(false);
  });

  it('a stale second onShow (Android keeps referrerInfo) triggers no second confirmation', async () => {
    pendingAttempt();
    bff.on(statusPath, { status: 200, body: contract(CODE, 'SIGNED') });

    await handleAppShow(back(SUCCESS));
    expect(handleAppShow(back(SUCCESS))).toBeUndefined();

    expect(bff.callsTo(statusPath)).toHaveLength(1);
    expect(returnStore.get().kind).toBe('signed');
  });

  it('keeps polling through network / 5xx errors and ends 确认中; a 404 stops with its copy', async () => {
    pendingAttempt();
    bff.sequence(statusPath, [errorReply(503, 'UPSTREAM_UNAVAILABLE'), errorReply(500, 'INTERNAL_ERROR')]);
    await handleAppShow(back());
    expect(returnStore.get()).toEqual({ kind: 'pending', code: CODE });
    expect(bff.callsTo(statusPath)).toHaveLength(BACKOFF_MS.NONE.length);

    pendingAttempt();
    bff.on(statusPath, errorReply(404, 'NOT_FOUND'));
    await handleAppShow(back(SUCCESS));
    expect(returnStore.get()).toMatchObject({ kind: 'error', error: { code: 'NOT_FOUND' } });
  });
});
