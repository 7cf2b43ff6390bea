import { TRANSACTION_SUCCESS_EVENT } from '@kit/contract-types';
import type { SimClock } from '../clock.js';
import type { Contract, ContractStore } from '../contracts/contract-store.js';
import type { ContractsService } from '../contracts/contracts.service.js';
import type { FaultRegistry } from '../faults/faults.js';
import type { NotificationEvent } from '../notifications/notification.types.js';
import { ControlError } from '../protocol/errors.js';
import { newTransactionId } from './order-ids.js';
import type { Order, OrderStore } from './order-store.js';
import { transactionView } from './order-views.js';
import type { OrdersService } from './orders.service.js';

export interface PaymentSheetDeps {
  orders: OrderStore;
  ordersService: OrdersService;
  store: ContractStore;
  contracts: ContractsService;
  faults: FaultRegistry;
  clock: SimClock;
  notify: (event: NotificationEvent) => void;
}

const PASSWORD = /^[0-9]{6}$/;

/** What the user does on WeChat's payment sheet (the H5 page and the control API both act here). */
export class PaymentSheetService {
  constructor(private readonly deps: PaymentSheetDeps) {}

  /** An order the sheet can still pay, or the control error saying why not. */
  payable(prepayId: string): Order {
    const order = this.deps.orders.byPrepayId(prepayId);
    if (!order) throw new ControlError(404, 'NO_PREPAY', 'unknown prepay_id');
    this.deps.ordersService.refresh(order);
    if (order.state === 'SUCCESS') throw new ControlError(409, 'ORDER_PAID', 'the order is already paid');
    if (order.state === 'CLOSED') throw new ControlError(409, 'ORDER_CLOSED', 'the order is closed');
    if (order.state === 'PAYERROR') {
      throw new ControlError(409, 'PASSWORD_FREE_REFUSED', 'the password-free payment was refused');
    }
    if (order.prepayId !== prepayId || this.deps.ordersService.prepayExpired(order)) {
      throw new ControlError(410, 'PREPAY_EXPIRED', 'the prepay_id expired (2 h)');
    }
    return order;
  }

  /**
   * The user pays: one tap for a password-free order (unless it is refused), six digits for an
   * ordinary one. Then TRANSACTION.SUCCESS, and the 免密 offer if a pay-redirect pre-sign is attached.
   */
  pay(prepayId: string, password?: string): Order {
    const order = this.payable(prepayId);
    if (order.kind === 'PASSWORD_FREE') {
      const contract = this.deps.store.contractById(order.contractId!);
      if (contract?.state !== 'SIGNED' || this.deps.faults.takePasswordFreeRefusal()) {
        this.refuse(order);
        throw new ControlError(409, 'PASSWORD_FREE_REFUSED', order.stateDesc);
      }
    } else if (password === undefined || !PASSWORD.test(password)) {
      throw new ControlError(400, 'PASSWORD_REQUIRED', 'an ordinary payment needs the 6-digit password');
    }
    const now = this.deps.clock.wechatNow();
    order.state = 'SUCCESS';
    order.stateDesc = '支付成功';
    order.transactionId = newTransactionId(now);
    order.successTime = now;
    if (order.offer?.status === 'ATTACHED' && this.canSign(order.offer.sessionId)) {
      order.offer.status = 'OFFERED';
    }
    this.deps.notify({
      eventType: TRANSACTION_SUCCESS_EVENT,
      summary: '支付成功',
      notifyUrl: order.notifyUrl,
      payload: transactionView(this.deps.ordersService.sp(), order),
      resourceType: 'transaction',
      ref: { out_trade_no: order.outTradeNo },
    });
    return order;
  }

  /** The user closes the sheet: nothing is paid and nothing is sent; the order stays payable. */
  cancel(prepayId: string): Order {
    const order = this.payable(prepayId);
    order.abandoned += 1;
    return order;
  }

  /** WeChat refuses the password-free payment (balance, risk control, limits): the order fails. */
  refusePasswordFree(prepayId: string): Order {
    const order = this.payable(prepayId);
    if (order.kind !== 'PASSWORD_FREE') {
      throw new ControlError(409, 'NOT_PASSWORD_FREE', 'only a password-free order can be refused');
    }
    this.refuse(order);
    return order;
  }

  /** 「开通免密支付」 after the payment: the pay-redirect session is signed like a mini-program one. */
  acceptOffer(prepayId: string): Contract {
    const order = this.offered(prepayId);
    const contract = this.deps.contracts.confirm(order.offer!.sessionId);
    order.offer!.status = 'ACCEPTED';
    return contract;
  }

  /** 「暂不开通」: no contract, no notification. */
  declineOffer(prepayId: string): Order {
    const order = this.offered(prepayId);
    order.offer!.status = 'DECLINED';
    return order;
  }

  all(): Order[] {
    return this.deps.orders.all().map((order) => this.deps.ordersService.refresh(order));
  }

  find(prepayId: string): Order {
    const order = this.deps.orders.byPrepayId(prepayId);
    if (!order) throw new ControlError(404, 'NO_PREPAY', 'unknown prepay_id');
    return this.deps.ordersService.refresh(order);
  }

  private offered(prepayId: string): Order {
    const order = this.find(prepayId);
    if (order.offer?.status !== 'OFFERED') {
      throw new ControlError(409, 'NO_OFFER', 'no 免密 offer is open on this payment');
    }
    return order;
  }

  private refuse(order: Order): void {
    order.state = 'PAYERROR';
    order.stateDesc = '免密支付未成功，请使用普通支付';
  }

  /** The offer appears only while its session can still be signed (2 h, user not already signed). */
  private canSign(sessionId: string): boolean {
    try {
      const session = this.deps.contracts.pendingSession(sessionId);
      return !this.deps.store.activeContractOf(session.subMchid, session.serviceId, session.spOpenid);
    } catch (error) {
      if (error instanceof ControlError) return false;
      throw error;
    }
  }
}
