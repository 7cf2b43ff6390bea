import type { CreateOrderResponse, OrderView, PayMode, ProductView } from '@kit/contract-types/types';
import type { BffReply } from './fake-bff';
import Taro, { type PayOptions } from './taro.mock';

export const PRODUCTS: ProductView[] = [
  { product_id: 'coffee', description: '美式咖啡', amount_total: 1200, currency: 'CNY' },
  { product_id: 'tea', description: '柠檬茶', amount_total: 1, currency: 'CNY' },
];

export const productsReply: BffReply = { status: 200, body: { products: PRODUCTS } };

/** The BFF's order view for `no` (a 32-character out_trade_no). */
export function orderView(
  no: string,
  state: OrderView['state'],
  payMode: PayMode,
  extra: Partial<OrderView> = {},
) {
  const product = PRODUCTS[0]!;
  return {
    out_trade_no: no,
    state,
    pay_mode: payMode,
    product_id: product.product_id,
    description: product.description,
    amount_total: product.amount_total,
    currency: 'CNY',
    expires_at: '2026-11-28T04:00:00Z',
    ...(state === 'PAID' ? { transaction_id: `42${no.slice(0, 10)}`, paid_at: '2026-11-28T02:00:10Z' } : {}),
    ...extra,
  } satisfies OrderView;
}

export function created(
  no: string,
  payMode: PayMode,
  signAfterPay = payMode === 'NORMAL',
): CreateOrderResponse {
  return {
    ...orderView(no, 'CREATED', payMode),
    payment: {
      appId: 'wx_sub_app',
      timeStamp: '1764295200',
      nonceStr: `nonce${no.slice(-6)}`,
      package: `prepay_id=wx${no}`,
      signType: 'RSA',
      paySign: `sig-${no}`,
    },
    sign_after_pay: signAfterPay,
  };
}

export const NO_1 = 'KIT00000000000000000000000000001';
export const NO_2 = 'KIT00000000000000000000000000002';
export const orderPath = (no: string) => `GET /v1/orders/${no}`;

/** How the pay sheet ends in this test: every requestPayment call ends the same way. */
export function sheetEnds(how: 'success' | 'cancel' | { fail: string }): void {
  Taro.requestPayment.mockImplementation((opts: PayOptions) => {
    queueMicrotask(() => {
      if (how === 'success') opts.success?.({ errMsg: 'requestPayment:ok' });
      else if (how === 'cancel') opts.fail?.({ errMsg: 'requestPayment:fail cancel' });
      else opts.fail?.({ errMsg: how.fail });
    });
  });
}
