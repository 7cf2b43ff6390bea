import Type, { type Static } from 'typebox';
import { CatalogProduct } from '../bff/orders.js';
import { AppId, DisplayAccount } from '../common.js';

/**
 * One entry of the BFF's `SUB_MERCHANTS_FILE`: a sub-merchant the service provider signs contracts
 * for, with the mini program its users log in from. The simulator writes these, the BFF refuses to
 * start on a file that does not fit.
 */
export const SubMerchantEntry = Type.Object(
  {
    sub_mchid: Type.String({ minLength: 1, maxLength: 32 }),
    sub_appid: AppId,
    /** The mini program's AppSecret, for jscode2session: a secret, never logged. */
    sub_app_secret: Type.String({ minLength: 1 }),
    service_id: Type.Integer({ minimum: 1 }),
    contract_display_account: DisplayAccount,
    /** The sub-merchant's catalog: the BFF prices orders from it, never from the client. */
    products: Type.Optional(Type.Array(CatalogProduct, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type SubMerchantEntry = Static<typeof SubMerchantEntry>;

/** The whole file: a non-empty JSON array of entries. */
export const SubMerchantList = Type.Array(SubMerchantEntry, { minItems: 1 });
export type SubMerchantList = Static<typeof SubMerchantList>;
