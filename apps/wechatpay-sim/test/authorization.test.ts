import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PRESIGN_PATH, presignBody } from './support/bodies.js';
import type { RawResponse } from './support/independent-client.js';
import { useTestSim } from './support/sim.js';

/** Every request is checked the way WeChat Pay checks it; each rule fails on its own here. */
describe('request authorization', () => {
  const ctx = useTestSim();

  const expectSignError = (response: RawResponse) => {
    expect(response.status).toBe(401);
    expect(response.json.code).toBe('SIGN_ERROR');
    // Even refusals are signed and traceable.
    expect(response.headers['request-id']).toMatch(/^[0-9A-F]{32}$/);
    expect(ctx.client.verify(response)).toBe(true);
  };

  it('accepts a correctly signed request and signs its answer', async () => {
    const response = await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim));
    expect(response.status).toBe(200);
    expect(ctx.client.verify(response)).toBe(true);
    expect(response.headers['wechatpay-serial']).toBe(ctx.sim.identity.wechatpayPublicKeyId);
  });

  it('refuses a request without Accept with 400 INVALID_REQUEST', async () => {
    const response = await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { omit: ['accept'] });
    expect(response.status).toBe(400);
    expect(response.json.code).toBe('INVALID_REQUEST');
  });

  it('refuses a request without User-Agent with 400 INVALID_REQUEST', async () => {
    const response = await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), {
      omit: ['user-agent'],
    });
    expect(response.status).toBe(400);
    expect(response.json.code).toBe('INVALID_REQUEST');
  });

  it('refuses a request without Authorization', async () => {
    expectSignError(
      await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { omit: ['authorization'] }),
    );
  });

  it('refuses another authorization scheme', async () => {
    expectSignError(
      await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { scheme: 'WECHATPAY2-SHA256-RSA' }),
    );
  });

  it('refuses a mchid that is not the service provider', async () => {
    expectSignError(
      await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { mchid: '1900000109' }),
    );
  });

  it('refuses an unknown merchant serial number', async () => {
    expectSignError(
      await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { serial: 'ABCDEF0123456789' }),
    );
  });

  it('refuses a timestamp more than 300 s away, accepts one well inside', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectSignError(
      await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { timestamp: now - 400 }),
    );
    expectSignError(
      await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { timestamp: now + 400 }),
    );
    const inside = await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), {
      timestamp: now - 200,
    });
    expect(inside.status).toBe(200);
  });

  it('refuses a signature made with another key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expectSignError(await ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim), { privateKey }));
  });

  it('refuses a body that differs from the signed bytes by one space', async () => {
    const body = JSON.stringify(presignBody(ctx.sim));
    expectSignError(await ctx.client.call('POST', PRESIGN_PATH, body, { signedBody: `${body} ` }));
  });

  it('checks the signature over the path actually requested', async () => {
    const sub = ctx.sim.identity.subMerchants[0]!;
    const path = (code: string) =>
      `/v3/password-exempt-contract/contracts/service-id/${sub.service_id}/out-contract-code/${code}`;
    const honest = await ctx.client.call('GET', path('A1'));
    expect(honest.status).toBe(404); // authorized: reaches the business answer (not signed yet)
    expectSignError(await ctx.client.call('GET', path('A2'), undefined, { signedPath: path('A1') }));
  });
});
