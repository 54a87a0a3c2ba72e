import { randomBytes, randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { AddOnId, ProductId } from '@/lib/catalog';
import { syncCatalogToStripe } from '@/lib/catalog/stripe-sync';
import type { Cart } from '@/lib/checkout/cart';
import { matchLineItemIds, sessionCreateParams, sessionUpdateParams } from '@/lib/checkout/order-lines';
import type { CombinedDiscount } from '@/lib/discounts';
import { createLocalStripe } from '@/lib/local-stripe';
import { createStripeClient } from '@/lib/stripe/server';

/**
 * The contract check behind `npm run stripe:check`: each Checkout Session call the app makes, with
 * the app's own parameter builders (lib/checkout/order-lines.ts), against whatever Stripe the client
 * talks to. Each step checks what the app relies on in the answer and is reported by name; the
 * first failure stops the check and names its step.
 */

/** The app's Stripe client on a fresh in-process local Stripe (its own generated key), catalog synced. */
export async function localStripeForCheck(): Promise<Stripe> {
  const secretKey = `sk_test_check_${randomBytes(16).toString('hex')}`;
  const local = createLocalStripe({ secretKey, webhookSecret: `whsec_${randomBytes(16).toString('hex')}` });
  const stripe = createStripeClient(secretKey, local.httpClient());
  await syncCatalogToStripe(stripe);
  return stripe;
}

export interface CheckBuilders {
  create: typeof sessionCreateParams;
  update: typeof sessionUpdateParams;
}

export const APP_BUILDERS: CheckBuilders = { create: sessionCreateParams, update: sessionUpdateParams };

export interface CheckResult {
  ok: boolean;
  steps: { name: string; ok: boolean; detail: string }[];
  /** The step that failed, if any. */
  failedStep: string | null;
}

type CheckCart = Pick<
  Cart,
  'id' | 'reference' | 'currency' | 'items' | 'addOns' | 'clientReferenceId' | 'expiresAt' | 'shipping'
>;

const SHIPPING: NonNullable<Cart['shipping']> = {
  name: 'Ada Lovelace',
  address: { line1: '1 Market Street', city: 'San Francisco', postal_code: '94105', country: 'US' },
};

function checkCart(items: CheckCart['items'], addOns: AddOnId[]): CheckCart {
  return {
    id: `stripe-check-${randomUUID()}`,
    reference: 'STRIPE-CHECK',
    currency: 'usd',
    items,
    addOns,
    clientReferenceId: null,
    // Stripe's minimum is 30 minutes; the app keeps a margin too.
    expiresAt: new Date(Date.now() + 40 * 60 * 1000),
    shipping: SHIPPING,
  };
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** What a refused preview header looks like, so the report can say what to do about it. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/beta|stripe-version|api version/i.test(message)) {
    return `${message}\n  Stripe refused the preview Stripe-Version (…; checkout_server_update_beta=v1): this account is not enrolled in the Checkout server-updates preview, or the SDK's preview version is not available to it.`;
  }
  return message;
}

type Step = (state: CheckState) => Promise<string>;

interface CheckState {
  stripe: Stripe;
  builders: CheckBuilders;
  priceIds: Record<string, string>;
  cart: CheckCart;
  sessionId: string;
  lineItemIds: Record<string, string>;
}

const mug: ProductId = 'ceramic-mug';
const kit: ProductId = 'pour-over-kit';
const discount: CombinedDiscount = { amountOff: 500, currency: 'usd', name: 'stripe:check 5.00 off' };

const STEPS: [string, Step][] = [
  ['create with permissions', createStep],
  ['update with line items and coupon_data', updateStep],
  ['clear the discount', clearStep],
  ['retrieve with expansions', retrieveStep],
  ['listLineItems', listStep],
  ['expire', expireStep],
];

