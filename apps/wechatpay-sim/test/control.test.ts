import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, TERMINATION_MODES } from '../src/index.js';
import { contractPath, presign, presignBody } from './support/bodies.js';
import { control, useTestSim } from './support/sim.js';

type Log = { deliveries: Array<{ event_type: string }> };

/** Acting as the user through /sim/*, and WeChat-side time. */
describe('control API', () => {
  // Real-time scale: expiry happens only when the test moves the clock.
  const ctx = useTestSim({ timeScale: 1 });

  const newSession = async (overrides: Record<string, unknown> = {}) =>
    presign(ctx.client, presignBody(ctx.sim, { notify_url: 'http://127.0.0.1:9/unreachable', ...overrides }));
  const act = (id: string, action: 'confirm' | 'cancel') =>
    control<Record<string, string>>(
      ctx.sim,
      'POST',
      `/sim/pre-entrustweb/${encodeURIComponent(id)}/${action}`,
    );
  const deliveries = async (code: string) =>
    (await control<Log>(ctx.sim, 'GET', `/sim/notifications?out_contract_code=${code}`)).body.deliveries;

  it('confirm signs the contract with a contract_id and emits a SIGN notification', async () => {
    const pre = await newSession();
    const session = await control(ctx.sim, 'GET', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}`);
    expect(session.body).toMatchObject({ status: 'PENDING', out_contract_code: pre.out_contract_code });
    const confirmed = await act(pre.pre_entrustweb_id, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      contract_state: 'SIGNED',
      out_contract_code: pre.out_contract_code,
    });
    expect(confirmed.body.contract_id).toMatch(/^\d{26}$/);
    expect((await deliveries(pre.out_contract_code)).map((d) => d.event_type)).toEqual([EVENT_TYPES.sign]);
    expect((await act(pre.pre_entrustweb_id, 'confirm')).body.code).toBe('SESSION_CONFIRMED');
  });

  it('cancel abandons the attempt: nothing is signed and no notification is sent', async () => {
    const pre = await newSession();
    const cancelled = await act(pre.pre_entrustweb_id, 'cancel');
    expect(cancelled.body).toEqual({
      pre_entrustweb_id: pre.pre_entrustweb_id,
      status: 'PENDING',
      abandoned: 1,
    });
    expect(await deliveries(pre.out_contract_code)).toEqual([]);
    expect((await ctx.client.call('GET', contractPath(pre.service_id, pre.out_contract_code))).status).toBe(
      404,
    );
  });

  it('regression: a cancelled pre-sign could never be signed again although the BFF reuses it for 2 h', async () => {
    const pre = await newSession();
    await act(pre.pre_entrustweb_id, 'cancel');
    const confirmAfter = await act(pre.pre_entrustweb_id, 'confirm');
    expect(confirmAfter.status).toBe(200);
    expect((await ctx.client.call('GET', contractPath(pre.service_id, pre.out_contract_code))).status).toBe(
      200,
    );
  });

  it('accepts an action POSTed with a JSON content type and no body; rejects broken JSON', async () => {
    const pre = await newSession();
    const url = `${ctx.sim.url}/sim/pre-entrustweb/${pre.pre_entrustweb_id}/cancel`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
    const broken = await fetch(`${ctx.sim.url}/sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"target":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('answers 404 for an unknown session', async () => {
    const response = await act('no-such-session', 'confirm');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NO_SESSION');
  });

  it('a user cannot sign the same service twice', async () => {
    const openid = `oTwice${Date.now()}`;
    const first = await newSession({ sub_openid: openid });
    const second = await newSession({ sub_openid: openid });
    expect((await act(first.pre_entrustweb_id, 'confirm')).status).toBe(200);
    const again = await act(second.pre_entrustweb_id, 'confirm');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('USER_ALREADY_SIGNED');
  });

  it('user-terminate ends a signed contract inside WeChat and notifies', async () => {
    const pre = await newSession();
    await act(pre.pre_entrustweb_id, 'confirm');
    const ended = await control(ctx.sim, 'POST', `/sim/contracts/${pre.out_contract_code}/user-terminate`);
    expect(ended.body).toMatchObject({
      contract_state: 'TERMINATED',
      contract_terminate_info: { contract_termination_mode: TERMINATION_MODES.user },
    });
    const query = await ctx.client.call('GET', contractPath(pre.service_id, pre.out_contract_code));
    expect(query.json).toMatchObject({ contract_state: 'TERMINATED' });
    expect((await deliveries(pre.out_contract_code)).map((d) => d.event_type)).toEqual([
      EVENT_TYPES.sign,
      EVENT_TYPES.terminate,
    ]);
    expect(
      (await control(ctx.sim, 'POST', `/sim/contracts/${pre.out_contract_code}/user-terminate`)).status,
    ).toBe(409);
    expect((await control(ctx.sim, 'POST', '/sim/contracts/NOPE/user-terminate')).status).toBe(404);
  });

  it('sessions expire after 2 h of WeChat time (moved with /sim/clock)', async () => {
    const pre = await newSession();
    const before = await control<{ advanced_seconds: number }>(ctx.sim, 'GET', '/sim/clock');
    await control(ctx.sim, 'POST', '/sim/clock', { advance_seconds: 7199 });
    expect(
      (await control(ctx.sim, 'GET', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}`)).body,
    ).toMatchObject({
      status: 'PENDING',
    });
    const moved = await control<{ advanced_seconds: number }>(ctx.sim, 'POST', '/sim/clock', {
      advance_seconds: 1,
    });
    expect(moved.body.advanced_seconds).toBe(before.body.advanced_seconds + 7200);
    const late = await act(pre.pre_entrustweb_id, 'confirm');
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('SESSION_EXPIRED');
  });

  it('sets the time scale and rejects nonsense clock requests', async () => {
    const set = await control<{ time_scale: number }>(ctx.sim, 'POST', '/sim/clock', { time_scale: 0.5 });
    expect(set.body.time_scale).toBe(0.5);
    expect((await control(ctx.sim, 'POST', '/sim/clock', { time_scale: 0 })).status).toBe(400);
    expect((await control(ctx.sim, 'POST', '/sim/clock', { advance_seconds: -5 })).status).toBe(400);
    await control(ctx.sim, 'POST', '/sim/clock', { time_scale: 1 });
  });

  it('lists contracts and exposes the public identity (no key, no secret)', async () => {
    const contracts = await control<{ contracts: unknown[] }>(ctx.sim, 'GET', '/sim/contracts');
    expect(contracts.body.contracts.length).toBeGreaterThan(0);
    const identity = await control<Record<string, unknown>>(ctx.sim, 'GET', '/sim/identity');
    expect(identity.body).toMatchObject({
      mchid: ctx.sim.identity.mchid,
      bff_env_file: ctx.sim.identity.bffEnvFile,
    });
    const text = JSON.stringify(identity.body);
    expect(text).not.toContain(ctx.sim.identity.apiV3Key);
    expect(text).not.toContain(ctx.sim.identity.subMerchants[0]!.sub_app_secret);
    expect(text).not.toContain(ctx.sim.identity.sessionSecret);
  });

  it('GET /healthz', async () => {
    expect((await control(ctx.sim, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
  });
});
