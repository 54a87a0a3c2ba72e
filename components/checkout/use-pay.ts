'use client';

import type { RefObject } from 'react';
import type { CheckoutView, ShippingAddressRequest } from '@/lib/checkout/contract';
import type { RefreshDiscountsRequest } from '@/lib/checkout/schemas';
import { useTranslations } from '@/lib/i18n/client';
import { checkoutApi } from './checkout-api';
import type { ChangeResult, CheckoutChangeEvent } from './checkout-change';
import type { FieldCheck } from './field-checks';
import type { Checkout } from './use-checkout-change';

interface Applied<T> {
  isApplied(request: T): boolean;
  markSent(request: T): void;
  markApplied(request: T): void;
}

/**
 * Pay: check the fields (nothing reaches a server when one is wrong), ask Stripe's form what is
 * missing, run one last server recompute carrying whatever the server has not seen yet (still one
 * Stripe update), and confirm unless the total changed: then show the new total and ask again.
 */
export function usePay(options: {
  checkout: Checkout;
  sessionId: string;
  paying: RefObject<boolean>;
  checkFields: () => FieldCheck['typed'];
  email: Applied<string>;
  address: Applied<ShippingAddressRequest>;
  run: (request: () => Promise<CheckoutView>) => Promise<ChangeResult>;
  dispatch: (event: CheckoutChangeEvent) => void;
  onPaid: () => void;
}) {
  const { checkout, paying, dispatch } = options;
  const t = useTranslations('checkout');

  /** Stripe's form shows its own field messages; Pay stays pressable whatever canConfirm says. */
  async function paymentFormReady(): Promise<boolean> {
    const validation = await checkout.validateElements();
    if (validation.type === 'error' && validation.error.code === 'validation_error') {
      dispatch({ type: 'failed', message: t('checkPayment', { message: validation.error.message }) });
      return false;
    }
    return true;
  }

  async function recompute(typed: NonNullable<FieldCheck['typed']>): Promise<boolean> {
    const shownTotal = checkout.total.total.minorUnitsAmount;
    const unseen: RefreshDiscountsRequest = {};
    if (typed.email !== undefined && !options.email.isApplied(typed.email)) unseen.email = typed.email;
    if (!options.address.isApplied(typed.shippingAddress)) unseen.shippingAddress = typed.shippingAddress;
    if (unseen.email !== undefined) options.email.markSent(unseen.email);
    if (unseen.shippingAddress !== undefined) options.address.markSent(unseen.shippingAddress);
    const { saved, session } = await options.run(() =>
      checkoutApi.refreshDiscounts(options.sessionId, unseen),
    );
    if (saved !== null) {
      if (unseen.email !== undefined) options.email.markApplied(unseen.email);
      options.address.markApplied(typed.shippingAddress);
    }
    if (session === null) return false;
    if (session.total.total.minorUnitsAmount !== shownTotal) {
      dispatch({ type: 'noticed', message: t('totalChanged', { total: session.total.total.amount }) });
      return false;
    }
    // canConfirm of the session as it stands after the recompute (the address it may have just
    // carried counts): false while another update is pending or something is still missing.
    if (!session.canConfirm) {
      dispatch({ type: 'failed', message: t('paymentNotReady') });
      return false;
    }
    return true;
  }

  async function confirm(email: string | undefined): Promise<void> {
    dispatch({ type: 'started' });
    try {
      const result = await checkout.confirm(email === undefined ? {} : { email });
      if (result.type === 'error') dispatch({ type: 'failed', message: result.error.message });
      else options.onPaid();
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : t('paymentFailed');
      dispatch({ type: 'failed', message });
    } finally {
      dispatch({ type: 'settled', optimistic: false });
    }
  }

  async function pay(): Promise<void> {
    const typed = options.checkFields();
    if (typed === null || !(await paymentFormReady())) return;
    paying.current = true;
    try {
      if (await recompute(typed)) await confirm(typed.email);
    } finally {
      paying.current = false;
    }
  }

  return pay;
}
