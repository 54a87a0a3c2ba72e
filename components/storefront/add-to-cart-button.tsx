'use client';

import { catalogText, getProduct, MAX_QUANTITY, type ProductId } from '@/lib/catalog';
import { useLocale, useTranslations } from '@/lib/i18n/client';
import { useStorefront } from './storefront-provider';

export function AddToCartButton({ productId }: { productId: ProductId }) {
  const t = useTranslations('storefront');
  const locale = useLocale();
  const { add, items, ready } = useStorefront();
  const atLimit = (items.find((line) => line.productId === productId)?.quantity ?? 0) >= MAX_QUANTITY;
  return (
    <button type="button" onClick={() => add(productId)} disabled={!ready || atLimit}>
      {t('addToCart', { name: catalogText(getProduct(productId), locale).name })}
    </button>
  );
}
