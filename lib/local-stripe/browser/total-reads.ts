import type { StripeCheckoutSession } from '@stripe/stripe-js';

/**
 * Stripe.js's `confirm()` throws unless the page read the total it shows the shopper: either
 * `total.total.amount`, or each of `total.total.minorUnitsAmount`, `currency` and
 * `minorUnitsAmountDivisor` (https://docs.stripe.com/js/custom_checkout/confirm). The stand-in
 * notices those reads through getters on the session objects it hands out.
 *
 * `@stripe/react-stripe-js` copies the session's top-level fields into its `checkout` value, which
 * reads `currency` and `minorUnitsAmountDivisor` for every React page; `total.total` is copied by
 * reference, so its fields count only when the page itself reads them.
 */
export interface TotalReads {
  amount: boolean;
  minorUnitsAmount: boolean;
  currency: boolean;
  minorUnitsAmountDivisor: boolean;
}

export const noTotalReads = (): TotalReads => ({
  amount: false,
  minorUnitsAmount: false,
  currency: false,
  minorUnitsAmountDivisor: false,
});

export function totalWasRead(reads: TotalReads): boolean {
  return reads.amount || (reads.minorUnitsAmount && reads.currency && reads.minorUnitsAmountDivisor);
}

/** Stripe.js's IntegrationError: a mistake in the page's code, thrown rather than answered. */
export class IntegrationError extends Error {
  readonly type = 'IntegrationError';
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationError';
  }
}

export const TOTAL_NOT_READ =
  'confirm() was called, but the checkout page never read the total it shows: display `total.total.amount` (or `total.total.minorUnitsAmount` with `currency` and `minorUnitsAmountDivisor`) from the checkout session before confirming.';

const recording = <T>(value: T, record: () => void): PropertyDescriptor => ({
  enumerable: true,
  configurable: true,
  get: () => {
    record();
    return value;
  },
});

/** The same session whose total fields record that they were read. */
export function watchTotalReads(session: StripeCheckoutSession, reads: TotalReads): StripeCheckoutSession {
  const { amount, minorUnitsAmount } = session.total.total;
  const total = Object.defineProperties({} as StripeCheckoutSession['total']['total'], {
    amount: recording(amount, () => {
      reads.amount = true;
    }),
    minorUnitsAmount: recording(minorUnitsAmount, () => {
      reads.minorUnitsAmount = true;
    }),
  });
  const watched: StripeCheckoutSession = { ...session, total: { ...session.total, total } };
  return Object.defineProperties(watched, {
    currency: recording(session.currency, () => {
      reads.currency = true;
    }),
    minorUnitsAmountDivisor: recording(session.minorUnitsAmountDivisor, () => {
      reads.minorUnitsAmountDivisor = true;
    }),
  });
}
