'use client';

import { getProduct, type ProductId } from '@/lib/catalog';
import { MAX_QUANTITY } from '@/lib/checkout/contract';
import { useStorefront } from './storefront-provider';

export function AddToCartButton({ productId }: { productId: ProductId }) {
  const { add, items, ready } = useStorefront();
  const atLimit = (items.find((line) => line.productId === productId)?.quantity ?? 0) >= MAX_QUANTITY;
  return (
    <button type="button" onClick={() => add(productId)} disabled={!ready || atLimit}>
      Add {getProduct(productId).name} to cart
    </button>
  );
}
