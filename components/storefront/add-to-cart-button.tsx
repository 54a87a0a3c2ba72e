'use client';

import { useLocale, useTranslations } from 'next-intl';
import { catalogText, getProduct, type ProductId } from '@/lib/catalog';
import { MAX_QUANTITY } from '@/lib/checkout/contract';
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
