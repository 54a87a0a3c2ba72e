'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useTranslations } from '@/lib/i18n/client';

/** What the page's sign-in server action answers; the page passes the action in. */
export type SelectCustomer = (
  customerId: string | null,
) => Promise<{ ok: true } | { ok: false; reason: 'signInUnavailable' | 'unknownCustomer'; message: string }>;

export function ShoppingAsSelect({
  customers,
  currentCustomerId,
  selectCustomer,
}: {
  customers: readonly { id: string; displayName: string }[];
  currentCustomerId: string | null;
  selectCustomer: SelectCustomer;
}) {
  const t = useTranslations('storefront');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(currentCustomerId ?? '');

  return (
    <div className="field">
      <label htmlFor="shopping-as">{t('shoppingAs')}</label>
      <select
        id="shopping-as"
        value={selected}
        disabled={pending}
        onChange={(event) => {
          const previous = selected;
          const next = event.target.value;
          setSelected(next);
          startTransition(async () => {
            const result = await selectCustomer(next === '' ? null : next);
            if (result.ok) {
              setError(null);
              router.refresh();
            } else {
              setSelected(previous);
              setError(t(result.reason));
            }
          });
        }}
      >
        <option value="">{t('guest')}</option>
        {customers.map((customer) => (
          <option key={customer.id} value={customer.id}>
            {customerName(t, customer)}
          </option>
        ))}
      </select>
      {error !== null && <p role="alert">{error}</p>}
    </div>
  );
}

const DEMO_NAMES = ['returning', 'gold', 'vip'] as const;

/** The demo customers' names in the page's language; any other customer by their own name. */
function customerName(
  t: ReturnType<typeof useTranslations<'storefront'>>,
  customer: { id: string; displayName: string },
): string {
  const demo = DEMO_NAMES.find((id) => id === customer.id);
  return demo === undefined ? customer.displayName : t(`customerNames.${demo}`);
}
