import { afterEach, describe, expect, it } from 'vitest';
import { contractPath, PRESIGN_PATH, presign, presignBody } from './support/bodies.js';
import { control, useTestSim } from './support/sim.js';

/** POST /sim/faults: the next N calls of one API misbehave in a chosen way, then it recovers. */
describe('API faults', () => {
  const ctx = useTestSim();
  afterEach(() => control(ctx.sim, 'DELETE', '/sim/faults'));

  const fault = (body: Record<string, unknown>) => control(ctx.sim, 'POST', '/sim/faults', body);

  it('system_error: the next N calls answer 500 SYSTEM_ERROR, then the API works', async () => {
    await fault({ target: 'presign', kind: 'system_error', count: 2 });
    const body = presignBody(ctx.sim);
    for (let i = 0; i < 2; i += 1) {
      const failed = await ctx.client.call('POST', PRESIGN_PATH, body);
      expect(failed.status).toBe(500);
      expect(failed.json.code).toBe('SYSTEM_ERROR');
    }
    expect((await ctx.client.call('POST', PRESIGN_PATH, body)).status).toBe(200);
  });

  it('rate_limited: 429', async () => {
    await fault({ target: 'query', kind: 'rate_limited' });
    const response = await ctx.client.call('GET', contractPath(1, 'A1'));
    expect(response.status).toBe(429);
    expect(response.json.code).toBe('FREQUENCY_LIMITED');
    expect((await ctx.client.call('GET', contractPath(1, 'A1'))).status).toBe(404);
  });

  it('delay: the answer comes after delay_ms and is otherwise normal', async () => {
    await fault({ target: 'presign', kind: 'delay', delay_ms: 150 });
    const started = performance.now();
    const response = await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(ctx.client.verify(response)).toBe(true);
  });

  it('unsigned: a 200 without Wechatpay-* headers, which a client must refuse', async () => {
    await fault({ target: 'presign', kind: 'unsigned' });
    const response = await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim));
    expect(response.status).toBe(200);
    expect(response.headers['wechatpay-signature']).toBeUndefined();
    expect(ctx.client.verify(response)).toBe(false);
  });

  it('bad_signature: a 200 whose well-formed signature does not verify', async () => {
    const pre = await presign(ctx.client, presignBody(ctx.sim));
    await control(ctx.sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
    await fault({ target: 'query', kind: 'bad_signature' });
    const response = await ctx.client.call('GET', contractPath(pre.service_id, pre.out_contract_code));
    expect(response.status).toBe(200);
    expect(response.headers['wechatpay-signature']).toBeTruthy();
    expect(ctx.client.verify(response)).toBe(false);
  });

  it('drop: the connection is closed without an answer', async () => {
    const pre = await presign(ctx.client, presignBody(ctx.sim));
    await control(ctx.sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
    await fault({ target: 'terminate', kind: 'drop' });
    const path = `${contractPath(pre.service_id, pre.out_contract_code)}/terminate`;
    await expect(ctx.client.call('POST', path, { contract_termination_remark: 'x' })).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect((await ctx.client.call('POST', path, { contract_termination_remark: 'x' })).status).toBe(200);
  });

  it('faults queue per API and are listed until used up; DELETE clears them', async () => {
    await fault({ target: 'presign', kind: 'system_error' });
    await fault({ target: 'query', kind: 'rate_limited', count: 3 });
    const listed = await control<{ faults: Array<{ target: string; remaining: number }> }>(
      ctx.sim,
      'GET',
      '/sim/faults',
    );
    expect(listed.body.faults).toMatchObject([
      { target: 'presign', remaining: 1 },
      { target: 'query', remaining: 3 },
    ]);
    expect((await ctx.client.call('GET', contractPath(1, 'A1'))).status).toBe(429);
    const cleared = await control<{ faults: unknown[] }>(ctx.sim, 'DELETE', '/sim/faults');
    expect(cleared.body.faults).toEqual([]);
    expect((await ctx.client.call('GET', contractPath(1, 'A1'))).status).toBe(404);
  });

  it('refuses fault specs that make no sense', async () => {
    expect((await fault({ target: 'refund', kind: 'drop' })).status).toBe(400);
    expect((await fault({ target: 'presign', kind: 'duplicate' })).status).toBe(400);
    expect((await fault({ target: 'notifications', kind: 'drop' })).status).toBe(400);
    expect((await fault({ target: 'jscode2session', kind: 'unsigned' })).status).toBe(400);
    expect((await fault({ target: 'presign', kind: 'delay' })).status).toBe(400);
    expect((await fault({ target: 'presign', kind: 'drop', count: 0 })).status).toBe(400);
  });
});
