import { Text, View } from '@tarojs/components';
import { PAY_COPY } from '../copy/payment-copy';
import type { ProductItem } from '../home/home.view';
import { Cell, CellGroup } from './cell';
import { Loading } from './loading';
import { TapButton } from './tap-button';

interface Props {
  products: ProductItem[] | undefined;
  onBuy: (productId: string) => void;
}

/**
 * The sub-merchant's products, each with its buy button (「免密支付 ¥x.xx」 / 「微信支付 ¥x.xx」).
 * Drawn from the first frame (正在加载… while unknown) so what is below never jumps; no catalog, no list.
 */
export function ProductList({ products, onBuy }: Props) {
  if (products?.length === 0) return null;
  return (
    <CellGroup title={PAY_COPY.productsTitle} className="kit-section">
      {products === undefined ? (
        <Cell
          title={
            <View className="kit-inline">
              <Loading />
              <Text className="kit-inline__text">正在加载…</Text>
            </View>
          }
        />
      ) : (
        products.map(({ product, label, buy }) => (
          <Cell
            key={product.product_id}
            className="kit-product"
            title={product.description}
            extra={
              <TapButton
                size="mini"
                type="primary"
                control={buy}
                onTap={() => onBuy(product.product_id)}
                label={`${label}，${product.description}`}
              >
                {label}
              </TapButton>
            }
          />
        ))
      )}
    </CellGroup>
  );
}
