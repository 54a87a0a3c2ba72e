'use client';

import type { useCheckoutElements } from '@stripe/react-stripe-js/checkout';
import { useCallback, useReducer } from 'react';
import type { CheckoutView } from '@/lib/checkout/contract';
import {
  type AddOnChoice,
  type ChangeResult,
  checkoutChangeReducer,
  initialChangeState,
  runCheckoutChange,
} from './checkout-change';

export type Checkout = Extract<ReturnType<typeof useCheckoutElements>, { type: 'success' }>['checkout'];

/**
 * The checkout page's changes: `run` sends one through runServerUpdate (optionally showing an
 * add-on as clicked until the server answers) and `state` holds what the page shows of them.
 */
export function useCheckoutChange(checkout: Checkout, initialView: CheckoutView) {
  const [state, dispatch] = useReducer(checkoutChangeReducer, undefined, () =>
    initialChangeState(initialView, checkout.total.total.amount),
  );
  const run = useCallback(
    (request: () => Promise<CheckoutView>, optimistic?: AddOnChoice): Promise<ChangeResult> =>
      runCheckoutChange(checkout, request, dispatch, optimistic),
    [checkout],
  );
  return { state, dispatch, run, busy: state.inFlight > 0 };
}
