import type { StripeCheckoutRunServerUpdateResult, StripeCheckoutSession } from '@stripe/stripe-js';
import type { AddOnId } from '@/lib/catalog';
import type { CheckoutView } from '@/lib/checkout/contract';
import { CheckoutApiError } from './checkout-api';

/**
 * The checkout page's change state as a pure reducer, and the one function that runs a change
 * through Stripe.js's runServerUpdate. useCheckoutChange binds them to React; tests drive them with
 * a fake runServerUpdate.
 */

export interface AddOnChoice {
  addOn: AddOnId;
  selected: boolean;
}

export interface CheckoutChangeState {
  view: CheckoutView;
  /** Changes in flight. Only the controls that would start a conflicting change wait for them. */
  inFlight: number;
  /** The sentence of the page's single alert. */
  error: string | null;
  notice: string | null;
  /** The polite status's sentence about the new total, for screen readers. */
  announcement: string;
  /** Stripe's formatted total when it was last announced (or first shown). */
  announcedTotal: string;
  /** The add-on being changed, shown as the shopper clicked it until the server answers. */
  optimistic: AddOnChoice | null;
  /** The server's sentence when it says the session is no longer open (409). */
  closedByServer: string | null;
}

export type CheckoutChangeEvent =
  | { type: 'started'; optimistic?: AddOnChoice }
  | { type: 'saved'; view: CheckoutView }
  | { type: 'refreshed'; total: string; announcement?: string }
  | { type: 'refresh-failed'; message: string; sentence?: string }
  | { type: 'refused'; message: string; status: number | null }
  | { type: 'settled'; optimistic: boolean }
  | { type: 'failed'; message: string }
  | { type: 'noticed'; message: string };

export function initialChangeState(view: CheckoutView, total: string): CheckoutChangeState {
  return {
    view,
    inFlight: 0,
    error: null,
    notice: null,
    announcement: '',
    announcedTotal: total,
    optimistic: null,
    closedByServer: null,
  };
}

/** The sentences a change produces in the browser, in the page's language (English by default). */
export interface ChangeTexts {
  totalNow(total: string): string;
  savedNoRefresh(message: string): string;
  somethingWrong: string;
}

export const ENGLISH_CHANGE_TEXTS: ChangeTexts = {
  totalNow: (total) => `Your total is now ${total}.`,
  savedNoRefresh: (message) => `Your change was saved, but the page could not refresh: ${message}`,
  somethingWrong: 'Something went wrong. Please try again.',
};

export function checkoutChangeReducer(
  state: CheckoutChangeState,
  event: CheckoutChangeEvent,
): CheckoutChangeState {
  switch (event.type) {
    case 'started':
      return { ...state, inFlight: state.inFlight + 1, optimistic: event.optimistic ?? state.optimistic };
    case 'saved':
      return {
        ...state,
        view: event.view,
        notice: event.view.notices.length > 0 ? event.view.notices.join(' ') : null,
      };
    case 'refreshed':
      return event.total === state.announcedTotal
        ? { ...state, error: null }
        : {
            ...state,
            error: null,
            announcedTotal: event.total,
            announcement: event.announcement ?? ENGLISH_CHANGE_TEXTS.totalNow(event.total),
          };
    case 'refresh-failed':
      return { ...state, error: event.sentence ?? ENGLISH_CHANGE_TEXTS.savedNoRefresh(event.message) };
    case 'refused':
      // 409: the session closed (expired, or paid in another tab); the page says so instead.
      return event.status === 409
        ? { ...state, closedByServer: event.message }
        : { ...state, error: event.message };
    case 'settled':
      return {
        ...state,
        inFlight: state.inFlight - 1,
        optimistic: event.optimistic ? null : state.optimistic,
      };
    case 'failed':
      return { ...state, error: event.message };
    case 'noticed':
      return { ...state, notice: event.message };
  }
}

/** The part of Stripe.js's checkout object a change needs. */
export interface ServerUpdater {
  runServerUpdate(update: () => Promise<unknown>): Promise<StripeCheckoutRunServerUpdateResult>;
}

export interface ChangeResult {
  /** What the server saved, even when Stripe.js could not refetch the session afterwards. */
  saved: CheckoutView | null;
  /** The refetched session, when everything went through. */
  session: StripeCheckoutSession | null;
}

/**
 * Runs one change: our route updates the session on the server, then Stripe.js refetches it and
 * the totals re-render. Both failure shapes are handled: a rejection (our route refused or failed,
 * or the 20 s timeout) and `{type: 'error'}` (the refetch failed after the server saved).
 */
export async function runCheckoutChange(
  checkout: ServerUpdater,
  request: () => Promise<CheckoutView>,
  dispatch: (event: CheckoutChangeEvent) => void,
  optimistic?: AddOnChoice,
  texts: ChangeTexts = ENGLISH_CHANGE_TEXTS,
): Promise<ChangeResult> {
  dispatch(optimistic === undefined ? { type: 'started' } : { type: 'started', optimistic });
  const answer: { saved: CheckoutView | null } = { saved: null };
  try {
    const result = await checkout.runServerUpdate(async () => {
      answer.saved = await request();
    });
    if (answer.saved !== null) dispatch({ type: 'saved', view: answer.saved });
    if (result.type === 'error') {
      const { message } = result.error;
      dispatch({ type: 'refresh-failed', message, sentence: texts.savedNoRefresh(message) });
      return { saved: answer.saved, session: null };
    }
    const total = result.session.total.total.amount;
    dispatch({ type: 'refreshed', total, announcement: texts.totalNow(total) });
    return { saved: answer.saved, session: result.session };
  } catch (failure) {
    dispatch({
      type: 'refused',
      message: failure instanceof Error ? failure.message : texts.somethingWrong,
      status: failure instanceof CheckoutApiError ? failure.status : null,
    });
    return { saved: null, session: null };
  } finally {
    dispatch({ type: 'settled', optimistic: optimistic !== undefined });
  }
}
