'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { startCheckoutSession } from '@/components/checkout/checkout-api';
import { catalogText, getProduct } from '@/lib/catalog';
import { MAX_QUANTITY } from '@/lib/checkout/contract';
import { localePath } from '@/lib/i18n/locales';
import { formatMoney } from '@/lib/money';
import { useStorefront } from './storefront-provider';

const QUANTITIES = Array.from({ length: MAX_QUANTITY }, (_, index) => index + 1);

export function Cart() {
  const { ready, items, currency, clientReferenceId, setQuantity, remove, markCheckoutStarted } =
    useStorefront();
  const t = useTranslations('storefront');
  const locale = useLocale();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const subtotal = items.reduce(
    (sum, line) => sum + getProduct(line.productId).prices[currency] * line.quantity,
    0,
  );

  async function startCheckout() {
    setPending(true);
    setError(null);
    try {
      const id = await startCheckoutSession({ items, currency, clientReferenceId });
      markCheckoutStarted(id);
      router.push(localePath(locale, `/checkout/${encodeURIComponent(id)}`));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : t('checkoutFailed'));
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="cart-heading" className="card">
      <h2 id="cart-heading">{t('cart')}</h2>
      {!ready ? (
        <p>{t('loadingCart')}</p>
      ) : items.length === 0 ? (
        <p>{t('emptyCart')}</p>
      ) : (
        <ul className="cart-lines">
          {items.map((line) => {
            const product = getProduct(line.productId);
            const { name } = catalogText(product, locale);
            return (
              <li key={line.productId}>
                <span>{name}</span>
                <span className="qty">
                  <label className="visually-hidden" htmlFor={`quantity-${line.productId}`}>
                    {t('quantityOf', { name })}
                  </label>
                  <select
                    id={`quantity-${line.productId}`}
                    value={line.quantity}
                    onChange={(event) => setQuantity(line.productId, Number(event.target.value))}
                  >
                    {QUANTITIES.map((quantity) => (
                      <option key={quantity} value={quantity}>
                        {quantity}
                      </option>
                    ))}
                  </select>
                </span>
                <span className="amount">
                  {formatMoney(product.prices[currency] * line.quantity, currency)}
                </span>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('remove', { name })}
                  onClick={() => remove(line.productId)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="totals">
        <span>{t('subtotal')}</span>
        <span className="amount" data-testid="cart-subtotal">
          {formatMoney(subtotal, currency)}
        </span>
      </div>
      {clientReferenceId !== null && (
        <p className="muted">{t('reference', { reference: clientReferenceId })}</p>
      )}
      {error !== null && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        onClick={startCheckout}
        aria-busy={pending}
        disabled={!ready || items.length === 0 || pending}
      >
        {t('checkout')}
      </button>
    </section>
  );
}
