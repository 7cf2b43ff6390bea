import type { ProductView } from '@kit/contract-types/types';
import { buyLabel, PAY_COPY } from '../copy/payment-copy';
import { formatDateTime, formatPrice } from '../lib/format';
import type { Control, StatusView } from './contract.view';
import type { OrderSlice, PayStage } from './order.slice';
import { failureMessage, type PageMessage } from './page-message';

export interface ProductItem {
  product: ProductView;
  /** 「免密支付 ¥x.xx」 for a signed user, else 「微信支付 ¥x.xx」. */
  label: string;
  buy: Control;
}

export interface PayView {
  /** undefined while the catalog is not known yet. */
  products: ProductItem[] | undefined;
  /** The purchase's message; undefined when no attempt is on screen. */
  message: PageMessage | undefined;
  /** A failed catalog load (below every other message). */
  productsMessage: PageMessage | undefined;
  /** A purchase is under way or its outcome is not known: the contract must not change under it. */
  running: boolean;
}

export interface PayContext {
  sessionReady: boolean;
  status: StatusView;
  /** The contract is changing: the pay mode is not settled, so no purchase starts. */
  contractChanging: boolean;
}

/** A new attempt may start from here: nothing is running and nothing is waiting to be known. */
const canStart = (stage: PayStage): boolean =>
  stage.kind === 'idle' ||
  stage.kind === 'createFailed' ||
  stage.kind === 'refused' ||
  (stage.kind === 'settled' && !stage.closing);

function creatingProductId(stage: PayStage): string | undefined {
  if (stage.kind === 'creating') return stage.attempt.product_id;
  return undefined;
}

function paidMessage(stage: Extract<PayStage, { kind: 'settled' }>, status: StatusView): PageMessage {
  const { order, attempt } = stage;
  const signedNow = attempt.order.sign_after_pay && status.kind === 'signed';
  const passwordFree = order.pay_mode === 'PASSWORD_FREE';
  return {
    tone: 'success',
    text: PAY_COPY.paid,
    desc: signedNow ? PAY_COPY.signedAfterPay : order.description,
    ...(passwordFree ? { badge: PAY_COPY.passwordFreeBadge } : {}),
    details: [
      { label: PAY_COPY.amount, value: formatPrice(order.amount_total) },
      { label: PAY_COPY.paidAt, value: formatDateTime(order.paid_at) },
      { label: PAY_COPY.payMode, value: passwordFree ? '免密支付' : '微信支付' },
    ],
    dismissible: true,
  };
}

function settledMessage(stage: Extract<PayStage, { kind: 'settled' }>, status: StatusView): PageMessage {
  const { order } = stage;
  if (order.state === 'PAID') return paidMessage(stage, status);
  if (order.state === 'CLOSED') {
    return {
      tone: 'info',
      text: PAY_COPY.closed,
      desc: PAY_COPY.closedDesc,
      dismissible: true,
    };
  }
  const busy = stage.closing === true;
  if (stage.closeError) {
    return { ...failureMessage(stage.closeError), action: { label: '关闭订单', run: 'closeOrder', busy } };
  }
  return {
    tone: 'warning',
    text: PAY_COPY.unpaid,
    desc: PAY_COPY.unpaidDesc,
    details: [{ label: PAY_COPY.amount, value: formatPrice(order.amount_total) }],
    action: { label: '重新支付', run: 'payAgain', busy: false },
    secondary: { label: '关闭订单', run: 'closeOrder', busy },
    dismissible: false,
  };
}

function stageMessage(stage: PayStage, status: StatusView): PageMessage | undefined {
  const progress = (text: string, desc?: string): PageMessage => ({
    tone: 'info',
    text,
    ...(desc ? { desc } : {}),
    progress: true,
    dismissible: false,
  });
  switch (stage.kind) {
    case 'idle':
      return undefined;
    case 'creating':
      return progress(PAY_COPY.creating);
    case 'createFailed':
      return failureMessage(stage.error, 'retryOrder');
    case 'paying':
      return progress(PAY_COPY.paying);
    case 'confirming':
      return progress(PAY_COPY.confirming, PAY_COPY.confirmingDesc);
    case 'settled':
      return settledMessage(stage, status);
    case 'refused':
      return {
        tone: 'warning',
        text: PAY_COPY.refused,
        desc: PAY_COPY.refusedDesc,
        action: { label: '使用微信支付', run: 'payNormal', busy: false },
        dismissible: true,
      };
    case 'unknown':
      return {
        ...(stage.error
          ? failureMessage(stage.error)
          : { tone: 'warning' as const, text: PAY_COPY.pending, desc: PAY_COPY.pendingDesc }),
        action: { label: '刷新', run: 'refreshOrder', busy: stage.refreshing === true },
        dismissible: true,
      };
  }
}

/** Every purchase message is the payment's: 「关闭」 puts it away, and the page scrolls to it. */
const owned = (m: PageMessage | undefined): PageMessage | undefined => (m ? { ...m, owner: 'payment' } : m);

export function payView(o: OrderSlice, ctx: PayContext): PayView {
  const known = ctx.status.kind !== 'unknown';
  const passwordFree = ctx.status.kind === 'signed';
  const startable = ctx.sessionReady && known && !ctx.contractChanging && canStart(o.stage);
  const creating = creatingProductId(o.stage);
  const products = o.products.value?.map((product) => ({
    product,
    label: buyLabel(passwordFree, product.amount_total),
    buy: { enabled: startable, busy: creating === product.product_id },
  }));
  const productsMessage = o.products.error
    ? failureMessage(o.products.error, 'reloadProducts', o.products.busy)
    : undefined;
  const running = !canStart(o.stage) && o.stage.kind !== 'idle';
  return { products, message: owned(stageMessage(o.stage, ctx.status)), productsMessage, running };
}
