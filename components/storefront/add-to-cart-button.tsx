'use client';

import { MAX_QUANTITY, type ProductId } from '@/lib/catalog/ids';
import { useTranslations } from '@/lib/i18n/client';
import { useStorefront } from './storefront-provider';

/** `name` is the product's name in the page's language (the server component passes it). */
export function AddToCartButton({ productId, name }: { productId: ProductId; name: string }) {
  const t = useTranslations('storefront');
  const { add, items, ready } = useStorefront();
  const atLimit = (items.find((line) => line.productId === productId)?.quantity ?? 0) >= MAX_QUANTITY;
  return (
    <button type="button" onClick={() => add(productId)} disabled={!ready || atLimit}>
      {t('addToCart', { name })}
    </button>
  );
}
