'use client';

import { PaymentElement, useCheckoutElements } from '@stripe/react-stripe-js/checkout';
import type { StripeCheckoutSession } from '@stripe/stripe-js';
import { useEffect, useRef, useState } from 'react';
import { ADD_ONS } from '@/lib/catalog';
import type { CheckoutView } from '@/lib/checkout/checkout-view';
import { emailSchema, type ShippingAddressRequest, shippingAddressSchema } from '@/lib/checkout/schemas';
import { formatMoney } from '@/lib/money';
import { CheckoutApiError, checkoutApi } from './checkout-api';
import { OrderSummary, OrderSummaryBar } from './order-summary';
import { PromotionCodeForm } from './promotion-code-form';
import {
  ADDRESS_FIELD_IDS,
  ADDRESS_FIELD_LABELS,
  type AddressField,
  type AddressFields,
  addressFieldOfIssuePath,
  addressFieldsOf,
  addressRequestOf,
  ShippingAddressForm,
} from './shipping-address-form';
import { StartNewCheckoutButton } from './start-new-checkout-button';

type Checkout = Extract<ReturnType<typeof useCheckoutElements>, { type: 'success' }>['checkout'];
type Session = StripeCheckoutSession;

/** The cart a dead session's "Start a new checkout" starts again from. */
export interface RestartCart {
  items: { productId: string; quantity: number }[];
  currency: string;
  clientReferenceId: string | null;
}

/** How long typing must pause before a complete address or email is sent (leaving the field sends at once). */
const APPLY_AFTER_TYPING_MS = 600;
const EMAIL_FIELD_ID = 'email';

export function CheckoutForm({
  initialView,
  allowedCountries,
  restart,
}: {
  initialView: CheckoutView;
  allowedCountries: readonly string[];
  restart: RestartCart;
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
    <LoadedCheckout
      checkout={state.checkout}
      initialView={initialView}
      allowedCountries={allowedCountries}
      restart={restart}
    />
  );
}

const addressKey = (address: ShippingAddressRequest) =>
  JSON.stringify([
    address.name,
    address.address.line1,
    address.address.line2 ?? '',
    address.address.city,
    address.address.state ?? '',
    address.address.postal_code,
    address.address.country,
  ]);

const emailKey = (email: string) => email.trim().toLowerCase();

