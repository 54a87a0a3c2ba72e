import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type Stripe from 'stripe';
import { type AddOnId, isAddOnId } from '@/lib/catalog';
import { resolvePriceIds } from '@/lib/catalog/stripe-sync';
import { findStripeCustomerId, saveStripeCustomerId } from '@/lib/customers/stripe-customer-id';
import { normalizeCode } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import { DEFAULT_LOCALE, type Locale, localePath } from '@/lib/i18n/locales';
import { codeRemovedNotice, refusalError } from '@/lib/i18n/server-sentences';
import type { Store } from '@/lib/store/types';
import { createStripeBudget } from '@/lib/stripe/budget';
import { mapStripeErrors } from '@/lib/stripe/errors';
import {
  type Cart,
  findCartById,
  findCartBySession,
  insertCart,
  type ShippingDetails,
  saveCart,
} from './cart';
import { type CheckoutOutcome, toCheckoutOutcome } from './checkout-view';
import { decideDiscounts, syncReservations } from './discount-rules';
import { ALLOWED_SHIPPING_COUNTRIES } from './order-lines';
import type { CreateSessionRequest } from './schemas';
import type { Shopper } from './shopper';
import { assertOpen, createStripeSession, pushCartToStripe } from './stripe-session';

export interface CheckoutDeps {
  store: Store;
  stripe: Stripe;
  now?: () => Date;
  /** The language of the shopper's page: notices are written in it. Default English. */
  locale?: Locale;
}

const nowOf = (deps: CheckoutDeps) => (deps.now ?? (() => new Date()))();

/**
 * Creates the server-side cart and its Checkout Session. Prices come from the catalog (as Stripe
 * Price ids by lookup_key), discounts from the rules, and nothing from the browser but product ids,
 * quantities, currency and an optional reference. A retried request (same `Idempotency-Key` header,
 * same body, e.g. a double click) returns the first one's session instead of creating a second: the
 * cart id and Stripe's idempotency keys derive from it. Without a key every request is a new checkout.
 */
export function createCheckoutSession(
  deps: CheckoutDeps,
  shopper: Shopper,
  request: CreateSessionRequest,
  options: CreateOptions,
): Promise<CheckoutOutcome> {
  return mapStripeErrors(() => createSession(deps, shopper, request, options));
}

interface CreateOptions {
  origin: string;
  ttlMinutes: number;
  idempotencyKey?: string | null;
}

async function createSession(
  deps: CheckoutDeps,
  shopper: Shopper,
  request: CreateSessionRequest,
  options: CreateOptions,
): Promise<CheckoutOutcome> {
  const now = nowOf(deps);
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        shopper.browserId,
        shopper.customer?.id ?? null,
        request,
        options.idempotencyKey ?? randomUUID(),
      ]),
    )
    .digest('hex');
  const cartId = uuidFromHash(key);
  const replayed = await findCartById(deps.store, cartId);
  if (replayed !== null) return toCheckoutOutcome(replayed);
  const draft: Cart = {
    id: cartId,
    // Derived like the id: a replayed request must send Stripe identical metadata.
    reference: `EC-${key.slice(32, 42).toUpperCase()}`,
    sessionId: '',
    browserId: shopper.browserId,
    customerId: shopper.customer?.id ?? null,
    email: shopper.customer?.email ?? null,
    currency: request.currency,
    items: request.items,
    addOns: [],
    promotionCode: null,
    shipping: null,
    clientReferenceId: request.clientReferenceId ?? null,
    lineItemIds: {},
    decision: null,
    status: 'open',
    version: 1,
    // From the minute, not the second, so a retry that reaches Stripe again sends identical parameters.
    expiresAt: new Date(minute + options.ttlMinutes * 60_000),
  };

  const { decision } = await deps.store.transaction((tx) => decideDiscounts(tx, draft, now));
  const created = await createStripeSession(deps.stripe, {
    cart: draft,
    decision,
    priceIds: await resolvePriceIds(deps.stripe, request.currency),
    stripeCustomerId: shopper.customer === null ? null : await ensureStripeCustomer(deps, shopper.customer),
    // Stripe takes the page's language at creation only (the update API takes neither field).
    locale: request.locale ?? DEFAULT_LOCALE,
    returnUrl: `${options.origin}${localePath(request.locale ?? DEFAULT_LOCALE, '/checkout/return')}?session_id={CHECKOUT_SESSION_ID}`,
    idempotencyKey: key,
  });
  const cart: Cart = { ...draft, ...created, decision };
  return deps.store.transaction(async (tx) => {
    // FOR UPDATE cannot lock a row that does not exist yet: two concurrent replays would both find
    // nothing and the second insert would fail on the primary key. Serialise them on the cart id.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [cart.id]);
    const existing = await findCartBySession(tx, cart.sessionId, { lock: true });
    // The replay of a double click: the first request stored the cart already.
    if (existing !== null) return toCheckoutOutcome(existing);
    await insertCart(tx, cart);
    return toCheckoutOutcome(cart);
  });
}

