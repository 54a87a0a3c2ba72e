'use client';

import type { useCheckoutElements } from '@stripe/react-stripe-js/checkout';
import { useCallback, useMemo, useReducer } from 'react';
import type { CheckoutView } from '@/lib/checkout/contract';
import { useTranslations } from '@/lib/i18n/client';
import {
  type AddOnChoice,
  type ChangeResult,
  type ChangeTexts,
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
  const t = useTranslations('checkout');
  const texts = useMemo<ChangeTexts>(
    () => ({
      totalNow: (total) => t('totalNow', { total }),
      savedNoRefresh: (message) => t('savedNoRefresh', { message }),
      somethingWrong: t('somethingWrong'),
    }),
    [t],
  );
  const run = useCallback(
    (request: () => Promise<CheckoutView>, optimistic?: AddOnChoice): Promise<ChangeResult> =>
      runCheckoutChange(checkout, request, dispatch, optimistic, texts),
    [checkout, texts],
  );
  return { state, dispatch, run, busy: state.inFlight > 0 };
}
