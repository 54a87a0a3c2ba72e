import type { Messages } from '@/lib/i18n/messages';
import type { Currency } from '@/lib/money';

/** The `discounts` translator: next-intl's on the server, `@/lib/i18n/client`'s in the browser. */
type DiscountsT = (key: keyof Messages['discounts'], values?: { currency: Currency }) => string;

/**
 * A discount's name in the page's language. The demo rules' names have translations (messages,
 * `discounts`); a merchant's own rule keeps the name it was given.
 */
export function discountName(
  t: DiscountsT,
  discount: { ruleId: string; name: string },
  currency: Currency,
): string {
  switch (discount.ruleId) {
    case 'threshold-spend-100':
      return t('threshold-spend-100', { currency });
    case 'location-jp-express':
      return t('location-jp-express');
    case 'loyalty':
      if (discount.name === 'Loyalty 5% off') return t('loyalty5');
      if (discount.name === 'Loyalty 10% off') return t('loyalty10');
      return discount.name;
    default:
      return discount.name;
  }
}
