'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useLocale } from '@/lib/i18n/client';
import { localePath } from '@/lib/i18n/locales';
import { startCheckoutSession } from './session-start';

type CheckoutCart = Parameters<typeof startCheckoutSession>[0];

/**
 * Starts a Checkout Session for a cart and opens its page, in the page's language. While it runs `pending` is true; a
 * failure restores the button and leaves the reason in `error` (the server's message, or
 * `fallbackMessage` for anything that is not an Error).
 */
export function useStartCheckout(fallbackMessage: string) {
  const router = useRouter();
  const locale = useLocale();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(cart: CheckoutCart, onStarted?: (sessionId: string) => void): Promise<void> {
    setPending(true);
    setError(null);
    try {
      const id = await startCheckoutSession(cart);
      onStarted?.(id);
      router.push(localePath(locale, `/checkout/${encodeURIComponent(id)}`));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : fallbackMessage);
      setPending(false);
    }
  }

  return { pending, error, start };
}
