import { type CatalogProduct, CURRENCY, type ProductView } from '@kit/contract-types';
import type { SubMerchant } from '../config.js';

/**
 * Where prices come from: never the client. This one reads the `products` of the sub-merchant's
 * entry in SUB_MERCHANTS_FILE; a real deployment swaps in its own order source behind this interface.
 */
export interface Catalog {
  list(sub: SubMerchant): ProductView[];
  find(sub: SubMerchant, productId: string): CatalogProduct | undefined;
}

export const configCatalog: Catalog = {
  list: (sub) => (sub.products ?? []).map((p) => ({ ...p, currency: CURRENCY })),
  find: (sub, productId) => sub.products?.find((p) => p.product_id === productId),
};
