'use client';

import {
  CheckoutElementsProvider,
  PaymentElement,
  ShippingAddressElement,
  useCheckoutElements,
} from '@stripe/react-stripe-js/checkout';
import { useState } from 'react';
import { checkoutApi } from '@/components/checkout/checkout-api';
import { getStripe } from '@/lib/stripe/get-stripe';

const stripePromise = getStripe();

export function ElementsPlayground({ clientSecret, sessionId }: { clientSecret: string; sessionId: string }) {
  return (
    <CheckoutElementsProvider stripe={stripePromise} options={{ clientSecret }}>
      <Playground sessionId={sessionId} />
    </CheckoutElementsProvider>
  );
}

function Playground({ sessionId }: { sessionId: string }) {
  const state = useCheckoutElements();
  const [message, setMessage] = useState<string | null>(null);
  const [address, setAddress] = useState<string>('none');
  if (state.type !== 'success') return <p>{state.type === 'loading' ? 'Loading…' : state.error.message}</p>;
  const { checkout } = state;
  return (
    <div className="card">
      <p>
        Total: <span data-testid="playground-total">{checkout.total.total.amount}</span>
      </p>
      <p>
        Status: <span data-testid="playground-status">{checkout.status.type}</span>
      </p>
      <button
        type="button"
        onClick={async () => {
          try {
            const result = await checkout.runServerUpdate(() =>
              checkoutApi.toggleAddOn(sessionId, 'gift_wrap', true),
            );
            setMessage(result.type === 'success' ? 'Updated' : result.error.message);
          } catch (error) {
            setMessage(error instanceof Error ? error.message : 'Failed');
          }
        }}
      >
        Add gift wrap on the server
      </button>
      <fieldset>
        <legend>Shipping address</legend>
        <ShippingAddressElement
          onChange={(event) =>
            setAddress(event.complete ? `${event.value.name}, ${event.value.address.country}` : 'incomplete')
          }
        />
      </fieldset>
      <p>
        Address: <span data-testid="playground-address">{address}</span>
      </p>
      <PaymentElement />
      <button
        type="button"
        onClick={async () => {
          const result = await checkout.confirm({ redirect: 'if_required', email: 'playground@example.com' });
          setMessage(
            result.type === 'success' ? `Paid: ${result.session.status.type}` : result.error.message,
          );
        }}
      >
        Confirm payment
      </button>
      {message !== null && <output data-testid="playground-message">{message}</output>}
    </div>
  );
}
