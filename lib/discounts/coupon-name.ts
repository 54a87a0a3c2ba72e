/**
 * Stripe rejects a coupon `name` longer than 40 characters, and the combined name is built from
 * merchant-edited rule names, so it must be shortened rather than allowed to fail the whole
 * session update.
 */
export const STRIPE_COUPON_NAME_MAX_LENGTH = 40;

const SEPARATOR = ' + ';

/**
 * Joins discount names for the one Stripe coupon: "WELCOME10 + Spend $100, save $10".
 * When that is too long, the leading names that fit are kept whole and the rest are counted
 * ("WELCOME10 + 2 more"), so a receipt never shows a name cut mid-word unless even the first
 * name alone does not fit, in which case it is cut with an ellipsis.
 */
export function combineDiscountNames(
  names: readonly string[],
  maxLength: number = STRIPE_COUPON_NAME_MAX_LENGTH,
): string {
  const full = names.join(SEPARATOR);
  if (length(full) <= maxLength) return full;
  for (let kept = names.length - 1; kept >= 1; kept -= 1) {
    const candidate = [...names.slice(0, kept), `${names.length - kept} more`].join(SEPARATOR);
    if (length(candidate) <= maxLength) return candidate;
  }
  // Code points, not UTF-16 units, so a cut never splits a surrogate pair.
  return `${Array.from(full)
    .slice(0, maxLength - 1)
    .join('')
    .trimEnd()}…`;
}

function length(text: string): number {
  return Array.from(text).length;
}
