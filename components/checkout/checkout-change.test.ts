import type { StripeCheckoutRunServerUpdateResult, StripeCheckoutSession } from '@stripe/stripe-js';
import { describe, expect, test, vi } from 'vitest';
import type { CheckoutView } from '@/lib/checkout/contract';
import { CheckoutApiError } from './checkout-api';
import {
  type CheckoutChangeEvent,
  type CheckoutChangeState,
  checkoutChangeReducer,
  initialChangeState,
  runCheckoutChange,
} from './checkout-change';

const VIEW: CheckoutView = {
  sessionId: 'cs_test_1',
  currency: 'usd',
  addOns: [],
  promotionCode: null,
  shipping: null,
  email: null,
  hasCustomer: false,
  discounts: [],
  notices: [],
};
const WITH_GIFT_WRAP: CheckoutView = { ...VIEW, addOns: ['gift_wrap'] };

const sessionWithTotal = (amount: string) =>
  ({ total: { total: { amount, minorUnitsAmount: 0 } } }) as unknown as StripeCheckoutSession;

/** A Stripe.js stand-in: runs our function like runServerUpdate does, then answers `outcome`. */
function fakeCheckout(outcome: StripeCheckoutRunServerUpdateResult) {
  return {
    runServerUpdate: vi.fn(async (update: () => Promise<unknown>) => {
      await update();
      return outcome;
    }),
  };
}

/** Runs a change against the reducer and returns every state it went through. */
async function drive(
  checkout: ReturnType<typeof fakeCheckout>,
  request: () => Promise<CheckoutView>,
  optimistic?: { addOn: 'gift_wrap'; selected: boolean },
) {
  let state: CheckoutChangeState = initialChangeState(VIEW, '$66.00');
  const states: CheckoutChangeState[] = [];
  const dispatch = (event: CheckoutChangeEvent) => {
    state = checkoutChangeReducer(state, event);
    states.push(state);
  };
  const result = await runCheckoutChange(checkout, request, dispatch, optimistic);
  return { result, states, final: state };
}

describe('runCheckoutChange', () => {
  test('a saved and refetched change shows the server view, announces the new total and settles', async () => {
    const session = sessionWithTotal('$71.00');
    const { result, states, final } = await drive(
      fakeCheckout({ type: 'success', session }),
      async () => WITH_GIFT_WRAP,
      { addOn: 'gift_wrap', selected: true },
    );
    expect(states[0]).toMatchObject({ inFlight: 1, optimistic: { addOn: 'gift_wrap', selected: true } });
    expect(result).toEqual({ saved: WITH_GIFT_WRAP, session });
    expect(final).toMatchObject({
      view: WITH_GIFT_WRAP,
      inFlight: 0,
      optimistic: null,
      error: null,
      notice: null,
      announcement: 'Your total is now $71.00.',
      closedByServer: null,
    });
  });

  test('an unchanged total is not announced again', async () => {
    const { final } = await drive(
      fakeCheckout({ type: 'success', session: sessionWithTotal('$66.00') }),
      async () => VIEW,
    );
    expect(final.announcement).toBe('');
  });

  test("the server's notices become the status sentence", async () => {
    const noticed = { ...VIEW, notices: ['SAVE20 no longer applies.', 'Add $6.00 more.'] };
    const { final } = await drive(
      fakeCheckout({ type: 'success', session: sessionWithTotal('$66.00') }),
      async () => noticed,
    );
    expect(final.notice).toBe('SAVE20 no longer applies. Add $6.00 more.');
  });

  test('a refused change (rejected promise) shows the server sentence in the alert and restores the add-on', async () => {
    const checkout = fakeCheckout({ type: 'success', session: sessionWithTotal('$66.00') });
    const { result, final } = await drive(
      checkout,
      async () => {
        throw new CheckoutApiError('Stripe did not answer in time. Please try again.', 504, 'stripe_timeout');
      },
      { addOn: 'gift_wrap', selected: true },
    );
    expect(result).toEqual({ saved: null, session: null });
    expect(final).toMatchObject({
      view: VIEW,
      inFlight: 0,
      optimistic: null,
      error: 'Stripe did not answer in time. Please try again.',
      closedByServer: null,
    });
  });

  test('a rejection that is not an Error still ends in one readable alert', async () => {
    const checkout = { runServerUpdate: vi.fn(() => Promise.reject('boom')) };
    const { final } = await drive(checkout as never, async () => VIEW);
    expect(final).toMatchObject({ inFlight: 0, error: 'Something went wrong. Please try again.' });
  });

  test('a saved change whose refetch failed ({type: "error"}) keeps the saved view and says so', async () => {
    const { result, final } = await drive(
      fakeCheckout({
        type: 'error',
        error: { message: 'Network error' },
      } as StripeCheckoutRunServerUpdateResult),
      async () => WITH_GIFT_WRAP,
      { addOn: 'gift_wrap', selected: true },
    );
    expect(result).toEqual({ saved: WITH_GIFT_WRAP, session: null });
    expect(final).toMatchObject({
      view: WITH_GIFT_WRAP,
      inFlight: 0,
      optimistic: null,
      error: 'Your change was saved, but the page could not refresh: Network error',
    });
  });

  test('409 (the session closed) closes the page with the server sentence instead of an alert', async () => {
    const { final } = await drive(
      fakeCheckout({ type: 'success', session: sessionWithTotal('$66.00') }),
      async () => {
        throw new CheckoutApiError('This checkout has expired.', 409, 'session_not_open');
      },
    );
    expect(final).toMatchObject({ closedByServer: 'This checkout has expired.', error: null, inFlight: 0 });
  });

  test('a database failure (503) shows its sentence in the alert and restores the add-on, like any refusal', async () => {
    const { result, final } = await drive(
      fakeCheckout({ type: 'success', session: sessionWithTotal('$66.00') }),
      async () => {
        throw new CheckoutApiError(
          "We couldn't save your change. Please try again.",
          503,
          'service_unavailable',
        );
      },
      { addOn: 'gift_wrap', selected: true },
    );
    expect(result).toEqual({ saved: null, session: null });
    expect(final).toMatchObject({
      view: VIEW,
      inFlight: 0,
      optimistic: null,
      error: "We couldn't save your change. Please try again.",
      closedByServer: null,
    });
  });

  test('a later successful change clears the previous alert', async () => {
    let state = checkoutChangeReducer(initialChangeState(VIEW, '$66.00'), { type: 'failed', message: 'x' });
    state = checkoutChangeReducer(state, { type: 'refreshed', total: '$66.00' });
    expect(state.error).toBeNull();
  });

  test('two overlapping changes keep the page busy until both settle', () => {
    let state = initialChangeState(VIEW, '$66.00');
    state = checkoutChangeReducer(state, { type: 'started' });
    state = checkoutChangeReducer(state, { type: 'started' });
    state = checkoutChangeReducer(state, { type: 'settled', optimistic: false });
    expect(state.inFlight).toBe(1);
    state = checkoutChangeReducer(state, { type: 'settled', optimistic: false });
    expect(state.inFlight).toBe(0);
  });
});