async function ensureStripeCustomer(
  deps: CheckoutDeps,
  customer: NonNullable<Shopper['customer']>,
): Promise<string> {
  const known = await findStripeCustomerId(deps.store, customer.id);
  if (known !== null) return known;
  const created = await deps.stripe.customers.create(
    {
      name: customer.displayName,
      ...(customer.email === null ? {} : { email: customer.email }),
      metadata: { customer_id: customer.id },
    },
    { idempotencyKey: `customer:${customer.id}` },
  );
  await saveStripeCustomerId(deps.store, customer.id, created.id);
  return created.id;
}

type CartPatch = Partial<Pick<Cart, 'addOns' | 'promotionCode' | 'shipping' | 'email'>>;

interface ChangeOptions {
  /** The change is applying this code: a refusal is the answer (422) and nothing changes. */
  codeMustApply?: boolean;
  /**
   * Push the desired state even when ours did not change: Stripe's copy may have drifted (a
   * timed-out update that landed after we gave up), and money is about to move.
   */
  forcePush?: boolean;
  /** Read Stripe's copy first (the email is collected by Stripe.js, not by us). */
  readSession?: (session: Stripe.Checkout.Session) => CartPatch;
}

/**
 * The one path every checkout change takes: lock the cart row, build the complete next state,
 * evaluate the discounts, push everything to Stripe in one update, save, commit. A no-op change
 * makes no Stripe call. A refused Stripe call rolls the transaction back: the cart stays as it was.
 */
function changeCart(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
  change: (cart: Cart) => CartPatch,
  options: ChangeOptions = {},
): Promise<CheckoutOutcome> {
  return mapStripeErrors(() => applyChange(deps, shopper, sessionId, change, options));
}

async function applyChange(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
  change: (cart: Cart) => CartPatch,
  options: ChangeOptions,
): Promise<CheckoutOutcome> {
  const now = nowOf(deps);
  const budget = createStripeBudget();
  // Price ids are looked up (usually from cache) before the row lock is taken, not while holding it.
  const unlocked = await findCartBySession(deps.store, sessionId, { lock: false });
  const priceIds = unlocked === null ? {} : await resolvePriceIds(deps.stripe, unlocked.currency);
  return deps.store.transaction(async (tx) => {
    const cart = await findCartBySession(tx, sessionId, { lock: true });
    if (cart === null) throw new AppError('session_not_found', 'This checkout does not exist.');
    if (cart.browserId !== shopper.browserId) {
      throw new AppError('forbidden', 'This checkout belongs to another shopper.');
    }
    assertOpen(cart);
    if (cart.expiresAt.getTime() <= now.getTime()) assertOpen({ status: 'expired' });

    let patch = change(cart);
    if (options.readSession !== undefined) {
      const session = await deps.stripe.checkout.sessions.retrieve(cart.sessionId, {}, budget.next());
      assertOpen(session);
      patch = { ...options.readSession(session), ...patch };
    }
    const next: Cart = { ...cart, ...patch };
    let { decision, limitedRuleId } = await decideDiscounts(tx, next, now);
    const notices: string[] = [];
    const outcome = decision.promotionCode;
    if (outcome?.status === 'refused') {
      if (options.codeMustApply) throw refusalError(outcome.refusal);
      // The change took away what the code needs (e.g. its minimum): drop it and say why.
      notices.push(codeRemovedNotice(outcome.refusal, deps.locale));
      next.promotionCode = null;
      ({ decision, limitedRuleId } = await decideDiscounts(tx, next, now));
    }

    const unchanged =
      sameList(next.addOns, cart.addOns) &&
      sameJson(next.shipping, cart.shipping) &&
      sameJson(decision.combined, cart.decision?.combined ?? null);
    if (
      !options.forcePush &&
      unchanged &&
      sameJson(decision, cart.decision) &&
      next.promotionCode === cart.promotionCode &&
      next.email === cart.email
    ) {
      return toCheckoutOutcome(cart, notices);
    }
    if (!unchanged || options.forcePush) {
      ({ lineItemIds: next.lineItemIds } = await pushCartToStripe(
        deps.stripe,
        next,
        decision,
        priceIds,
        budget,
      ));
    }
    next.decision = decision;
    next.version = cart.version + 1;
    await syncReservations(tx, next, decision, limitedRuleId);
    await saveCart(tx, next, cart.version);
    return toCheckoutOutcome(next, notices);
  });
}

