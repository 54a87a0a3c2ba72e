'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { CartLine } from '@/lib/checkout/contract';
import { localePath } from '@/lib/i18n/locales';
import { startCheckoutSession } from './checkout-api';

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
  const locale = useLocale();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error !== null && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          try {
            const id = await startCheckoutSession({ items, currency, clientReferenceId });
            router.push(localePath(locale, `/checkout/${encodeURIComponent(id)}`));
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : t('startNewFailed'));
            setPending(false);
          }
        }}
      >
        {t('startNew')}
      </button>
    </>
  );
}
