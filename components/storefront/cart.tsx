'use client';

import { useStartCheckout } from '@/components/checkout/use-start-checkout';
import { MAX_QUANTITY } from '@/lib/catalog/ids';
import type { CartLine } from '@/lib/checkout/contract';
import { useTranslations } from '@/lib/i18n/client';
import { type Currency, formatMoney } from '@/lib/money';
import { useStorefront } from './storefront-provider';

const QUANTITIES = Array.from({ length: MAX_QUANTITY }, (_, index) => index + 1);

export function Cart() {
  const { ready, items, currency, clientReferenceId, setQuantity, remove, markCheckoutStarted, product } =
    useStorefront();
  const t = useTranslations('storefront');
  const { pending, error, start } = useStartCheckout(t('checkoutFailed'));
  const subtotal = items.reduce(
    (sum, line) => sum + product(line.productId).prices[currency] * line.quantity,
    0,
  );
  const startCheckout = () => start({ items, currency, clientReferenceId }, markCheckoutStarted);

  return (
    <section aria-labelledby="cart-heading" className="card">
      <h2 id="cart-heading">{t('cart')}</h2>
      {!ready ? (
        <p>{t('loadingCart')}</p>
      ) : items.length === 0 ? (
        <p>{t('emptyCart')}</p>
      ) : (
        <ul className="cart-lines">
          {items.map((line) => (
            <CartLineItem
              key={line.productId}
              line={line}
              currency={currency}
              onQuantity={(quantity) => setQuantity(line.productId, quantity)}
              onRemove={() => remove(line.productId)}
            />
          ))}
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

function CartLineItem({
  line,
  currency,
  onQuantity,
  onRemove,
}: {
  line: CartLine;
  currency: Currency;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
}) {
  const t = useTranslations('storefront');
  const product = useStorefront().product(line.productId);
  const { name } = product;
  return (
    <li>
      <span>{name}</span>
      <span className="qty">
        <label className="visually-hidden" htmlFor={`quantity-${line.productId}`}>
          {t('quantityOf', { name })}
        </label>
        <select
          id={`quantity-${line.productId}`}
          value={line.quantity}
          onChange={(event) => onQuantity(Number(event.target.value))}
        >
          {QUANTITIES.map((quantity) => (
            <option key={quantity} value={quantity}>
              {quantity}
            </option>
          ))}
        </select>
      </span>
      <span className="amount">{formatMoney(product.prices[currency] * line.quantity, currency)}</span>
      <button type="button" className="secondary" aria-label={t('remove', { name })} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}