const sentence = (message: string) => `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;

function LoadedCheckout({
  checkout,
  initialView,
  allowedCountries,
  restart,
}: {
  checkout: Checkout;
  initialView: CheckoutView;
  allowedCountries: readonly string[];
  restart: RestartCart;
}) {
  const [view, setView] = useState(initialView);
  // Changes in flight. Only the controls that would start a conflicting change wait for them;
  // text fields stay usable.
  const [inFlight, setInFlight] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [summaryOpen, setSummaryOpen] = useState(false);
  // The add-on being changed, shown as the shopper clicked it until the server answers.
  const [optimistic, setOptimistic] = useState<{ addOn: string; selected: boolean } | null>(null);
  const [closedByServer, setClosedByServer] = useState<string | null>(null);
  const [paid, setPaid] = useState(false);
  const sessionId = view.sessionId;
  // Stripe knows a signed-in customer's email from the customer: we never send it one.
  const collectsEmail = !view.hasCustomer;

  const [email, setEmail] = useState(checkout.email ?? initialView.email ?? '');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [address, setAddress] = useState<AddressFields>(() =>
    addressFieldsOf(initialView.shipping, allowedCountries[0] ?? 'US'),
  );
  const [addressErrors, setAddressErrors] = useState<Partial<Record<AddressField, string>>>({});

  // What the server holds (applied) and what was last sent (once per distinct value).
  const initialAddress = shippingAddressSchema.safeParse(
    initialView.shipping === null ? null : addressRequestOf(addressFieldsOf(initialView.shipping, '')),
  );
  const appliedAddress = useRef<string | null>(
    initialAddress.success ? addressKey(initialAddress.data) : null,
  );
  const sentAddress = useRef<string | null>(appliedAddress.current);
  const appliedEmail = useRef<string | null>(initialView.email === null ? null : emailKey(initialView.email));
  const sentEmail = useRef<string | null>(appliedEmail.current);
  const applyAddressNow = useRef(false);
  const applyEmailNow = useRef(false);
  const [blurs, setBlurs] = useState(0);
  const paying = useRef(false);
  const lastTotal = useRef(checkout.total.total.amount);

  const status = checkout.status.type;
  // Our own payment completes the session too: that is not a closed checkout but a paid one.
  const closed =
    paid || paying.current ? null : status === 'expired' || status === 'complete' ? status : closedByServer;

  /**
   * Every change goes through Stripe.js's runServerUpdate: our route updates the session on the
   * server, then Stripe.js refetches it and the totals re-render. Both failure shapes are handled:
   * a rejection (our route failed, or the 20 s timeout) and `{type: 'error'}` (the refetch failed).
   */
  async function runChange(
    request: () => Promise<CheckoutView>,
  ): Promise<{ saved: CheckoutView | null; session: Session | null }> {
    setInFlight((count) => count + 1);
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
        return { saved, session: null };
      }
      setError(null);
      const total = result.session.total.total.amount;
      if (total !== lastTotal.current) {
        lastTotal.current = total;
        setAnnouncement(`Your total is now ${total}.`);
      }
      return { saved, session: result.session };
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : 'Something went wrong. Please try again.';
      // 409: the session closed (expired, or paid in another tab); the page says so instead.
      if (failure instanceof CheckoutApiError && failure.status === 409) setClosedByServer(message);
      else setError(message);
      return { saved: null, session: null };
    } finally {
      setInFlight((count) => count - 1);
    }
  }

  async function applyAddress(request: ShippingAddressRequest, key: string) {
    sentAddress.current = key;
    const { saved } = await runChange(() => checkoutApi.setShippingAddress(sessionId, request));
    if (saved !== null) appliedAddress.current = key;
  }

  async function applyEmail(value: string) {
    const key = emailKey(value);
    sentEmail.current = key;
    const { saved } = await runChange(() => checkoutApi.setEmail(sessionId, value));
    if (saved !== null) appliedEmail.current = key;
  }

  // A complete, valid address is sent once typing pauses (or a field is left), once per distinct
  // address, and never while another change is in flight: it waits for that one to finish.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `blurs` re-runs it when a field is left.
  useEffect(() => {
    const now = applyAddressNow.current;
    applyAddressNow.current = false;
    if (closed !== null || inFlight > 0 || paying.current) return;
    const parsed = shippingAddressSchema.safeParse(addressRequestOf(address));
    if (!parsed.success) return;
    const key = addressKey(parsed.data);
    if (key === sentAddress.current) return;
    const timer = setTimeout(() => void applyAddress(parsed.data, key), now ? 0 : APPLY_AFTER_TYPING_MS);
    return () => clearTimeout(timer);
  }, [address, inFlight, closed, blurs]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `blurs` re-runs it when a field is left.
  useEffect(() => {
    const now = applyEmailNow.current;
    applyEmailNow.current = false;
    if (!collectsEmail || closed !== null || inFlight > 0 || paying.current) return;
    const parsed = emailSchema.safeParse({ email });
    if (!parsed.success || emailKey(parsed.data.email) === sentEmail.current) return;
    const timer = setTimeout(() => void applyEmail(parsed.data.email), now ? 0 : APPLY_AFTER_TYPING_MS);
    return () => clearTimeout(timer);
  }, [email, inFlight, closed, blurs, collectsEmail]);

  // Another tab may have paid, or the session expired while the shopper was away: look again when
  // the page comes back into view. Stripe.js refetches the session after the (empty) update.
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
  }, [checkout, closed]);

  function leaveField(kind: 'address' | 'email') {
    if (kind === 'address') applyAddressNow.current = true;
    else applyEmailNow.current = true;
    setBlurs((count) => count + 1);
  }

  async function toggleAddOn(addOn: string, selected: boolean) {
    setOptimistic({ addOn, selected });
    await runChange(() => checkoutApi.toggleAddOn(sessionId, addOn, selected));
    setOptimistic(null);
  }

  /** Checks what the shopper typed with the routes' own schemas; marks and focuses what is wrong. */
  function checkFields(): { email?: string; shippingAddress?: ShippingAddressRequest } | null {
    const problems: { id: string; label: string }[] = [];
    let checkedEmail: string | undefined;
    if (collectsEmail) {
      const parsed = emailSchema.safeParse({ email });
      if (parsed.success) {
        checkedEmail = parsed.data.email;
        setEmailError(null);
      } else {
        setEmailError(sentence(parsed.error.issues[0]?.message ?? 'enter your email'));
        problems.push({ id: EMAIL_FIELD_ID, label: 'Email' });
      }
    }
    const parsedAddress = shippingAddressSchema.safeParse(addressRequestOf(address));
    const errors: Partial<Record<AddressField, string>> = {};
    if (!parsedAddress.success) {
      for (const issue of parsedAddress.error.issues) {
        const field = addressFieldOfIssuePath(issue.path);
        if (field !== null && errors[field] === undefined) errors[field] = sentence(issue.message);
      }
    }
    setAddressErrors(errors);
    for (const field of Object.keys(ADDRESS_FIELD_IDS) as AddressField[]) {
      if (errors[field] !== undefined) {
        problems.push({ id: ADDRESS_FIELD_IDS[field], label: ADDRESS_FIELD_LABELS[field] });
      }
    }
    const [first] = problems;
    if (first !== undefined || !parsedAddress.success) {
      setError(
        problems.length <= 1
          ? `Check ${first?.label ?? 'the shipping address'} before paying.`
          : `Check these ${problems.length} fields before paying: ${problems.map((problem) => problem.label).join(', ')}.`,
      );
      if (first !== undefined) document.getElementById(first.id)?.focus();
      return null;
    }
    return {
      ...(checkedEmail === undefined ? {} : { email: checkedEmail }),
      shippingAddress: parsedAddress.data,
    };
  }

  async function pay() {
    if (closed !== null) return;
    const typed = checkFields();
    if (typed === null) return;
    // The payment form is Stripe's: ask it what is missing before anything reaches a server.
    const validation = await checkout.validateElements();
    if (validation.type === 'error' && validation.error.code === 'validation_error') {
      setError(`Check your payment details: ${validation.error.message}`);
      return;
    }
    if (!checkout.canConfirm) {
      setError('The payment form is not ready yet: complete your payment details, then press Pay.');
      return;
    }

    paying.current = true;
    try {
      const shownTotal = checkout.total.total.minorUnitsAmount;
      // One last recompute on the server (time windows, limits, the email), carrying whatever the
      // server has not seen yet, so it is still one Stripe update.
      const unseen: { email?: string; shippingAddress?: ShippingAddressRequest } = {};
      if (typed.email !== undefined && emailKey(typed.email) !== appliedEmail.current)
        unseen.email = typed.email;
      const typedAddressKey = typed.shippingAddress === undefined ? null : addressKey(typed.shippingAddress);
      if (typed.shippingAddress !== undefined && typedAddressKey !== appliedAddress.current) {
        unseen.shippingAddress = typed.shippingAddress;
      }
      if (unseen.email !== undefined) sentEmail.current = emailKey(unseen.email);
      if (typedAddressKey !== null && unseen.shippingAddress !== undefined)
        sentAddress.current = typedAddressKey;
      const { saved, session } = await runChange(() => checkoutApi.refreshDiscounts(sessionId, unseen));
      if (saved !== null) {
        if (unseen.email !== undefined) appliedEmail.current = emailKey(unseen.email);
        if (typedAddressKey !== null) appliedAddress.current = typedAddressKey;
      }
      if (session === null) return;
      if (session.total.total.minorUnitsAmount !== shownTotal) {
        setNotice(
          `Your total changed to ${session.total.total.amount}. Check your order and press Pay again.`,
        );
        return;
      }
      setInFlight((count) => count + 1);
      try {
        const result = await checkout.confirm(
          collectsEmail && typed.email !== undefined ? { email: typed.email } : {},
        );
        if (result.type === 'error') setError(result.error.message);
        else setPaid(true);
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : 'The payment could not be completed.');
      } finally {
        setInFlight((count) => count - 1);
      }
    } finally {
      paying.current = false;
    }
  }

  if (paid) {
    return (
      <p role="status" className="notice">
        Your payment went through. Taking you to your receipt…
      </p>
    );
  }

  if (closed !== null) {
    return (
      <div className="card">
        <p role="status">
          {closed === 'complete'
            ? 'This checkout has already been paid, perhaps in another tab or window. Nothing more will be charged here.'
            : closed === 'expired'
              ? 'This checkout has expired. Your cart is still here: start a new checkout to continue.'
              : closed}
        </p>
        <StartNewCheckoutButton
          items={restart.items}
          currency={restart.currency}
          clientReferenceId={restart.clientReferenceId}
        />
      </div>
    );
  }

  const busy = inFlight > 0;
  const totalAmount = checkout.total.total.amount;
  const addressRequest = shippingAddressSchema.safeParse(addressRequestOf(address));
  const addressSaved = addressRequest.success && addressKey(addressRequest.data) === appliedAddress.current;

  return (
    <div className="layout checkout">
      <OrderSummaryBar
        total={totalAmount}
        expanded={summaryOpen}
        onToggle={() => setSummaryOpen((open) => !open)}
      />
      <div className="checkout-form">
        {error !== null && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
        <p role="status" className={notice === null ? 'status-region' : 'notice status-region'}>
          {notice}
          <span className="visually-hidden">{announcement}</span>
        </p>

        <fieldset className="card" disabled={busy}>
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
          disabled={busy}
          onApply={async (code) =>
            (await runChange(() => checkoutApi.applyPromotionCode(sessionId, code))).session
          }
          onRemove={() => runChange(() => checkoutApi.removePromotionCode(sessionId))}
        />

        <div className="card">
          <div className="field">
            <label htmlFor={EMAIL_FIELD_ID}>Email</label>
            <input
              id={EMAIL_FIELD_ID}
              type="email"
              autoComplete="email"
              value={email}
              readOnly={!collectsEmail}
              aria-invalid={emailError === null ? undefined : true}
              aria-describedby={emailError === null ? undefined : `${EMAIL_FIELD_ID}-error`}
              onChange={(event) => {
                setEmail(event.target.value);
                if (emailError !== null) setEmailError(null);
              }}
              onBlur={() => leaveField('email')}
            />
            {emailError !== null && (
              <span id={`${EMAIL_FIELD_ID}-error`} className="field-error">
                {emailError}
              </span>
            )}
            {!collectsEmail && <span className="muted">The email of the account you are shopping as.</span>}
          </div>
        </div>

        <ShippingAddressForm
          value={address}
          errors={addressErrors}
          allowedCountries={allowedCountries}
          saved={addressSaved}
          disabled={false}
          onChange={(next) => {
            setAddress(next);
            // A field the shopper is correcting loses its message.
            const changed = (Object.keys(next) as AddressField[]).filter(
              (field) => next[field] !== address[field],
            );
            if (changed.some((field) => addressErrors[field] !== undefined)) {
              setAddressErrors((errors) => {
                const rest = { ...errors };
                for (const field of changed) delete rest[field];
                return rest;
              });
            }
          }}
          onBlur={() => leaveField('address')}
          onSubmit={() => leaveField('address')}
        />

        <div className="card">
          <h2>Payment</h2>
          <PaymentElement />
        </div>

        <div className="pay-line">
          <p>
            Total <strong data-testid="pay-total">{totalAmount}</strong>
          </p>
          <button type="button" className="pay" onClick={pay} disabled={busy}>
            Pay
          </button>
        </div>
      </div>
      <OrderSummary checkout={checkout} view={view} busy={busy} expanded={summaryOpen} />
    </div>
  );
}
