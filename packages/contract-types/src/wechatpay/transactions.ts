import Type, { type Static } from 'typebox';
import { DateTime, NO_ASTRAL_PATTERN } from '../common.js';

/** `out_trade_no` as WeChat Pay allows it: 6–32 of `[0-9A-Za-z_-|*]`, unique per merchant. */
export const OUT_TRADE_NO_PATTERN = '^[0-9A-Za-z_\\-|*]{6,32}$';
export const OutTradeNo = Type.String({ pattern: OUT_TRADE_NO_PATTERN, minLength: 6, maxLength: 32 });

/** The only currency of these APIs. */
export const CURRENCY = 'CNY';

/** `trade_state` values; the query answer and the notification plaintext both carry one. */
export const TRADE_STATES = [
  'SUCCESS',
  'REFUND',
  'NOTPAY',
  'CLOSED',
  'REVOKED',
  'USERPAYING',
  'PAYERROR',
] as const;
export type TradeState = (typeof TRADE_STATES)[number];

/** A payment event is recognised by what it is, never by a guessed list of contract events. */
export const TRANSACTION_SUCCESS_EVENT = 'TRANSACTION.SUCCESS';
export const TRANSACTION_RESOURCE_TYPE = 'transaction';

const Amount = Type.Object(
  { total: Type.Integer({ minimum: 1 }), currency: Type.Optional(Type.Literal(CURRENCY)) },
  { additionalProperties: false },
);

/** One of sp_openid / sub_openid (with sub_appid): the payer as WeChat knows them. */
const Payer = Type.Object(
  {
    sp_openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    sub_openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false, anyOf: [{ required: ['sp_openid'] }, { required: ['sub_openid'] }] },
);

const SceneInfo = Type.Object({
  payer_client_ip: Type.String({ minLength: 1, maxLength: 45 }),
  device_id: Type.Optional(Type.String({ maxLength: 32 })),
});

const orderFields = {
  sp_appid: Type.String({ minLength: 1, maxLength: 32 }),
  sp_mchid: Type.String({ minLength: 1, maxLength: 32 }),
  sub_appid: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  sub_mchid: Type.String({ minLength: 1, maxLength: 32 }),
  description: Type.String({ minLength: 1, maxLength: 127, pattern: NO_ASTRAL_PATTERN }),
  out_trade_no: OutTradeNo,
  time_expire: Type.Optional(DateTime),
  attach: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  notify_url: Type.String({ minLength: 1, maxLength: 255 }),
  amount: Amount,
  payer: Payer,
  scene_info: Type.Optional(SceneInfo),
};

/** POST /v3/pay/partner/transactions/jsapi — an ordinary (password) order. */
export const PartnerJsapiOrderRequest = Type.Object(orderFields, { additionalProperties: false });
export type PartnerJsapiOrderRequest = Static<typeof PartnerJsapiOrderRequest>;

/** POST /v3/pay/partner/transactions/jsapi-with-contract — paid without a password by the contract. */
export const JsapiWithContractRequest = Type.Object(
  {
    ...orderFields,
    contract_info: Type.Object(
      { password_free_contract_id: Type.String({ minLength: 1, maxLength: 64 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type JsapiWithContractRequest = Static<typeof JsapiWithContractRequest>;

export const PrepayResponse = Type.Object({ prepay_id: Type.String({ minLength: 1, maxLength: 64 }) });
export type PrepayResponse = Static<typeof PrepayResponse>;

/** POST /v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close → 204. */
export const CloseOrderRequest = Type.Object(
  { sp_mchid: Type.String({ minLength: 1 }), sub_mchid: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type CloseOrderRequest = Static<typeof CloseOrderRequest>;

/**
 * The order query answer, and the plaintext of a TRANSACTION.SUCCESS notification. Unknown fields are
 * tolerated (WeChat adds some, e.g. promotion_detail).
 */
export const PartnerTransaction = Type.Object({
  sp_appid: Type.String(),
  sp_mchid: Type.String(),
  sub_appid: Type.Optional(Type.String()),
  sub_mchid: Type.String(),
  out_trade_no: OutTradeNo,
  transaction_id: Type.Optional(Type.String({ maxLength: 32 })),
  trade_type: Type.Optional(Type.String()),
  trade_state: Type.String(),
  trade_state_desc: Type.Optional(Type.String()),
  bank_type: Type.Optional(Type.String()),
  attach: Type.Optional(Type.String()),
  success_time: Type.Optional(Type.String()),
  payer: Type.Optional(
    Type.Object({ sp_openid: Type.Optional(Type.String()), sub_openid: Type.Optional(Type.String()) }),
  ),
  amount: Type.Optional(
    Type.Object({
      total: Type.Optional(Type.Integer()),
      payer_total: Type.Optional(Type.Integer()),
      currency: Type.Optional(Type.String()),
      payer_currency: Type.Optional(Type.String()),
    }),
  ),
});
export type PartnerTransaction = Static<typeof PartnerTransaction>;
