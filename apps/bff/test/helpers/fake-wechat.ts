import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueryContractResponse } from '@kit/contract-types';
import { API_PATHS } from '@kit/wechatpay';
import { openidFor, type SignMode, signResponseAs, verifyAuthorization } from '@kit/wechatpay/testing';
import type { TestIdentity } from './identity.js';

/** A one-shot answer that replaces the normal behaviour of the next call to that API. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: Exclude<SignMode, 'signed'> }
  | { kind: 'login'; errcode: number; errmsg?: string };

export type Api = 'presign' | 'query' | 'terminate' | 'login';

export interface RecordedRequest {
  api: Api;
  method: string;
  path: string;
  body: string;
  json: Record<string, unknown> | undefined;
}

export { openidFor };

/**
 * A stand-in for api.mch.weixin.qq.com + api.weixin.qq.com on a real loopback port. It checks our
 * request signatures and signs its answers with the identity's WeChat Pay key, like the real one.
 */
export class FakeWechat {
  readonly requests: RecordedRequest[] = [];
  readonly contracts = new Map<string, QueryContractResponse>();
  readonly faults: Record<Api, Fault[]> = { presign: [], query: [], terminate: [], login: [] };
  url = '';
  #server: Server;

  constructor(private readonly identity: TestIdentity) {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.#handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  calls(api: Api): RecordedRequest[] {
    return this.requests.filter((r) => r.api === api);
  }

  /** The user signs in WeChat: the query API now reports SIGNED. */
  sign(code: string, fields: Partial<QueryContractResponse> = {}): QueryContractResponse {
    const presign = this.calls('presign').find((r) => r.json?.out_contract_code === code)?.json ?? {};
    const contract: QueryContractResponse = {
      mchid: '1230000109',
      contract_id: `CT${code.slice(0, 20)}`,
      appid: 'wxsp00000000000001',
      openid: 'o_sp_openid',
      sub_appid: String(presign.sub_appid ?? ''),
      sub_openid: String(presign.sub_openid ?? ''),
      service_id: Number(presign.service_id ?? 500001),
      out_contract_code: code,
      contract_state: 'SIGNED',
      contract_signed_time: '2026-11-28T10:00:00+08:00',
      ...fields,
    };
    this.contracts.set(code, contract);
    return contract;
  }

  #send(res: ServerResponse, status: number, body: unknown, mode: SignMode = 'signed') {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'request-id': 'REQ-FAKE-1',
    };
    const { privateKey } = this.identity.wechatpay;
    Object.assign(
      headers,
      signResponseAs({ privateKey, serial: this.identity.publicKeyId, body: text }, mode),
    );
    res.writeHead(status, headers).end(text);
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = req.url ?? '/';
    const terminate = API_PATHS.terminateContract.match(url);
    const contract = terminate ?? API_PATHS.queryContract.match(url);
    const api: Api | undefined = API_PATHS.presignMiniProgram.match(url)
      ? 'presign'
      : API_PATHS.jscode2session.match(url)
        ? 'login'
        : terminate
          ? 'terminate'
          : contract
            ? 'query'
            : undefined;
    if (!api) return this.#send(res, 404, { code: 'NOT_FOUND', message: 'no such API' });
    let json: Record<string, unknown> | undefined;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    this.requests.push({ api, method: req.method ?? '', path: url, body, json });

    if (api === 'login') return this.#login(res, new URL(url, 'http://x').searchParams);
    try {
      verifyAuthorization({
        header: req.headers.authorization,
        method: req.method ?? '',
        url,
        body,
        publicKey: this.identity.merchant.publicKey,
      });
    } catch {
      return this.#send(res, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    const fault = this.faults[api].shift();
    if (fault?.kind === 'status')
      return this.#send(res, fault.status, fault.body ?? { code: 'SYSTEM_ERROR', message: '系统错误' });
    const mode: SignMode =
      fault?.kind === 'unsigned' || fault?.kind === 'bad_signature' ? fault.kind : 'signed';

    if (api === 'presign') {
      const code = String(json?.out_contract_code);
      return this.#send(
        res,
        200,
        {
          pre_entrustweb_id: `pe_${code}_${this.calls('presign').length}`,
          mchid: '1230000109',
          sub_mchid: json?.sub_mchid,
          service_id: json?.service_id,
          out_contract_code: code,
          sign_mp_appid: 'wxbd687630cd02ce1d',
          sign_mp_path: `pages/pre-entrust/index?id=${code}`,
        },
        mode,
      );
    }
    const code = contract?.out_contract_code ?? '';
    const known = this.contracts.get(code);
    if (!known) return this.#send(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '签约关系不存在' });
    if (api === 'query') return this.#send(res, 200, known, mode);
    if (known.contract_terminate_info)
      return this.#send(res, 400, { code: 'INVALID_REQUEST', message: '已解约' });
    known.contract_state = 'TERMINATED';
    known.contract_terminate_info = {
      contract_termination_mode: 'MERCHANT_TERMINATE',
      contract_terminated_time: '2026-11-28T12:00:00+08:00',
      contract_termination_remark: String(json?.contract_termination_remark ?? ''),
    };
    return this.#send(
      res,
      200,
      { mchid: '1230000109', service_id: known.service_id, out_contract_code: code },
      mode,
    );
  }

  #login(res: ServerResponse, query: URLSearchParams) {
    const fault = this.faults.login.shift();
    if (fault?.kind === 'login')
      return this.#send(res, 200, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'err' }, 'unsigned');
    const appid = query.get('appid') ?? '';
    const sub = this.identity.subMerchants.find((s) => s.sub_appid === appid);
    if (!sub || sub.sub_app_secret !== query.get('secret')) {
      return this.#send(res, 200, { errcode: 40013, errmsg: 'invalid appid' }, 'unsigned');
    }
    const code = query.get('js_code') ?? '';
    return this.#send(res, 200, { openid: openidFor(appid, code), session_key: 'sessionkey==' }, 'unsigned');
  }
}
