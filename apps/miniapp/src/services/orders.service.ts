import type {
  CreateOrderRequest,
  CreateOrderResponse,
  OrderView,
  ProductsResponse,
  ProductView,
} from '@kit/contract-types/types';
import { isApiError } from './api-error';
import { authedRequest } from './session.service';

const orderPath = (outTradeNo: string): string => `/v1/orders/${encodeURIComponent(outTradeNo)}`;

export const ordersService = {
  /** The caller's sub-merchant's catalog; the price shown is the one the BFF will charge. */
  async products(): Promise<ProductView[]> {
    try {
      const res = await authedRequest<ProductsResponse>({ method: 'GET', path: '/v1/products' });
      return res.products;
    } catch (err) {
      // A BFF without the catalog route sells nothing: the signing screens stand alone.
      if (isApiError(err) && err.status === 404 && err.code === 'NOT_FOUND') return [];
      throw err;
    }
  },

  /**
   * One purchase attempt. The same `idempotencyKey` with the same body answers the same order, so a
   * retry after a lost answer never creates a second one.
   */
  create(idempotencyKey: string, body: CreateOrderRequest): Promise<CreateOrderResponse> {
    return authedRequest<CreateOrderResponse>({
      method: 'POST',
      path: '/v1/orders',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  },

  /** While CREATED the BFF asks WeChat Pay: this is what the page polls after the pay sheet. */
  get(outTradeNo: string): Promise<OrderView> {
    return authedRequest<OrderView>({ method: 'GET', path: orderPath(outTradeNo) });
  },

  close(outTradeNo: string): Promise<OrderView> {
    return authedRequest<OrderView>({ method: 'POST', path: `${orderPath(outTradeNo)}/close` });
  },
};