async function createStep(state: CheckState): Promise<string> {
  const params = state.builders.create({
    cart: state.cart,
    priceIds: state.priceIds,
    stripeCustomerId: null,
    returnUrl: 'https://example.com/checkout/return?session_id={CHECKOUT_SESSION_ID}',
    locale: 'en',
    couponId: null,
  });
  const session = await state.stripe.checkout.sessions.create(params, {
    idempotencyKey: `stripe-check:${state.cart.id}`,
  });
  expect(session.status === 'open', `status is ${session.status}, not open`);
  expect(session.ui_mode === 'elements', `ui_mode is ${session.ui_mode}, not elements`);
  state.sessionId = session.id;
  state.lineItemIds = matchLineItemIds(state.cart, session.line_items?.data ?? []);
  expect(Object.keys(state.lineItemIds).length === 1, 'the created line item is not matched by its line key');
  return `${session.id}, total ${session.amount_total}`;
}

async function updateStep(state: CheckState): Promise<string> {
  state.cart = {
    ...state.cart,
    items: [...state.cart.items, { productId: kit, quantity: 1 }],
    addOns: ['gift_wrap'],
  };
  const params = state.builders.update(state.cart, discount, state.lineItemIds, state.priceIds);
  const session = await state.stripe.checkout.sessions.update(state.sessionId, params);
  state.lineItemIds = matchLineItemIds(state.cart, session.line_items?.data ?? []);
  expect(Object.keys(state.lineItemIds).length === 3, 'the three lines are not all matched after the update');
  const off = session.total_details?.amount_discount ?? 0;
  expect(off === discount.amountOff, `amount_discount is ${off}, not ${discount.amountOff}`);
  return `3 lines, amount_discount ${off}, total ${session.amount_total}`;
}

async function clearStep(state: CheckState): Promise<string> {
  const params = state.builders.update(state.cart, null, state.lineItemIds, state.priceIds);
  const session = await state.stripe.checkout.sessions.update(state.sessionId, params);
  const off = session.total_details?.amount_discount ?? 0;
  expect(off === 0, `amount_discount is ${off} after clearing`);
  return `amount_discount 0, total ${session.amount_total}`;
}

async function retrieveStep(state: CheckState): Promise<string> {
  const session = await state.stripe.checkout.sessions.retrieve(state.sessionId, { expand: ['line_items'] });
  const items = session.line_items?.data ?? [];
  expect(items.length === 3, `line_items has ${items.length} items, not 3`);
  return `status ${session.status}, ${items.length} line items`;
}

async function listStep(state: CheckState): Promise<string> {
  const items: Stripe.LineItem[] = [];
  for await (const item of state.stripe.checkout.sessions.listLineItems(state.sessionId, { limit: 100 })) {
    items.push(item);
  }
  const matched = matchLineItemIds(state.cart, items);
  expect(Object.keys(matched).length === 3, 'listed line items do not carry the line keys');
  return `${items.length} line items, matched by metadata`;
}

async function expireStep(state: CheckState): Promise<string> {
  const session = await state.stripe.checkout.sessions.expire(state.sessionId);
  expect(session.status === 'expired', `status is ${session.status}, not expired`);
  state.sessionId = '';
  return 'expired';
}

/** Runs every step in order; `log` receives one line per step. Never throws for a failed step. */
export async function runStripeCheck(
  stripe: Stripe,
  priceIds: Record<string, string>,
  options: { builders?: CheckBuilders; log?: (line: string) => void } = {},
): Promise<CheckResult> {
  const log = options.log ?? (() => {});
  const state: CheckState = {
    stripe,
    builders: options.builders ?? APP_BUILDERS,
    priceIds,
    cart: checkCart([{ productId: mug, quantity: 1 }], []),
    sessionId: '',
    lineItemIds: {},
  };
  const result: CheckResult = { ok: true, steps: [], failedStep: null };
  for (const [name, step] of STEPS) {
    try {
      const detail = await step(state);
      result.steps.push({ name, ok: true, detail });
      log(`ok    ${name}: ${detail}`);
    } catch (error) {
      const detail = explain(error);
      result.steps.push({ name, ok: false, detail });
      log(`FAIL  ${name}: ${detail}`);
      // Leave no open session behind on a real account.
      if (state.sessionId !== '')
        await stripe.checkout.sessions.expire(state.sessionId).catch(() => undefined);
      return { ...result, ok: false, failedStep: name, steps: result.steps };
    }
  }
  return result;
}
