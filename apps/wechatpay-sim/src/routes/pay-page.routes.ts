import type { FastifyInstance } from 'fastify';
import type { ContractStore } from '../contracts/contract-store.js';
import { subMerchantOf } from '../contracts/presign-session.js';
import type { Identity } from '../identity/identity.js';
import type { PaymentSheetService } from '../orders/payment-sheet.service.js';
import { ControlError } from '../protocol/errors.js';
import { type PayPageModel, renderPayPage } from './pay-page.js';

export interface PayPageDeps {
  identity: Identity;
  store: ContractStore;
  sheet: PaymentSheetService;
}

/** Why an order cannot be paid, as the page says it and as err_msg carries it back. */
const PROBLEMS: Record<string, string> = {
  NO_PREPAY: '支付请求不存在',
  PREPAY_EXPIRED: '支付请求已过期，请返回商户重新下单',
  ORDER_PAID: '该订单已支付',
  ORDER_CLOSED: '该订单已关闭',
  PASSWORD_FREE_REFUSED: '免密支付未成功，请使用普通支付',
};

/** `GET /sim/pay?prepay_id=…&return_url=…` — the H5 preview's payment sheet. */
export async function payPageRoutes(app: FastifyInstance, deps: PayPageDeps): Promise<void> {
  app.get<{ Querystring: { prepay_id?: string; return_url?: string } }>(
    '/sim/pay',
    async (request, reply) => {
      const { prepay_id: prepayId, return_url: returnUrl } = request.query;
      if (!prepayId || !returnUrl || !isHttpUrl(returnUrl)) {
        return reply
          .code(400)
          .type('text/plain; charset=utf-8')
          .send('prepay_id and an absolute http(s) return_url are required');
      }
      const model: PayPageModel = { prepayId, returnUrl };
      try {
        const order = deps.sheet.payable(prepayId);
        const session = order.offer && deps.store.session(order.offer.sessionId);
        model.order = {
          mode: order.kind,
          merchantName: subMerchantOf(deps.identity, order.subMchid).name,
          description: order.description,
          amountTotal: order.amountTotal,
          ...(session ? { displayAccount: session.displayAccount } : {}),
        };
      } catch (error) {
        if (!(error instanceof ControlError)) throw error;
        const text = PROBLEMS[error.code] ?? '支付请求无效';
        model.problem = { text, errMsg: `requestPayment:fail ${error.code} ${text}` };
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .send(renderPayPage(model));
    },
  );
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
