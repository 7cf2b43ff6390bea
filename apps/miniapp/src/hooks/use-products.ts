import { useCallback, useEffect } from 'react';
import type { HomeStore } from '../home/home.state';
import { toApiError } from '../services/api-error';
import { ordersService } from '../services/orders.service';

/** GET /v1/products once the session is ready; the price on the button is the BFF's. */
export function useProducts({ dispatch, get }: HomeStore, enabled: boolean) {
  const reload = useCallback(async () => {
    dispatch({ type: 'products/started' });
    const { rev } = get().order.products;
    try {
      dispatch({ type: 'products/answered', rev, products: await ordersService.products() });
    } catch (err) {
      dispatch({ type: 'products/failed', rev, error: toApiError(err) });
    }
  }, [dispatch, get]);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  return { reload };
}
