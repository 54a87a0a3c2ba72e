'use client';

import { useTranslations } from '@/lib/i18n/client';
/** The total next to the one "Pay" button, so the shopper sees what they pay where they press. */
export function PayLine({ total, disabled, onPay }: { total: string; disabled: boolean; onPay: () => void }) {
  const t = useTranslations('checkout');
  return (
    <div className="pay-line">
      <p>
        {t('total')} <strong data-testid="pay-total">{total}</strong>
      </p>
      <button type="button" className="pay" onClick={onPay} disabled={disabled}>
        {t('pay')}
      </button>
    </div>
  );
}
