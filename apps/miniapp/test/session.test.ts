// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clock } from '../src/lib/clock';
import { ApiError } from '../src/services/api-error';
import { contractsService } from '../src/services/contracts.service';
import { SESSION_KEY } from '../src/services/session.service';
import { bff, contract, errorReply, HOUR, session } from './support/fake-bff';
import Taro, { memoryStorage } from './support/taro.mock';

const NOW = Date.parse('2026-11-28T02:00:00Z');

describe('session', () => {
  beforeEach(() => {
    clock.now = () => NOW;
  });

  it('logs in with Taro.login and the own appid, keeps the token and sends it as Bearer', async () => {
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('GET /v1/contracts/occ1', { status: 200, body: contract('occ1', 'PRESIGNED') });

    const view = await contractsService.get('occ1');

    expect(view.state).toBe('PRESIGNED');
    expect(Taro.login).toHaveBeenCalledTimes(1);
    expect(bff.callsTo('POST /v1/session')[0]?.body).toEqual({ code: 'code-1', appid: 'wx_sub_app' });
    expect(bff.callsTo('GET /v1/contracts/occ1')[0]?.authorization).toBe('Bearer tok-1');
    expect(memoryStorage.get(SESSION_KEY)).toMatchObject({ token: 'tok-1' });
  });

  it('reuses the stored token without logging in again', async () => {
    memoryStorage.set(SESSION_KEY, { token: 'stored', expires_at: new Date(NOW + HOUR).toISOString() });
    bff.on('GET /v1/contracts/occ1', { status: 200, body: contract('occ1', 'SIGNED') });

    await contractsService.get('occ1');

    expect(Taro.login).not.toHaveBeenCalled();
    expect(bff.calls.map((c) => c.authorization)).toEqual(['Bearer stored']);
  });

  it('renews a token that is about to expire before using it', async () => {
    memoryStorage.set(SESSION_KEY, { token: 'old', expires_at: new Date(NOW + 30_000).toISOString() });
    bff.on('POST /v1/session', session('tok-new', NOW));
    bff.on('GET /v1/contracts/occ1', { status: 200, body: contract('occ1', 'SIGNED') });

    await contractsService.get('occ1');

    expect(bff.callsTo('GET /v1/contracts/occ1')[0]?.authorization).toBe('Bearer tok-new');
  });

  it('re-logs in silently once on 401 and retries the request', async () => {
    memoryStorage.set(SESSION_KEY, { token: 'revoked', expires_at: new Date(NOW + HOUR).toISOString() });
    bff.on('POST /v1/session', session('tok-2', NOW));
    bff.on('GET /v1/contracts/occ1', (call) =>
      call.authorization === 'Bearer tok-2'
        ? { status: 200, body: contract('occ1', 'SIGNED') }
        : errorReply(401, 'UNAUTHENTICATED'),
    );

    const view = await contractsService.get('occ1');

    expect(view.state).toBe('SIGNED');
    expect(Taro.login).toHaveBeenCalledTimes(1);
    expect(bff.calls.map((c) => `${c.method} ${c.path} ${c.authorization ?? ''}`)).toEqual([
      'GET /v1/contracts/occ1 Bearer revoked',
      'POST /v1/session ',
      'GET /v1/contracts/occ1 Bearer tok-2',
    ]);
    expect(memoryStorage.get(SESSION_KEY)).toMatchObject({ token: 'tok-2' });
  });

  it('gives up with a clear UNAUTHENTICATED after the one re-login also gets 401', async () => {
    bff.on('POST /v1/session', session('tok-x', NOW));
    bff.on('GET /v1/contracts/occ1', errorReply(401, 'UNAUTHENTICATED'));

    const err = await contractsService.get('occ1').catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNAUTHENTICATED');
    expect(Taro.login).toHaveBeenCalledTimes(2);
    expect(bff.callsTo('GET /v1/contracts/occ1')).toHaveLength(2);
    expect(memoryStorage.has(SESSION_KEY)).toBe(false);
  });

  it('shares one login between concurrent requests', async () => {
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('GET /v1/contracts/current', errorReply(404, 'NO_CONTRACT'));
    bff.on('GET /v1/contracts/occ1', { status: 200, body: contract('occ1', 'PRESIGNED') });

    const [current, view] = await Promise.all([contractsService.current(), contractsService.get('occ1')]);

    expect(current).toBeNull();
    expect(view.out_contract_code).toBe('occ1');
    expect(bff.callsTo('POST /v1/session')).toHaveLength(1);
  });

  it('turns a failed Taro.login into LOGIN_FAILED and a dead network into NETWORK_ERROR', async () => {
    vi.mocked(Taro.login).mockRejectedValueOnce({ errMsg: 'login:fail' });
    const loginErr = await contractsService.get('occ1').catch((e: unknown) => e);
    expect((loginErr as ApiError).code).toBe('LOGIN_FAILED');

    memoryStorage.set(SESSION_KEY, { token: 't', expires_at: new Date(NOW + HOUR).toISOString() });
    const { env } = await import('../src/env');
    const saved = env.bffUrl;
    env.bffUrl = 'http://127.0.0.1:1';
    try {
      const netErr = await contractsService.get('occ1').catch((e: unknown) => e);
      expect((netErr as ApiError).code).toBe('NETWORK_ERROR');
      expect((netErr as ApiError).status).toBe(0);
    } finally {
      env.bffUrl = saved;
    }
  });
});
