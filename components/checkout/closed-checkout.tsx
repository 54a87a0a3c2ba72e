'use client';

import type { CartLine } from '@/lib/checkout/contract';
import { useTranslations } from '@/lib/i18n/client';
import { StartNewCheckoutButton } from './start-new-checkout-button';

/** The cart a dead session's "Start a new checkout" starts again from. */
export interface RestartCart {
  items: CartLine[];
  currency: string;
  clientReferenceId: string | null;
}

/** What replaces the form once the session is closed: no control stays live on a dead session. */
export function ClosedCheckout({ closed, restart }: { closed: string; restart: RestartCart }) {
  const t = useTranslations('checkout');
  return (
    <div className="card">
      <p role="status">
        {closed === 'complete' ? t('alreadyPaid') : closed === 'expired' ? t('expired') : closed}
      </p>
      <StartNewCheckoutButton
        items={restart.items}
        currency={restart.currency}
        clientReferenceId={restart.clientReferenceId}
      />
    </div>
  );
}
