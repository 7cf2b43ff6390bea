import { describe, expect, it } from 'vitest';
import { contractPath, PRESIGN_PATH, presign, presignBody } from './support/bodies.js';
import type { RawResponse } from './support/independent-client.js';
import { control, useTestSim } from './support/sim.js';

/** Pre-sign, query and terminate bodies are validated like WeChat Pay: 400 PARAM_ERROR + detail. */
describe('request validation', () => {
  const ctx = useTestSim();

  const post = (overrides: Record<string, unknown>) =>
    ctx.client.call('POST', PRESIGN_PATH, presignBody(ctx.sim, overrides));

  const expectParamError = (response: RawResponse, field: string, issue: RegExp) => {
    expect(response.status).toBe(400);
    expect(response.json.code).toBe('PARAM_ERROR');
    expect(response.json.detail).toMatchObject({ field, location: 'body' });
    expect((response.json.detail as { issue: string }).issue).toMatch(issue);
    expect(ctx.client.verify(response)).toBe(true);
  };

  it('names a missing required field', async () => {
    expectParamError(await post({ notify_url: undefined }), 'notify_url', /required/);
  });

  it('rejects an out_contract_code outside ^[0-9A-Za-z]{1,32}$', async () => {
    const response = await post({ out_contract_code: 'ABC-123' });
    expectParamError(response, 'out_contract_code', /does not match/);
    expect((response.json.detail as { value: string }).value).toBe('ABC-123');
  });

  it('rejects a value longer than its maximum', async () => {
    expectParamError(
      await post({ contract_display_account: 'x'.repeat(33) }),
      'contract_display_account',
      /at most 32/,
    );
  });

  it('rejects a wrong type (service_id as a string)', async () => {
    const sub = ctx.sim.identity.subMerchants[0]!;
    expectParamError(await post({ service_id: String(sub.service_id) }), 'service_id', /type integer/);
  });

  it('rejects null (absent fields must be omitted)', async () => {
    expectParamError(await post({ sp_openid: null }), 'sp_openid', /type string/);
  });

  it('rejects a 4-byte UTF-8 character in contract_display_account', async () => {
    expectParamError(
      await post({ contract_display_account: '张三😀' }),
      'contract_display_account',
      /does not match/,
    );
  });

  it('rejects a field the API does not have', async () => {
    expectParamError(await post({ openid: 'o1' }), 'openid', /not a known field/);
  });

  it('requires one of sp_openid / sub_openid', async () => {
    const response = await post({ sub_openid: undefined });
    expectParamError(response, 'sp_openid', /one of sp_openid or sub_openid/);
  });

  it('accepts sp_openid alone and reports it as the openid', async () => {
    const body = presignBody(ctx.sim, { sub_openid: undefined, sp_openid: 'oSpOnly0001' });
    const pre = await presign(ctx.client, body);
    await control(ctx.sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
    const query = await ctx.client.call('GET', contractPath(pre.service_id, pre.out_contract_code));
    expect(query.json).toMatchObject({ openid: 'oSpOnly0001', contract_state: 'SIGNED' });
    expect(query.json.sub_openid).toBeUndefined();
  });

  it('rejects a body that is not a JSON object', async () => {
    const response = await ctx.client.call('POST', PRESIGN_PATH, '{"sp_appid":');
    expect(response.status).toBe(400);
    expect(response.json.code).toBe('PARAM_ERROR');
  });

  it('rejects a notify_url with a query string', async () => {
    expectParamError(await post({ notify_url: 'https://m.example.com/notify?sig=1' }), 'notify_url', /query/);
  });

  it('rejects a plain-http notify_url on a public host', async () => {
    expectParamError(await post({ notify_url: 'http://m.example.com/notify' }), 'notify_url', /https/);
  });

  it('accepts plain http for a loopback notify_url (a local BFF)', async () => {
    for (const url of ['http://127.0.0.1:3000/v1/notifications/wechatpay', 'http://localhost:3000/n']) {
      expect((await post({ notify_url: url })).status).toBe(200);
    }
  });

  it('rejects an sp_appid that is not the service provider’s', async () => {
    expectParamError(await post({ sp_appid: 'wx0000000000000000' }), 'sp_appid', /not bound/);
  });

  it('rejects a sub_appid or service_id that does not belong to the sub-merchant', async () => {
    const other = ctx.sim.identity.subMerchants[1]!;
    expectParamError(await post({ sub_appid: other.sub_appid }), 'sub_appid', /not bound/);
    expectParamError(await post({ service_id: other.service_id }), 'service_id', /not a service/);
  });

  it('answers 403 NO_AUTH for a sub-merchant the provider does not serve', async () => {
    const response = await post({ sub_mchid: '1999999999' });
    expect(response.status).toBe(403);
    expect(response.json.code).toBe('NO_AUTH');
  });

  it('lets a pending code be pre-signed again, but never a signed or terminated one', async () => {
    const body = presignBody(ctx.sim);
    const first = await presign(ctx.client, body);
    const again = await presign(ctx.client, body);
    expect(again.pre_entrustweb_id).not.toBe(first.pre_entrustweb_id);
    await control(ctx.sim, 'POST', `/sim/pre-entrustweb/${again.pre_entrustweb_id}/confirm`);
    const signed = await ctx.client.call('POST', PRESIGN_PATH, body);
    expect(signed.status).toBe(400);
    expect(signed.json.code).toBe('INVALID_REQUEST');
    await control(ctx.sim, 'POST', `/sim/contracts/${first.out_contract_code}/user-terminate`);
    expect((await ctx.client.call('POST', PRESIGN_PATH, body)).status).toBe(400);
  });

  describe('query and terminate', () => {
    it('rejects a malformed out_contract_code or service_id in the path', async () => {
      const badCode = await ctx.client.call('GET', contractPath(1, 'bad_code'));
      expect(badCode.status).toBe(400);
      expect(badCode.json.detail).toMatchObject({ field: 'out_contract_code', location: 'path' });
      const badService = await ctx.client.call('GET', contractPath('abc', 'A1'));
      expect(badService.status).toBe(400);
      expect(badService.json.detail).toMatchObject({ field: 'service_id', location: 'path' });
    });

    it('answers 404 before signing and for another service_id', async () => {
      const pre = await presign(ctx.client, presignBody(ctx.sim));
      expect((await ctx.client.call('GET', contractPath(pre.service_id, pre.out_contract_code))).status).toBe(
        404,
      );
      await control(ctx.sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
      expect((await ctx.client.call('GET', contractPath(pre.service_id, pre.out_contract_code))).status).toBe(
        200,
      );
      expect(
        (await ctx.client.call('GET', contractPath(pre.service_id + 1, pre.out_contract_code))).status,
      ).toBe(404);
    });

    it('requires a termination remark of at most 256 characters', async () => {
      const pre = await presign(ctx.client, presignBody(ctx.sim));
      await control(ctx.sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
      const path = `${contractPath(pre.service_id, pre.out_contract_code)}/terminate`;
      const missing = await ctx.client.call('POST', path, {});
      expect(missing.status).toBe(400);
      expect(missing.json.detail).toMatchObject({ field: 'contract_termination_remark' });
      const long = await ctx.client.call('POST', path, { contract_termination_remark: 'x'.repeat(257) });
      expect(long.status).toBe(400);
      expect((await ctx.client.call('POST', path, { contract_termination_remark: '不再使用' })).status).toBe(
        200,
      );
      const twice = await ctx.client.call('POST', path, { contract_termination_remark: '不再使用' });
      expect(twice.status).toBe(400);
      expect(twice.json.code).toBe('INVALID_REQUEST');
    });

    it('answers 404 when terminating a contract that was never signed', async () => {
      const pre = await presign(ctx.client, presignBody(ctx.sim));
      const path = `${contractPath(pre.service_id, pre.out_contract_code)}/terminate`;
      expect((await ctx.client.call('POST', path, { contract_termination_remark: 'x' })).status).toBe(404);
    });
  });
});
