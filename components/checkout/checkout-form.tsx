'use client';

import { PaymentElement, useCheckoutElements } from '@stripe/react-stripe-js/checkout';
import type { StripeCheckoutSession } from '@stripe/stripe-js';
import { useState } from 'react';
import { ADD_ONS } from '@/lib/catalog';
import type { CheckoutView } from '@/lib/checkout/checkout-view';
import { formatMoney } from '@/lib/money';
import { checkoutApi } from './checkout-api';
import { OrderSummary } from './order-summary';
import { PromotionCodeForm } from './promotion-code-form';
import { ShippingAddressForm } from './shipping-address-form';

type Checkout = Extract<ReturnType<typeof useCheckoutElements>, { type: 'success' }>['checkout'];
type Session = StripeCheckoutSession;

export function CheckoutForm({
  initialView,
  allowedCountries,
}: {
  initialView: CheckoutView;
  allowedCountries: readonly string[];
}) {
  const state = useCheckoutElements();
  if (state.type === 'loading') {
    return <p aria-busy="true">Loading checkout…</p>;
  }
  if (state.type === 'error') {
    return (
      <p role="alert" className="alert">
        The checkout could not load: {state.error.message}
      </p>
    );
  }
  return (
    <LoadedCheckout checkout={state.checkout} initialView={initialView} allowedCountries={allowedCountries} />
  );
}

function LoadedCheckout({
  checkout,
  initialView,
  allowedCountries,
}: {
  checkout: Checkout;
  initialView: CheckoutView;
  allowedCountries: readonly string[];
}) {
  const [view, setView] = useState(initialView);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The add-on being changed, shown as the shopper clicked it until the server answers.
  const [optimistic, setOptimistic] = useState<{ addOn: string; selected: boolean } | null>(null);
  const [email, setEmail] = useState(checkout.email ?? '');
  const sessionId = view.sessionId;

  /**
   * Every change goes through Stripe.js's runServerUpdate: our route updates the session on the
   * server, then Stripe.js refetches it and the totals re-render. Both failure shapes are handled:
   * a rejection (our route failed, or the 20 s timeout) and `{type: 'error'}` (the refetch failed).
   */
  async function runChange(request: () => Promise<CheckoutView>): Promise<Session | null> {
    setPending(true);
    try {
      let next: CheckoutView | null = null;
      const result = await checkout.runServerUpdate(async () => {
        next = await request();
      });
      // The server saved the change even when Stripe.js could not refetch: show what was saved.
      const saved = next as CheckoutView | null;
      if (saved !== null) {
        setView(saved);
        setNotice(saved.notices.length > 0 ? saved.notices.join(' ') : null);
      }
      if (result.type === 'error') {
        setError(`Your change was saved, but the page could not refresh: ${result.error.message}`);
        return null;
      }
      setError(null);
      return result.session;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Something went wrong. Please try again.');
      return null;
    } finally {
      setPending(false);
    }
  }

  async function toggleAddOn(addOn: string, selected: boolean) {
    setOptimistic({ addOn, selected });
    await runChange(() => checkoutApi.toggleAddOn(sessionId, addOn, selected));
    setOptimistic(null);
  }

  async function saveEmail() {
    const trimmed = email.trim();
    if (trimmed === (checkout.email ?? '') || trimmed === '') return;
    setPending(true);
    try {
      const result = await checkout.updateEmail(trimmed);
      if (result.type === 'error') {
        setError(result.error.message);
        return;
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The email could not be saved.');
      return;
    } finally {
      setPending(false);
    }
    // First-order offers depend on the email for guests: recompute with it.
    await runChange(() => checkoutApi.refreshDiscounts(sessionId));
  }

  async function pay() {
    const shownTotal = checkout.total.total.minorUnitsAmount;
    // One last recompute on the server (time windows, limits, the email) before money moves.
    const session = await runChange(() => checkoutApi.refreshDiscounts(sessionId));
    if (session === null) return;
    if (session.total.total.minorUnitsAmount !== shownTotal) {
      setNotice(`Your total changed to ${session.total.total.amount}. Check your order and press Pay again.`);
      return;
    }
    setPending(true);
    try {
      const result = await checkout.confirm(email.trim() === '' ? {} : { email: email.trim() });
      if (result.type === 'error') setError(result.error.message);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The payment could not be completed.');
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="layout checkout">
      <div>
        {error !== null && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
        <p role="status" className={notice === null ? 'visually-hidden' : 'notice'}>
          {notice}
        </p>

        <fieldset className="card" disabled={pending}>
          <legend>Add-ons</legend>
          {ADD_ONS.map((addOn) => {
            const checked =
              optimistic?.addOn === addOn.id ? optimistic.selected : view.addOns.includes(addOn.id);
            return (
              <div key={addOn.id} className="checkbox">
                <input
                  type="checkbox"
                  id={`add-on-${addOn.id}`}
                  checked={checked}
                  onChange={(event) => toggleAddOn(addOn.id, event.target.checked)}
                />
                <label htmlFor={`add-on-${addOn.id}`}>
                  {addOn.name}{' '}
                  <span className="muted">+{formatMoney(addOn.prices[view.currency], view.currency)}</span>
                </label>
              </div>
            );
          })}
        </fieldset>

        <PromotionCodeForm
          applied={view.promotionCode}
          disabled={pending}
          onApply={(code) => runChange(() => checkoutApi.applyPromotionCode(sessionId, code))}
          onRemove={() => runChange(() => checkoutApi.removePromotionCode(sessionId))}
        />

        <div className="card">
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              id="email"
              type="email"
              autoComplete="email"
              value={email}
              disabled={pending}
              onChange={(event) => setEmail(event.target.value)}
              onBlur={saveEmail}
            />
          </div>
        </div>

        <ShippingAddressForm
          initial={view.shipping}
          allowedCountries={allowedCountries}
          disabled={pending}
          onSave={(address) => runChange(() => checkoutApi.setShippingAddress(sessionId, address))}
        />

        <div className="card">
          <h2>Payment</h2>
          <PaymentElement />
        </div>

        <button type="button" className="pay" onClick={pay} disabled={pending || !checkout.canConfirm}>
          Pay
        </button>
      </div>
      <OrderSummary checkout={checkout} view={view} busy={pending} />
    </div>
  );
}
