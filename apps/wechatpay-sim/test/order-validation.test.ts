import { describe, expect, it } from 'vitest';
import type { RawResponse } from './support/independent-client.js';
import { JSAPI_PATH, orderBody } from './support/orders.js';
import { useTestSim } from './support/sim.js';

/** Order bodies are validated like pre-sign bodies: 400 PARAM_ERROR whose detail names the field. */
describe('partner JSAPI order validation', () => {
  const ctx = useTestSim();
  const post = (overrides: Record<string, unknown>) =>
    ctx.client.call('POST', JSAPI_PATH, orderBody(ctx.sim, overrides));

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

  it.each([
    ['too short', 'ABC12'],
    ['too long', 'A'.repeat(33)],
    ['a character outside [0-9A-Za-z_-|*]', 'ORDER#1234'],
  ])('refuses an out_trade_no %s', async (_, value) => {
    expectParamError(await post({ out_trade_no: value }), 'out_trade_no', /./);
  });

  it('accepts the whole out_trade_no alphabet', async () => {
    expect((await post({ out_trade_no: 'a_B-9|*z' })).status).toBe(200);
  });

  it.each([
    ['amount.total 0', { amount: { total: 0 } }, 'amount/total'],
    ['amount.total not an integer', { amount: { total: 12.5 } }, 'amount/total'],
    ['amount.total as a string', { amount: { total: '1200' } }, 'amount/total'],
    ['a currency other than CNY', { amount: { total: 1200, currency: 'USD' } }, 'amount/currency'],
    ['description over 127', { description: 'x'.repeat(128) }, 'description'],
    ['an emoji in description', { description: '咖啡😀' }, 'description'],
    ['attach over 128', { attach: 'x'.repeat(129) }, 'attach'],
    ['notify_url over 255', { notify_url: `https://m.example.com/${'x'.repeat(240)}` }, 'notify_url'],
    ['a notify_url with a query string', { notify_url: 'https://m.example.com/n?x=1' }, 'notify_url'],
    ['a plain-http public notify_url', { notify_url: 'http://m.example.com/n' }, 'notify_url'],
    ['time_expire not RFC 3339', { time_expire: 'tomorrow' }, 'time_expire'],
    ['time_expire in the past', { time_expire: '2020-01-01T00:00:00+08:00' }, 'time_expire'],
    ['a missing description', { description: undefined }, 'description'],
    ['an unknown field', { openid: 'o1' }, 'openid'],
    ['null for an absent field', { attach: null }, 'attach'],
    [
      'contract_info on the ordinary call',
      { contract_info: { password_free_contract_id: '1' } },
      'contract_info',
    ],
  ])('refuses %s', async (_, change, field) => {
    expectParamError(await post(change), field, /./);
  });

  it('requires a payer openid, and sub_appid with sub_openid', async () => {
    expect((await post({ payer: {} })).json.code).toBe('PARAM_ERROR');
    expectParamError(await post({ sub_appid: undefined }), 'sub_appid', /required with payer.sub_openid/);
  });

  it('checks the merchants: sp_mchid, sp_appid, sub_appid and an unknown sub_mchid', async () => {
    expectParamError(await post({ sp_mchid: '1900000000' }), 'sp_mchid', /mchid of Authorization/);
    expectParamError(await post({ sp_appid: 'wx0000000000000000' }), 'sp_appid', /not bound/);
    const other = ctx.sim.identity.subMerchants[1]!.sub_appid;
    expectParamError(await post({ sub_appid: other }), 'sub_appid', /not bound/);
    expectError(await post({ sub_mchid: '1999999999' }), 403, 'NO_AUTH');
  });
});
