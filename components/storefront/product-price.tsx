'use client';

import { type Currency, formatMoney } from '@/lib/money';
import { useStorefront } from './storefront-provider';

/** The price in the shopper's currency (prices come from the server's catalog as props). */
export function ProductPrice({ prices }: { prices: Readonly<Record<Currency, number>> }) {
  const { currency } = useStorefront();
  return <p className="price">{formatMoney(prices[currency], currency)}</p>;
}
