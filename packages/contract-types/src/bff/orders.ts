import Type, { type Static } from 'typebox';
import { DateTime, NO_ASTRAL_PATTERN } from '../common.js';
import { CURRENCY, OutTradeNo } from '../wechatpay/transactions.js';

export const ProductId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' });

/** One catalog entry of a sub-merchant (`products` in SUB_MERCHANTS_FILE). Amounts are in fen. */
export const CatalogProduct = Type.Object(
  {
    product_id: ProductId,
    description: Type.String({ minLength: 1, maxLength: 127, pattern: NO_ASTRAL_PATTERN }),
    amount_total: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type CatalogProduct = Static<typeof CatalogProduct>;

/** GET /v1/products */
export const ProductView = Type.Object({
  product_id: ProductId,
  description: Type.String(),
  amount_total: Type.Integer({ minimum: 1 }),
  currency: Type.Literal(CURRENCY),
});
export type ProductView = Static<typeof ProductView>;

export const ProductsResponse = Type.Object({ products: Type.Array(ProductView) });
export type ProductsResponse = Static<typeof ProductsResponse>;

export const PAY_MODES = ['PASSWORD_FREE', 'NORMAL'] as const;
export const PayMode = Type.Enum(PAY_MODES);
export type PayMode = (typeof PAY_MODES)[number];

export const ORDER_STATES = ['CREATED', 'PAID', 'CLOSED'] as const;
export const OrderState = Type.Enum(ORDER_STATES);
export type OrderState = (typeof ORDER_STATES)[number];

/** `Idempotency-Key` header of POST /v1/orders: one per purchase attempt. */
export const IDEMPOTENCY_KEY_PATTERN = '^[0-9A-Za-z_-]{8,64}$';
export const IdempotencyKey = Type.String({ pattern: IDEMPOTENCY_KEY_PATTERN, minLength: 8, maxLength: 64 });

/**
 * POST /v1/orders. The price comes from the catalog: an amount (or any other field) in the body is
 * refused. `pay_mode: "NORMAL"` forces an ordinary order (the fallback after a refused password-free
 * payment).
 */
export const CreateOrderRequest = Type.Object(
  { product_id: ProductId, pay_mode: Type.Optional(Type.Literal('NORMAL')) },
  { additionalProperties: false },
);
export type CreateOrderRequest = Static<typeof CreateOrderRequest>;

export const CreateOrderHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });
export type CreateOrderHeaders = Static<typeof CreateOrderHeaders>;

/** What `Taro.requestPayment` / `wx.requestPayment` takes (`paySign` over appId, timeStamp, nonceStr, package). */
export const PaymentParams = Type.Object({
  appId: Type.String(),
  timeStamp: Type.String({ pattern: '^[0-9]{1,12}$' }),
  nonceStr: Type.String({ minLength: 1, maxLength: 32 }),
  package: Type.String({ pattern: '^prepay_id=' }),
  signType: Type.Literal('RSA'),
  paySign: Type.String({ minLength: 1 }),
});
export type PaymentParams = Static<typeof PaymentParams>;

export const OrderParams = Type.Object({ out_trade_no: OutTradeNo });
export type OrderParams = Static<typeof OrderParams>;

/** GET /v1/orders/:out_trade_no, POST …/close */
export const OrderView = Type.Object({
  out_trade_no: OutTradeNo,
  state: OrderState,
  pay_mode: PayMode,
  product_id: ProductId,
  description: Type.String(),
  amount_total: Type.Integer({ minimum: 1 }),
  currency: Type.Literal(CURRENCY),
  expires_at: DateTime,
  transaction_id: Type.Optional(Type.String()),
  paid_at: Type.Optional(DateTime),
  closed_at: Type.Optional(DateTime),
});
export type OrderView = Static<typeof OrderView>;

/**
 * POST /v1/orders answer (201 new, 200 the same key and body again). `sign_after_pay`: an ordinary
 * order carries a pay-redirect pre-sign, so WeChat's payment sheet offers 免密 after the payment.
 */
export const CreateOrderResponse = Type.Object({
  ...OrderView.properties,
  payment: PaymentParams,
  sign_after_pay: Type.Boolean(),
});
export type CreateOrderResponse = Static<typeof CreateOrderResponse>;
