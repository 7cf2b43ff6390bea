import { CURRENCY, type PartnerTransaction } from '@kit/contract-types';
import { formatChinaTime } from '@kit/wechatpay/testing';
import type { SpIdentity } from '../contracts/contract-views.js';
import type { Order } from './order-store.js';

/** The order query answer, which is also the TRANSACTION.SUCCESS plaintext (§8). */
export function transactionView(sp: SpIdentity, order: Order): PartnerTransaction {
  const paid = order.state === 'SUCCESS';
  return {
    sp_appid: sp.spAppid,
    sp_mchid: sp.mchid,
    ...(order.subAppid ? { sub_appid: order.subAppid } : {}),
    sub_mchid: order.subMchid,
    out_trade_no: order.outTradeNo,
    ...(paid ? { transaction_id: order.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: order.state,
    trade_state_desc: order.stateDesc,
    ...(paid ? { bank_type: 'OTHERS', success_time: formatChinaTime(order.successTime!) } : {}),
    ...(order.attach ? { attach: order.attach } : {}),
    payer: {
      sp_openid: order.payer.spOpenid,
      ...(order.payer.subOpenid ? { sub_openid: order.payer.subOpenid } : {}),
    },
    amount: {
      total: order.amountTotal,
      currency: CURRENCY,
      ...(paid ? { payer_total: order.amountTotal, payer_currency: CURRENCY } : {}),
    },
  };
}

/** GET /sim/prepay/:id and the control actions: the user's side of an order. */
export function sheetView(sp: SpIdentity, order: Order) {
  return {
    prepay_id: order.prepayId,
    pay_mode: order.kind,
    ...(order.contractId ? { password_free_contract_id: order.contractId } : {}),
    abandoned: order.abandoned,
    ...(order.offer
      ? { sign_offer: { out_contract_code: order.offer.outContractCode, status: order.offer.status } }
      : {}),
    transaction: transactionView(sp, order),
  };
}
