import { describe, expect, it } from 'vitest';
import type { RawResponse } from './support/independent-client.js';
import {
  closePath,
  createOrder,
  JSAPI_PATH,
  newOpenid,
  orderBody,
  queryPath,
  sheet,
  signedUser,
  WITH_CONTRACT_PATH,
  withContractBody,
} from './support/orders.js';
import { control, useTestSim } from './support/sim.js';

/** §8 orders: both create calls, query by out_trade_no, close — validated like pre-sign. */
describe('partner JSAPI orders', () => {
  const ctx = useTestSim();
  const expectError = (response: RawResponse, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.json.code).toBe(code);
    expect(ctx.client.verify(response)).toBe(true);
  };
  const expectParamError = (response: RawResponse, field: string, issue: RegExp) => {
    expectError(response, 400, 'PARAM_ERROR');
    expect(response.json.detail).toMatchObject({ field });
    expect((response.json.detail as { issue: string }).issue).toMatch(issue);
  };

  it('creates an ordinary order: a signed prepay_id, and the query says NOTPAY', async () => {
    const body = orderBody(ctx.sim, { attach: 'cart-7' });
    const created = await ctx.client.call('POST', JSAPI_PATH, body);
    expect(created.status).toBe(200);
    expect(ctx.client.verify(created)).toBe(true);
    expect(created.json.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{22}$/);
    const query = await ctx.client.call('GET', queryPath(ctx.sim, body.out_trade_no as string));
    expect(query.status).toBe(200);
    expect(ctx.client.verify(query)).toBe(true);
    expect(query.json).toMatchObject({
      sp_appid: ctx.sim.identity.spAppid,
      sp_mchid: ctx.sim.identity.mchid,
      sub_mchid: ctx.sim.identity.subMerchants[0]!.sub_mchid,
      out_trade_no: body.out_trade_no,
      trade_type: 'JSAPI',
      trade_state: 'NOTPAY',
      attach: 'cart-7',
      payer: { sub_openid: (body.payer as { sub_openid: string }).sub_openid },
      amount: { total: 1200, currency: 'CNY' },
    });
    expect(query.json.transaction_id).toBeUndefined();
  });

  it('the same out_trade_no with the same parameters (any key order) gives the same prepay_id', async () => {
    const body = orderBody(ctx.sim);
    const first = await createOrder(ctx.client, JSAPI_PATH, body);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(await createOrder(ctx.client, JSAPI_PATH, reordered)).toBe(first);
  });

  it('the same out_trade_no with other parameters is a duplicate order number', async () => {
    const body = orderBody(ctx.sim);
    await createOrder(ctx.client, JSAPI_PATH, body);
    const other = await ctx.client.call('POST', JSAPI_PATH, { ...body, amount: { total: 1201 } });
    expectError(other, 400, 'INVALID_REQUEST');
    expect(other.json.message).toContain('商户订单号重复');
  });

  it('a password-free order needs a SIGNED contract of the same user and sub-merchant', async () => {
    const user = await signedUser(ctx.client, ctx.sim);
    const ok = await ctx.client.call('POST', WITH_CONTRACT_PATH, withContractBody(ctx.sim, user));
    expect(ok.status).toBe(200);
    expect(ctx.client.verify(ok)).toBe(true);

    const stranger = withContractBody(ctx.sim, { ...user, subOpenid: newOpenid() });
    expectError(await ctx.client.call('POST', WITH_CONTRACT_PATH, stranger), 400, 'INVALID_REQUEST');
    const unknown = withContractBody(ctx.sim, { ...user, contractId: '20260101000000000000000000' });
    expectError(await ctx.client.call('POST', WITH_CONTRACT_PATH, unknown), 400, 'INVALID_REQUEST');
    const sub = ctx.sim.identity.subMerchants[1]!;
    const otherShop = withContractBody(ctx.sim, user, { sub_mchid: sub.sub_mchid, sub_appid: sub.sub_appid });
    expectError(await ctx.client.call('POST', WITH_CONTRACT_PATH, otherShop), 400, 'INVALID_REQUEST');
    const missing = orderBody(ctx.sim, { payer: { sub_openid: user.subOpenid } });
    expectParamError(await ctx.client.call('POST', WITH_CONTRACT_PATH, missing), 'contract_info', /required/);

    expect(
      (await control(ctx.sim, 'POST', `/sim/contracts/${user.outContractCode}/user-terminate`)).status,
    ).toBe(200);
    const terminated = await ctx.client.call('POST', WITH_CONTRACT_PATH, withContractBody(ctx.sim, user));
    expectError(terminated, 400, 'INVALID_REQUEST');
    expect(terminated.json.message).toContain('已解约');
  });

  it('query: sp_mchid and sub_mchid in the query string are checked, an unknown order is 404', async () => {
    const body = orderBody(ctx.sim);
    await createOrder(ctx.client, JSAPI_PATH, body);
    const code = body.out_trade_no as string;
    const path = `/v3/pay/partner/transactions/out-trade-no/${code}`;
    const noQuery = await ctx.client.call('GET', path);
    expectError(noQuery, 400, 'PARAM_ERROR');
    expect(noQuery.json.detail).toMatchObject({ location: 'query' });
    const sub = ctx.sim.identity.subMerchants[0]!.sub_mchid;
    expectError(
      await ctx.client.call('GET', `${path}?sp_mchid=1900000000&sub_mchid=${sub}`),
      400,
      'PARAM_ERROR',
    );
    // The order belongs to the first sub-merchant: under the second it does not exist.
    const second = ctx.sim.identity.subMerchants[1]!.sub_mchid;
    expectError(await ctx.client.call('GET', queryPath(ctx.sim, code, second)), 404, 'ORDER_NOT_EXIST');
    expectError(await ctx.client.call('GET', queryPath(ctx.sim, 'NOSUCHORDER1')), 404, 'ORDER_NOT_EXIST');
    // Signed over path + query: signing the path alone is a SIGN_ERROR.
    const unsignedQuery = await ctx.client.call('GET', queryPath(ctx.sim, code), undefined, {
      signedPath: path,
    });
    expectError(unsignedQuery, 401, 'SIGN_ERROR');
  });

  it('close: 204 with a signed empty body, CLOSED after, twice is fine, a paid order is refused', async () => {
    const sub = ctx.sim.identity.subMerchants[0]!.sub_mchid;
    const body = orderBody(ctx.sim);
    const prepayId = await createOrder(ctx.client, JSAPI_PATH, body);
    const code = body.out_trade_no as string;
    const closeBody = { sp_mchid: ctx.sim.identity.mchid, sub_mchid: sub };
    const closed = await ctx.client.call('POST', closePath(code), closeBody);
    expect(closed.status).toBe(204);
    expect(closed.text).toBe('');
    expect(ctx.client.verify(closed)).toBe(true);
    expect((await ctx.client.call('POST', closePath(code), closeBody)).status).toBe(204);
    const query = await ctx.client.call('GET', queryPath(ctx.sim, code));
    expect(query.json.trade_state).toBe('CLOSED');
    expectError(await ctx.client.call('POST', JSAPI_PATH, body), 400, 'ORDER_CLOSED');
    expect((await sheet(ctx.sim, prepayId, 'pay', { password: '123456' })).body.code).toBe('ORDER_CLOSED');

    const paid = orderBody(ctx.sim);
    const paidPrepay = await createOrder(ctx.client, JSAPI_PATH, paid);
    expect((await sheet(ctx.sim, paidPrepay, 'pay', { password: '123456' })).status).toBe(200);
    expectError(
      await ctx.client.call('POST', closePath(paid.out_trade_no as string), closeBody),
      400,
      'ORDERPAID',
    );
    expectError(await ctx.client.call('POST', JSAPI_PATH, paid), 400, 'ORDERPAID');
    expectParamError(
      await ctx.client.call('POST', closePath(code), { sp_mchid: ctx.sim.identity.mchid }),
      'sub_mchid',
      /required/,
    );
  });

  it('faults: 500 on order creation, then the same request works', async () => {
    await control(ctx.sim, 'POST', '/sim/faults', { target: 'order', kind: 'system_error', count: 2 });
    const body = orderBody(ctx.sim);
    expectError(await ctx.client.call('POST', JSAPI_PATH, body), 500, 'SYSTEM_ERROR');
    const user = await signedUser(ctx.client, ctx.sim);
    const withContract = withContractBody(ctx.sim, user);
    expectError(await ctx.client.call('POST', WITH_CONTRACT_PATH, withContract), 500, 'SYSTEM_ERROR');
    expect((await ctx.client.call('POST', JSAPI_PATH, body)).status).toBe(200);
    await control(ctx.sim, 'POST', '/sim/faults', { target: 'query_order', kind: 'unsigned' });
    const unsigned = await ctx.client.call('GET', queryPath(ctx.sim, body.out_trade_no as string));
    expect(unsigned.status).toBe(200);
    expect(ctx.client.verify(unsigned)).toBe(false);
    await control(ctx.sim, 'POST', '/sim/faults', { target: 'close_order', kind: 'rate_limited' });
    const closeBody = {
      sp_mchid: ctx.sim.identity.mchid,
      sub_mchid: ctx.sim.identity.subMerchants[0]!.sub_mchid,
    };
    expectError(
      await ctx.client.call('POST', closePath(body.out_trade_no as string), closeBody),
      429,
      'FREQUENCY_LIMITED',
    );
  });

  it('a prepay_id expires after 2 h: the same request then gets a fresh one; time_expire closes it', async () => {
    const body = orderBody(ctx.sim, {
      time_expire: new Date(Date.now() + 3 * 3600_000).toISOString(),
    });
    const first = await createOrder(ctx.client, JSAPI_PATH, body);
    await control(ctx.sim, 'POST', '/sim/clock', { advance_seconds: 7200 });
    expect((await sheet(ctx.sim, first, 'pay', { password: '123456' })).body.code).toBe('PREPAY_EXPIRED');
    const second = await createOrder(ctx.client, JSAPI_PATH, body);
    expect(second).not.toBe(first);
    await control(ctx.sim, 'POST', '/sim/clock', { advance_seconds: 3600 });
    const query = await ctx.client.call('GET', queryPath(ctx.sim, body.out_trade_no as string));
    expect(query.json.trade_state).toBe('CLOSED');
  });
});
