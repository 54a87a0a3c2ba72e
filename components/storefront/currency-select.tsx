'use client';

import { useTranslations } from '@/lib/i18n/client';
import { CURRENCIES, isCurrency } from '@/lib/money';
import { useStorefront } from './storefront-provider';

export function CurrencySelect() {
  const t = useTranslations('storefront');
  const { currency, setCurrency } = useStorefront();
  return (
    <div className="field">
      <label htmlFor="currency">{t('currency')}</label>
      <select
        id="currency"
        value={currency}
        onChange={(event) => {
          if (isCurrency(event.target.value)) setCurrency(event.target.value);
        }}
      >
        {CURRENCIES.map((code) => (
          <option key={code} value={code}>
            {t(`currencyNames.${code}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
