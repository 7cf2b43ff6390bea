import { describe, expect, expectTypeOf, it } from 'vitest';
import { API_PATHS, apiPath, type PathParams, queryTransactionPath } from '../src/index.js';

describe('API_PATHS', () => {
  it('holds the documented templates (wechatpay-apiv3.md §1, §2, §7, §8)', () => {
    expect(
      Object.fromEntries(Object.entries(API_PATHS).map(([name, path]) => [name, path.template])),
    ).toEqual({
      presignMiniProgram:
        '/v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/mini-program',
      payRedirectSign:
        '/v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/pay-redirect-sign',
      queryContract:
        '/v3/password-exempt-contract/contracts/service-id/{service_id}/out-contract-code/{out_contract_code}',
      terminateContract:
        '/v3/password-exempt-contract/contracts/service-id/{service_id}/out-contract-code/{out_contract_code}/terminate',
      jsapiWithContract: '/v3/pay/partner/transactions/jsapi-with-contract',
      jsapi: '/v3/pay/partner/transactions/jsapi',
      queryTransaction: '/v3/pay/partner/transactions/out-trade-no/{out_trade_no}',
      closeTransaction: '/v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close',
      jscode2session: '/sns/jscode2session',
    });
  });

  it('gives the Fastify route of each template', () => {
    expect(API_PATHS.terminateContract.route).toBe(
      '/v3/password-exempt-contract/contracts/service-id/:service_id/out-contract-code/:out_contract_code/terminate',
    );
    expect(API_PATHS.presignMiniProgram.route).toBe(API_PATHS.presignMiniProgram.template);
  });

  it('builds paths with URL-encoded parameters', () => {
    expect(API_PATHS.queryContract.build({ service_id: 12535, out_contract_code: 'wxwtdk2020' })).toBe(
      '/v3/password-exempt-contract/contracts/service-id/12535/out-contract-code/wxwtdk2020',
    );
    expect(API_PATHS.queryContract.build({ service_id: '1/2', out_contract_code: 'a b?#' })).toBe(
      '/v3/password-exempt-contract/contracts/service-id/1%2F2/out-contract-code/a%20b%3F%23',
    );
    expect(API_PATHS.closeTransaction.build({ out_trade_no: 'T_1|2*3' })).toBe(
      '/v3/pay/partner/transactions/out-trade-no/T_1%7C2*3/close',
    );
  });

  it('builds the order query with its sp_mchid and sub_mchid query', () => {
    expect(queryTransactionPath({ outTradeNo: 'T-1', spMchid: '1230000109', subMchid: '1900000109' })).toBe(
      '/v3/pay/partner/transactions/out-trade-no/T-1?sp_mchid=1230000109&sub_mchid=1900000109',
    );
  });

  it('matches a built path back to its decoded parameters, ignoring the query', () => {
    const path = API_PATHS.terminateContract.build({ service_id: 7, out_contract_code: 'a b' });
    expect(API_PATHS.terminateContract.match(`${path}?x=1`)).toEqual({
      service_id: '7',
      out_contract_code: 'a b',
    });
    // The query path is a prefix of the terminate path: neither template matches the other.
    expect(API_PATHS.queryContract.match(path)).toBeUndefined();
    expect(API_PATHS.presignMiniProgram.match(API_PATHS.presignMiniProgram.template)).toEqual({});
    expect(API_PATHS.presignMiniProgram.match(`${API_PATHS.presignMiniProgram.template}/x`)).toBeUndefined();
    expect(
      API_PATHS.closeTransaction.match('/v3/pay/partner/transactions/out-trade-no/%E0/close'),
    ).toBeUndefined();
  });

  it('treats the rest of a template literally', () => {
    const odd = apiPath('/v3/a.b/{id}');
    expect(odd.match('/v3/a.b/1')).toEqual({ id: '1' });
    expect(odd.match('/v3/aXb/1')).toBeUndefined();
  });

  it('types the parameters of each template', () => {
    expectTypeOf<PathParams<typeof API_PATHS.queryContract.template>>().toEqualTypeOf<
      'service_id' | 'out_contract_code'
    >();
    expectTypeOf<PathParams<typeof API_PATHS.jsapi.template>>().toEqualTypeOf<never>();
  });
});
