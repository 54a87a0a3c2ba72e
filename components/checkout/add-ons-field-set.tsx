'use client';

import { ADD_ONS, catalogText } from '@/lib/catalog';
import type { CheckoutView } from '@/lib/checkout/contract';
import { useLocale, useTranslations } from '@/lib/i18n/client';
import { formatMoney } from '@/lib/money';
import type { AddOnChoice } from './checkout-change';

/** The add-on checkboxes; one being changed shows as clicked until the server answers. */
export function AddOnsFieldSet({
  view,
  optimistic,
  disabled,
  onToggle,
}: {
  view: CheckoutView;
  optimistic: AddOnChoice | null;
  disabled: boolean;
  onToggle: (choice: AddOnChoice) => void;
}) {
  const t = useTranslations('checkout');
  const locale = useLocale();
  return (
    <fieldset className="card" disabled={disabled}>
      <legend>{t('addOns')}</legend>
      {ADD_ONS.map((addOn) => {
        const checked = optimistic?.addOn === addOn.id ? optimistic.selected : view.addOns.includes(addOn.id);
        return (
          <div key={addOn.id} className="checkbox">
            <input
              type="checkbox"
              id={`add-on-${addOn.id}`}
              checked={checked}
              onChange={(event) => onToggle({ addOn: addOn.id, selected: event.target.checked })}
            />
            <label htmlFor={`add-on-${addOn.id}`}>
              {catalogText(addOn, locale).name}{' '}
              <span className="muted">+{formatMoney(addOn.prices[view.currency], view.currency)}</span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
