import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../src/index.js';
import { presignBody } from './support/bodies.js';
import type { RawResponse } from './support/independent-client.js';
import {
  createOrder,
  JSAPI_PATH,
  newOpenid,
  orderBody,
  PAY_REDIRECT_PATH,
  sheet,
  signedUser,
  WITH_CONTRACT_PATH,
  withContractBody,
} from './support/orders.js';
import { control, useTestSim } from './support/sim.js';

/** 支付后预签约: the pre-sign rules plus an unpaid ordinary order of the same user, once per prepay. */
describe('pay-redirect pre-sign and the 免密 offer', () => {
  const ctx = useTestSim();

  /** An ordinary unpaid order and a matching pay-redirect body for its user. */
  async function ordinary(overrides: Record<string, unknown> = {}) {
    const subOpenid = newOpenid();
    const prepayId = await createOrder(
      ctx.client,
      JSAPI_PATH,
      orderBody(ctx.sim, { payer: { sub_openid: subOpenid } }),
    );
    const body: Record<string, unknown> = {
      ...presignBody(ctx.sim, { sub_openid: subOpenid }),
      prepay_id: prepayId,
      ...overrides,
    };
    return { subOpenid, prepayId, body };
  }
  const attach = (body: Record<string, unknown>) => ctx.client.call('POST', PAY_REDIRECT_PATH, body);
  const expectError = (response: RawResponse, status: number, code: string, field?: string) => {
    expect(response.status).toBe(status);
    expect(response.json.code).toBe(code);
    if (field) expect(response.json.detail).toMatchObject({ field });
    expect(ctx.client.verify(response)).toBe(true);
  };

  it('answers mchid, sub_mchid, service_id, out_contract_code — no session id, no jump', async () => {
    const { body } = await ordinary();
    const response = await attach(body);
    expect(response.status).toBe(200);
    expect(ctx.client.verify(response)).toBe(true);
    const sub = ctx.sim.identity.subMerchants[0]!;
    expect(response.json).toEqual({
      mchid: ctx.sim.identity.mchid,
      sub_mchid: sub.sub_mchid,
      service_id: sub.service_id,
      out_contract_code: body.out_contract_code,
    });
  });

  it('validates the pre-sign fields like the mini-program pre-sign', async () => {
    const { body } = await ordinary();
    const sub = ctx.sim.identity.subMerchants[0]!;
    expectError(
      await attach({ ...body, out_contract_code: 'ABC-1' }),
      400,
      'PARAM_ERROR',
      'out_contract_code',
    );
    expectError(
      await attach({ ...body, contract_display_account: '😀' }),
      400,
      'PARAM_ERROR',
      'contract_display_account',
    );
    expectError(await attach({ ...body, service_id: sub.service_id + 1 }), 400, 'PARAM_ERROR', 'service_id');
    expectError(await attach({ ...body, sp_appid: 'wx0000000000000000' }), 400, 'PARAM_ERROR', 'sp_appid');
    expectError(
      await attach({ ...body, notify_url: 'https://m.example.com/n?a=1' }),
      400,
      'PARAM_ERROR',
      'notify_url',
    );
    expectError(await attach({ ...body, prepay_id: undefined }), 400, 'PARAM_ERROR', 'prepay_id');
    expectError(await attach({ ...body, prepay_id: 'x'.repeat(65) }), 400, 'PARAM_ERROR', 'prepay_id');
    expectError(await attach({ ...body, sub_mchid: '1999999999' }), 403, 'NO_AUTH');
    const { sub_openid: _, ...noOpenid } = body;
    expectError(await attach(noOpenid), 400, 'PARAM_ERROR');
  });

  it('prepay_id must be an unpaid ordinary order of the same user and sub-merchant, once', async () => {
    const unknown = await ordinary({ prepay_id: 'wx20260101000000aaaaaaaaaaaaaaaaaaaaaa' });
    expectError(await attach(unknown.body), 400, 'PARAM_ERROR', 'prepay_id');

    const stranger = await ordinary();
    expectError(await attach({ ...stranger.body, sub_openid: newOpenid() }), 400, 'INVALID_REQUEST');

    const user = await signedUser(ctx.client, ctx.sim);
    const free = await createOrder(ctx.client, WITH_CONTRACT_PATH, withContractBody(ctx.sim, user));
    const freeBody = { ...presignBody(ctx.sim, { sub_openid: user.subOpenid }), prepay_id: free };
    expectError(await attach(freeBody), 400, 'INVALID_REQUEST');

    const paid = await ordinary();
    await sheet(ctx.sim, paid.prepayId, 'pay', { password: '123456' });
    expectError(await attach(paid.body), 400, 'INVALID_REQUEST');

    const once = await ordinary();
    expect((await attach(once.body)).status).toBe(200);
    const again = await attach({ ...once.body, out_contract_code: `R${Date.now()}` });
    expectError(again, 400, 'INVALID_REQUEST');
    expect(again.json.message).toContain('已发起过');
  });

  it('a signed out_contract_code cannot be used again', async () => {
    const user = await signedUser(ctx.client, ctx.sim);
    const { body } = await ordinary({ out_contract_code: user.outContractCode });
    expectError(await attach(body), 400, 'INVALID_REQUEST');
  });

  it('after the ordinary payment the offer is open; accepting signs with one SIGN notification', async () => {
    const { body, prepayId, subOpenid } = await ordinary();
    expect((await attach(body)).status).toBe(200);
    expect((await sheet(ctx.sim, prepayId)).body.sign_offer).toMatchObject({ status: 'ATTACHED' });
    expect((await sheet(ctx.sim, prepayId, 'sign-offer/accept')).body.code).toBe('NO_OFFER');
    const paid = await sheet(ctx.sim, prepayId, 'pay', { password: '123456' });
    expect(paid.body.sign_offer).toEqual({ out_contract_code: body.out_contract_code, status: 'OFFERED' });
    const accepted = await sheet(ctx.sim, prepayId, 'sign-offer/accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.sign_offer!.status).toBe('ACCEPTED');
    expect(accepted.body.contract).toMatchObject({
      out_contract_code: body.out_contract_code,
      contract_state: 'SIGNED',
      sub_openid: subOpenid,
    });
    const log = await control<{ deliveries: Array<{ event_type: string; notify_url: string }> }>(
      ctx.sim,
      'GET',
      `/sim/notifications?out_contract_code=${body.out_contract_code}`,
    );
    expect(log.body.deliveries.map((d) => d.event_type)).toEqual([EVENT_TYPES.sign]);
    expect(log.body.deliveries[0]!.notify_url).toBe(body.notify_url);
    // The new contract pays without a password.
    const contractId = accepted.body.contract!.contract_id as string;
    const next = withContractBody(ctx.sim, { subOpenid, contractId });
    expect((await ctx.client.call('POST', WITH_CONTRACT_PATH, next)).status).toBe(200);
  });

  it('declining leaves no contract; a user who signed meanwhile is not offered again', async () => {
    const declined = await ordinary();
    await attach(declined.body);
    await sheet(ctx.sim, declined.prepayId, 'pay', { password: '123456' });
    expect((await sheet(ctx.sim, declined.prepayId, 'sign-offer/decline')).body.sign_offer!.status).toBe(
      'DECLINED',
    );
    const contracts = await control<{ contracts: Array<{ out_contract_code: string }> }>(
      ctx.sim,
      'GET',
      '/sim/contracts',
    );
    expect(contracts.body.contracts.map((c) => c.out_contract_code)).not.toContain(
      declined.body.out_contract_code,
    );

    const both = await ordinary();
    await attach(both.body);
    // The same user signs through the mini program first: the sheet then has nothing to offer.
    await signedUser(ctx.client, ctx.sim, { sub_openid: both.subOpenid });
    const paid = await sheet(ctx.sim, both.prepayId, 'pay', { password: '123456' });
    expect(paid.body.sign_offer!.status).toBe('ATTACHED');
  });

  it('fault: pay_redirect_sign fails with 500 and the order stays payable', async () => {
    const { body, prepayId } = await ordinary();
    await control(ctx.sim, 'POST', '/sim/faults', { target: 'pay_redirect_sign', kind: 'system_error' });
    expectError(await attach(body), 500, 'SYSTEM_ERROR');
    const paid = await sheet(ctx.sim, prepayId, 'pay', { password: '123456' });
    expect(paid.body.transaction.trade_state).toBe('SUCCESS');
    expect(paid.body.sign_offer).toBeUndefined();
  });
});
