'use client';

import { PaymentElement, useCheckoutElements } from '@stripe/react-stripe-js/checkout';
import { useEffect, useRef, useState } from 'react';
import type { CheckoutView } from '@/lib/checkout/contract';
import { useLocale, useTranslations } from '@/lib/i18n/client';
import { AddOnsFieldSet } from './add-ons-field-set';
import { checkoutApi } from './checkout-api';
import { CheckoutMessages } from './checkout-messages';
import { ClosedCheckout, type RestartCart } from './closed-checkout';
import { EmailField } from './email-field';
import { OrderSummary, OrderSummaryBar } from './order-summary';
import { PayLine } from './pay-line';
import { PromotionCodeForm } from './promotion-code-form';
import { ShippingAddressForm } from './shipping-address-form';
import { type Checkout, useCheckoutChange } from './use-checkout-change';
import { useCheckoutFields } from './use-checkout-fields';
import { usePay } from './use-pay';

interface CheckoutFormProps {
  initialView: CheckoutView;
  allowedCountries: readonly string[];
  restart: RestartCart;
}

export function CheckoutForm(props: CheckoutFormProps) {
  const state = useCheckoutElements();
  const t = useTranslations('checkout');
  if (state.type === 'loading') {
    return <p aria-busy="true">{t('loading')}</p>;
  }
  if (state.type === 'error') {
    return (
      <p role="alert" className="alert">
        {t('loadFailed', { message: state.error.message })}
      </p>
    );
  }
  return <LoadedCheckout checkout={state.checkout} {...props} />;
}

/**
 * Another tab may have paid, or the session expired while the shopper was away: look again when
 * the page comes back into view. Stripe.js refetches the session after the (empty) update.
 */
function useRecheckOnFocus(checkout: Checkout, closed: string | null, paying: { current: boolean }) {
  useEffect(() => {
    if (closed !== null) return;
    const recheck = () => {
      if (document.visibilityState === 'hidden' || paying.current) return;
      void checkout.runServerUpdate(async () => {}).catch(() => undefined);
    };
    window.addEventListener('focus', recheck);
    document.addEventListener('visibilitychange', recheck);
    return () => {
      window.removeEventListener('focus', recheck);
      document.removeEventListener('visibilitychange', recheck);
    };
  }, [checkout, closed, paying]);
}

function LoadedCheckout({
  checkout,
  initialView,
  allowedCountries,
  restart,
}: CheckoutFormProps & { checkout: Checkout }) {
  const t = useTranslations('checkout');
  const locale = useLocale();
  const change = useCheckoutChange(checkout, initialView);
  const { state, dispatch, run, busy } = change;
  const [paid, setPaid] = useState(false);
  const paying = useRef(false);
  // Stripe knows a signed-in customer's email from the customer: we never send it one.
  const collectsEmail = !state.view.hasCustomer;
  const status = checkout.status.type;
  // Our own payment completes the session too: that is not a closed checkout but a paid one.
  const closed =
    paid || paying.current
      ? null
      : status === 'expired' || status === 'complete'
        ? status
        : state.closedByServer;
  const fields = useCheckoutFields({
    initialView,
    initialEmail: checkout.email ?? initialView.email ?? '',
    // The Japanese form defaults to Japan (DESIGN.md's Japanese UI contract).
    fallbackCountry:
      locale === 'ja' && allowedCountries.includes('JP') ? 'JP' : (allowedCountries[0] ?? 'US'),
    collectsEmail,
    paused: closed !== null || busy || paying.current,
    run,
    onProblem: (summary) => dispatch({ type: 'failed', message: summary }),
  });
  const pay = usePay({
    checkout,
    sessionId: initialView.sessionId,
    paying,
    checkFields: fields.check,
    email: fields.email.applied,
    address: fields.address.applied,
    run,
    dispatch,
    onPaid: () => setPaid(true),
  });
  useRecheckOnFocus(checkout, closed, paying);

  if (paid) {
    return (
      <p role="status" className="notice">
        {t('paid')}
      </p>
    );
  }
  if (closed !== null) return <ClosedCheckout closed={closed} restart={restart} />;
  return (
    <OpenCheckout
      checkout={checkout}
      change={change}
      fields={fields}
      collectsEmail={collectsEmail}
      allowedCountries={allowedCountries}
      onPay={pay}
    />
  );
}

/** The form beside the order summary (which collapses into a bar at the top on a phone). */
function OpenCheckout({
  checkout,
  change: { state, run, busy },
  fields,
  collectsEmail,
  allowedCountries,
  onPay,
}: {
  checkout: Checkout;
  change: ReturnType<typeof useCheckoutChange>;
  fields: ReturnType<typeof useCheckoutFields>;
  collectsEmail: boolean;
  allowedCountries: readonly string[];
  onPay: () => void;
}) {
  const t = useTranslations('checkout');
  const locale = useLocale();
  const [summaryOpen, setSummaryOpen] = useState(false);
  const sessionId = state.view.sessionId;
  const totalAmount = checkout.total.total.amount;
  return (
    <div className="layout checkout">
      <OrderSummaryBar
        total={totalAmount}
        expanded={summaryOpen}
        onToggle={() => setSummaryOpen((open) => !open)}
      />
      <div className="checkout-form">
        <CheckoutMessages error={state.error} notice={state.notice} announcement={state.announcement} />
        <AddOnsFieldSet
          view={state.view}
          optimistic={state.optimistic}
          disabled={busy}
          onToggle={(choice) =>
            run(() => checkoutApi.toggleAddOn(sessionId, choice.addOn, choice.selected), choice)
          }
        />
        <PromotionCodeForm
          applied={state.view.promotionCode}
          disabled={busy}
          onApply={async (code) => (await run(() => checkoutApi.applyPromotionCode(sessionId, code))).session}
          onRemove={() => run(() => checkoutApi.removePromotionCode(sessionId))}
        />
        <EmailField
          value={fields.email.value}
          error={fields.email.error}
          readOnly={!collectsEmail}
          onChange={fields.email.change}
          onBlur={fields.email.applied.leave}
        />
        <ShippingAddressForm
          layout={locale}
          value={fields.address.value}
          errors={fields.address.errors}
          allowedCountries={allowedCountries}
          saved={fields.address.saved}
          disabled={false}
          onChange={fields.address.change}
          onBlur={fields.address.applied.leave}
          onSubmit={fields.address.applied.leave}
        />
        <div className="card">
          <h2>{t('payment')}</h2>
          <PaymentElement />
        </div>
        <PayLine total={totalAmount} disabled={busy} onPay={onPay} />
      </div>
      <OrderSummary checkout={checkout} view={state.view} busy={busy} expanded={summaryOpen} />
    </div>
  );
}
