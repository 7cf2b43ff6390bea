import type { PresignMiniProgramRequest } from '@kit/contract-types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  MalformedResponseError,
  presignMiniProgram,
  queryContract,
  ResponseVerifier,
  terminateContract,
  WechatPayApiError,
  WechatPayClient,
} from '../src/index.js';
import { verifyAuthorization } from '../src/testing/index.js';
import { merchant, now, platform } from './helpers/keys.js';
import { failure, signed, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: WechatPayClient;

const presign: PresignMiniProgramRequest = {
  sp_appid: 'wxd678efh567hg6787',
  sub_mchid: '1900000109',
  sub_appid: 'wxd678efh567hg6787',
  sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  service_id: 12535,
  out_contract_code: 'wxwtdk20200910100000',
  notify_url: 'https://yourapp.com/notify',
  contract_display_account: '微信代扣用户A',
};
const presignAnswer = {
  pre_entrustweb_id: '5778aadY9nltAsZzXixCkFIGYnV2V',
  mchid: merchant.mchid,
  sub_mchid: '1900000109',
  service_id: 12535,
  out_contract_code: 'wxwtdk20200910100000',
  sign_mp_appid: 'wxbd687630cd02ce1d',
  sign_mp_path: 'pages/index/index',
};
const contract = {
  mchid: merchant.mchid,
  contract_id: 'Wx15463511252015071056489715',
  appid: 'wxd678efh567hg6787',
  openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  service_id: 12535,
  out_contract_code: 'wxwtdk20200910100000',
  contract_state: 'SIGNED',
  contract_signed_time: '2026-11-28T10:00:00+08:00',
};

/** The simulator's side of the contract: every request must carry a valid merchant signature. */
function assertSigned(index = 0) {
  const hit = server.hits[index];
  return verifyAuthorization({
    header: hit?.headers.authorization,
    method: hit?.method ?? '',
    url: hit?.url ?? '',
    body: hit?.body,
    publicKey: merchant.publicKey,
    now,
  });
}

beforeAll(async () => {
  server = await startServer();
  client = new WechatPayClient({
    mchid: merchant.mchid,
    serialNo: merchant.serialNo,
    privateKey: merchant.privateKey,
    verifier: new ResponseVerifier({ keys: { [platform.serial]: platform.publicKey }, now }),
    baseUrl: server.url,
    now,
    sleep: async () => {},
  });
});
afterEach(() => {
  server.hits.length = 0;
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe('presignMiniProgram', () => {
  it('POSTs the request (undefined and null fields omitted) and returns the validated answer', async () => {
    server.handle(signed(200, presignAnswer));
    const input = { ...presign, sp_openid: undefined, extra: null } as unknown as PresignMiniProgramRequest;
    expect(await presignMiniProgram(client, input)).toEqual(presignAnswer);
    const hit = server.hits[0];
    expect(hit?.url).toBe(
      '/v3/password-exempt-contract/contracts/service-provider/pre-entrust-sign/mini-program',
    );
    expect(JSON.parse(hit?.body.toString() ?? '')).toEqual(presign);
    expect(hit?.body.toString()).not.toMatch(/null|sp_openid/);
    expect(assertSigned().mchid).toBe(merchant.mchid);
  });

  it('refuses, before any network call, a request WeChat Pay would reject', async () => {
    const { sub_openid: _, ...noOpenid } = presign;
    for (const bad of [
      noOpenid,
      { ...presign, contract_display_account: '用户😀' },
      { ...presign, out_contract_code: 'a-b' },
    ]) {
      await expect(presignMiniProgram(client, bad as PresignMiniProgramRequest)).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
    }
    expect(server.hits).toHaveLength(0);
  });

  it('a verified answer missing sign_mp_path is a MalformedResponseError', async () => {
    const { sign_mp_path: _, ...partial } = presignAnswer;
    server.handle(signed(200, partial));
    await expect(presignMiniProgram(client, presign)).rejects.toBeInstanceOf(MalformedResponseError);
  });
});

describe('queryContract', () => {
  it('GETs the URL-encoded path and returns the contract', async () => {
    server.handle(signed(200, contract));
    expect(
      await queryContract(client, { serviceId: 12535, outContractCode: 'wxwtdk20200910100000' }),
    ).toEqual(contract);
    expect(server.hits[0]?.url).toBe(
      '/v3/password-exempt-contract/contracts/service-id/12535/out-contract-code/wxwtdk20200910100000',
    );
    expect(server.hits[0]?.body.length).toBe(0);
    assertSigned();
  });

  it('a 404 before signing is a WechatPayApiError', async () => {
    server.handle(failure(404, 'RESOURCE_NOT_EXISTS', 'contract not found'));
    await expect(queryContract(client, { serviceId: 1, outContractCode: 'x' })).rejects.toMatchObject({
      constructor: WechatPayApiError,
      status: 404,
      code: 'RESOURCE_NOT_EXISTS',
    });
  });
});

describe('terminateContract', () => {
  it('POSTs {contract_termination_remark} to …/terminate', async () => {
    server.handle(signed(200, { mchid: merchant.mchid, service_id: 12535, out_contract_code: 'abc' }));
    const res = await terminateContract(client, {
      serviceId: 12535,
      outContractCode: 'abc',
      remark: '用户要求解约',
    });
    expect(res).toEqual({ mchid: merchant.mchid, service_id: 12535, out_contract_code: 'abc' });
    expect(server.hits[0]?.url).toBe(
      '/v3/password-exempt-contract/contracts/service-id/12535/out-contract-code/abc/terminate',
    );
    expect(server.hits[0]?.body.toString()).toBe('{"contract_termination_remark":"用户要求解约"}');
    assertSigned();
  });

  it('refuses an empty remark', async () => {
    await expect(
      terminateContract(client, { serviceId: 1, outContractCode: 'abc', remark: '' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
