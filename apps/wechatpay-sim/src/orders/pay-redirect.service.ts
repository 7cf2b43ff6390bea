import type { PayRedirectSignRequest, PayRedirectSignResponse } from '@kit/contract-types';
import type { SimClock } from '../clock.js';
import type { ContractStore } from '../contracts/contract-store.js';
import { field, openPresignSession } from '../contracts/presign-session.js';
import type { Identity } from '../identity/identity.js';
import { invalidRequest, paramError } from '../protocol/errors.js';
import type { OrderStore } from './order-store.js';
import type { OrdersService } from './orders.service.js';

export interface PayRedirectDeps {
  identity: Identity;
  store: ContractStore;
  orders: OrderStore;
  ordersService: OrdersService;
  clock: SimClock;
}

/**
 * 支付后预签约: the mini-program pre-sign's rules, plus an unpaid ordinary order of the same user and
 * sub-merchant whose payment sheet will offer the contract — once per prepay.
 */
export class PayRedirectService {
  constructor(private readonly deps: PayRedirectDeps) {}

  attach(req: PayRedirectSignRequest): PayRedirectSignResponse {
    const { prepay_id: prepayId, ...presign } = req;
    const session = openPresignSession(this.deps, presign, 'PAY_REDIRECT');
    const order = this.deps.orders.byPrepayId(prepayId);
    if (!order || order.prepayId !== prepayId) {
      throw paramError(
        'prepay_id 不存在',
        field('prepay_id', prepayId, 'is not a prepay_id of this merchant'),
      );
    }
    this.deps.ordersService.refresh(order);
    if (order.kind !== 'NORMAL') throw invalidRequest('prepay_id 不是普通支付订单（免密订单无需签约）');
    if (order.state !== 'NOTPAY' || this.deps.ordersService.prepayExpired(order)) {
      throw invalidRequest('订单已支付、已关闭或 prepay_id 已过期');
    }
    if (order.subMchid !== session.subMchid || order.payer.spOpenid !== session.spOpenid) {
      throw invalidRequest('prepay_id 的订单与签约用户或子商户不一致');
    }
    if (order.offer) throw invalidRequest('该 prepay_id 已发起过支付后签约');
    session.prepayId = prepayId;
    this.deps.store.addSession(session);
    order.offer = {
      sessionId: session.preEntrustwebId,
      outContractCode: session.outContractCode,
      status: 'ATTACHED',
    };
    return {
      mchid: this.deps.identity.mchid,
      sub_mchid: session.subMchid,
      service_id: session.serviceId,
      out_contract_code: session.outContractCode,
    };
  }
}
