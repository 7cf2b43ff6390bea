import type { FastifyInstance } from 'fastify';
import type { ContractStore } from '../contracts/contract-store.js';
import type { ContractsService } from '../contracts/contracts.service.js';
import { SIGN_MP_APPID } from '../contracts/contracts.service.js';
import { ControlError } from '../protocol/errors.js';
import { renderSignPage, type SignPageModel } from './sign-page.js';

export interface SignPageDeps {
  contracts: ContractsService;
  store: ContractStore;
}

/** `GET /sim/sign?pre_entrustweb_id=…&return_url=…` — the H5 preview's signing page. */
export async function signPageRoutes(app: FastifyInstance, deps: SignPageDeps): Promise<void> {
  app.get<{ Querystring: { pre_entrustweb_id?: string; return_url?: string } }>(
    '/sim/sign',
    async (request, reply) => {
      const { pre_entrustweb_id: id, return_url: returnUrl } = request.query;
      if (!id || !returnUrl || !isHttpUrl(returnUrl)) {
        return reply
          .code(400)
          .type('text/plain; charset=utf-8')
          .send('pre_entrustweb_id and an absolute http(s) return_url are required');
      }
      const model: SignPageModel = { preEntrustwebId: id, returnUrl, referrerAppId: SIGN_MP_APPID };
      try {
        const session = deps.contracts.pendingSession(id);
        model.merchantName = deps.contracts.subMerchant(session.subMchid).name;
        model.displayAccount = session.displayAccount;
      } catch (error) {
        if (!(error instanceof ControlError)) throw error;
        model.problem = PROBLEMS[error.code] ?? '签约请求无效';
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .send(renderSignPage(model));
    },
  );
}

const PROBLEMS: Record<string, string> = {
  NO_SESSION: '签约请求不存在',
  SESSION_EXPIRED: '签约请求已过期，请返回商户重新发起',
  SESSION_CONFIRMED: '你已完成签约',
};

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
