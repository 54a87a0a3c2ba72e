'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useTranslations } from '@/lib/i18n/client';

const REFRESH_EVERY_MS = 1_000;
const MAX_REFRESHES = 30;

/**
 * The order number on the return page. The order is written by the Stripe webhook, which may land
 * a moment after the shopper does; until it exists this re-renders the page (router.refresh) every
 * second for half a minute, then points to "Your orders".
 */
export function OrderNumberStatus({ orderNumber }: { orderNumber: string | null }) {
  const t = useTranslations('returnPage');
  const router = useRouter();
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (orderNumber !== null) return;
    let refreshes = 0;
    const timer = setInterval(() => {
      refreshes += 1;
      if (refreshes > MAX_REFRESHES) {
        clearInterval(timer);
        setGaveUp(true);
        return;
      }
      router.refresh();
    }, REFRESH_EVERY_MS);
    return () => clearInterval(timer);
  }, [orderNumber, router]);

  if (orderNumber !== null) {
    return (
      <p>
        {t.rich('orderNumber', {
          number: orderNumber,
          strong: (chunks) => <strong data-testid="order-number">{chunks}</strong>,
        })}
      </p>
    );
  }
  return (
    <p role="status" className="muted">
      {gaveUp ? t('gaveUp') : t('confirming')}
    </p>
  );
}
