import type { Engine } from './engine';
import { newId } from './ids';
import type { JsonObject } from './json';
import { getOwn, type StoredCharge, type StoredPaymentIntent } from './state';

/** What the payment method told the charge: the card's brand and last four digits, or konbini. */
export type ChargeMethod =
  | { type: 'card'; brand: string; last4: string; exp_month: number; exp_year: number }
  | { type: 'konbini' };

function methodDetails(method: ChargeMethod): JsonObject {
  if (method.type === 'konbini') return { type: 'konbini', konbini: { store: null } };
  const { brand, last4, exp_month, exp_year } = method;
  return {
    type: 'card',
    card: {
      brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      exp_month,
      exp_year,
      funding: 'credit',
      last4,
      network: brand,
      three_d_secure: null,
      wallet: null,
    },
  };
}

/**
 * Records the successful charge of an intent that has just succeeded and points `latest_charge` at
 * it: Stripe creates the Charge when the payment succeeds, and refunds and disputes belong to it.
 */
export function createCharge(
  engine: Engine,
  intent: StoredPaymentIntent,
  method: ChargeMethod,
  id: string = newId.charge(),
): StoredCharge {
  const charge: StoredCharge = {
    id,
    seq: engine.seq(),
    created: engine.now(),
    amount: intent.amount_received,
    amount_refunded: 0,
    currency: intent.currency,
    customer: intent.customer,
    payment_intent: intent.id,
    payment_method: intent.payment_method,
    payment_method_details: methodDetails(method),
    receipt_email: intent.receipt_email,
    shipping: intent.shipping,
    metadata: { ...intent.metadata },
    disputed: false,
    balance_transaction: newId.balanceTransaction(),
  };
  engine.state.charges[charge.id] = charge;
  intent.latest_charge = charge.id;
  engine.markDirty();
  return charge;
}

/**
 * The successful charge of an intent, or undefined when it has none. State written before charges
 * were kept as objects has only the intent's `latest_charge` id: that charge is recreated from the
 * intent under the same id, so old payments stay refundable.
 */
export function chargeOfIntent(engine: Engine, intent: StoredPaymentIntent): StoredCharge | undefined {
  if (intent.status !== 'succeeded' || intent.latest_charge === null) return undefined;
  const existing = getOwn(engine.state.charges, intent.latest_charge);
  if (existing) return existing;
  const method: ChargeMethod = intent.payment_method_types.includes('konbini')
    ? { type: 'konbini' }
    : { type: 'card', brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 };
  return createCharge(engine, intent, method, intent.latest_charge);
}
