'use client';

import { getProduct, type ProductId } from '@/lib/catalog';
import { formatMoney } from '@/lib/money';
import { useStorefront } from './storefront-provider';

export function ProductPrice({ productId }: { productId: ProductId }) {
  const { currency } = useStorefront();
  return <p className="price">{formatMoney(getProduct(productId).prices[currency], currency)}</p>;
}
