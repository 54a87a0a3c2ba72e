'use client';

import type { CartLine } from '@/lib/checkout/contract';
import { useTranslations } from '@/lib/i18n/client';
import { useStartCheckout } from './use-start-checkout';

/** Creates a fresh Checkout Session from the same cart when the old one has closed. */
export function StartNewCheckoutButton({
  items,
  currency,
  clientReferenceId,
}: {
  items: CartLine[];
  currency: string;
  clientReferenceId: string | null;
}) {
  const t = useTranslations('checkout');
  const { pending, error, start } = useStartCheckout(t('startNewFailed'));
  return (
    <>
      {error !== null && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <button type="button" disabled={pending} onClick={() => start({ items, currency, clientReferenceId })}>
        {t('startNew')}
      </button>
    </>
  );
}