/**
 * Equal as JSON values. The stored cart comes back from jsonb with jsonb's own key order, so
 * comparing JSON strings would call every stored decision and address "changed".
 */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export function toggleAddOn(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
  addOn: string,
  selected: boolean,
): Promise<CheckoutOutcome> {
  if (!isAddOnId(addOn)) {
    return Promise.reject(new AppError('add_on_not_found', `There is no add-on called "${addOn}".`));
  }
  return changeCart(deps, shopper, sessionId, (cart) => {
    const others = cart.addOns.filter((id) => id !== addOn);
    const addOns: AddOnId[] = selected ? [...others, addOn] : others;
    // Canonical order, so selecting an already selected add-on is recognised as no change.
    return { addOns: addOns.sort() };
  });
}

export function setShippingAddress(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
  shipping: ShippingDetails,
): Promise<CheckoutOutcome> {
  const refused = refuseCountry(shipping);
  if (refused !== null) return Promise.reject(refused);
  return changeCart(deps, shopper, sessionId, () => ({ shipping: withoutEmptyFields(shipping) }));
}

function refuseCountry(shipping: ShippingDetails): AppError | null {
  if ((ALLOWED_SHIPPING_COUNTRIES as readonly string[]).includes(shipping.address.country)) return null;
  return new AppError(
    'invalid_request',
    `We don't ship to ${shipping.address.country}. Choose one of ${ALLOWED_SHIPPING_COUNTRIES.join(', ')}.`,
    {
      sentence: {
        kind: 'unsupported_country',
        country: shipping.address.country,
        countries: ALLOWED_SHIPPING_COUNTRIES,
      },
    },
  );
}

/**
 * The email that discount rules read (first-order offers for guests) is the server's: it is kept on
 * the cart and the discounts are recomputed with it (at most one Stripe update). Stripe gets the
 * email from Stripe.js when the payment is confirmed. A signed-in customer's orders count by their
 * account, never by a typed email, so for them the cart keeps the account's email.
 */
export function setEmail(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
  email: string,
): Promise<CheckoutOutcome> {
  return changeCart(deps, shopper, sessionId, (cart) => emailPatch(cart, email));
}

function emailPatch(cart: Cart, email: string): CartPatch {
  return cart.customerId === null ? { email: email.trim().toLowerCase() } : {};
}

export function applyPromotionCode(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
  code: string,
): Promise<CheckoutOutcome> {
  return changeCart(deps, shopper, sessionId, () => ({ promotionCode: normalizeCode(code) }), {
    codeMustApply: true,
  });
}

export function removePromotionCode(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
): Promise<CheckoutOutcome> {
  return changeCart(deps, shopper, sessionId, () => ({ promotionCode: null }));
}

/**
 * Recomputes with the current time (windows, limits) right before payment. What the shopper typed
 * but the server has not seen yet (an email, a shipping address) is applied in the same recompute,
 * so it still takes one Stripe update. Without a typed email, an email Stripe collected counts.
 */
export function refreshDiscounts(
  deps: CheckoutDeps,
  shopper: Shopper,
  sessionId: string,
  typed: { email?: string | undefined; shippingAddress?: ShippingDetails | undefined } = {},
): Promise<CheckoutOutcome> {
  if (typed.shippingAddress !== undefined) {
    const refused = refuseCountry(typed.shippingAddress);
    if (refused !== null) return Promise.reject(refused);
  }
  const { email, shippingAddress } = typed;
  return changeCart(
    deps,
    shopper,
    sessionId,
    (cart) => ({
      ...(email === undefined ? {} : emailPatch(cart, email)),
      ...(shippingAddress === undefined ? {} : { shipping: withoutEmptyFields(shippingAddress) }),
    }),
    {
      forcePush: true,
      readSession: (session) => {
        if (email !== undefined) return {};
        const collected = session.customer_details?.email ?? session.customer_email ?? null;
        return collected === null ? {} : { email: collected.trim().toLowerCase() };
      },
    },
  );
}

/** The cart behind a session, for the checkout page, if this shopper owns it. */
export async function getOwnedCart(store: Store, shopper: Pick<Shopper, 'browserId'>, sessionId: string) {
  const cart = await findCartBySession(store, sessionId, { lock: false });
  if (cart === null) return { kind: 'not_found' as const };
  if (cart.browserId !== shopper.browserId) return { kind: 'forbidden' as const };
  return { kind: 'ok' as const, cart };
}

function withoutEmptyFields(shipping: ShippingDetails): ShippingDetails {
  const { line2, state, ...address } = shipping.address;
  return {
    name: shipping.name,
    address: { ...address, ...(line2 ? { line2 } : {}), ...(state ? { state } : {}) },
  };
}

function uuidFromHash(hex: string): string {
  // A version-4-shaped uuid from the request's hash, so a replayed request names the same cart.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
