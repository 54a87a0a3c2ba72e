import { WITHOUT_CONTROL_CHARACTERS } from './contract';
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type Stripe from 'stripe';
import { type AddOnId, isAddOnId } from '@/lib/catalog';
import { resolvePriceIds } from '@/lib/catalog/stripe-sync';
import { findStripeCustomerId, saveStripeCustomerId } from '@/lib/customers/stripe-customer-id';
import { type DiscountDecision, normalizeCode } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import { DEFAULT_LOCALE, type Locale, localePath } from '@/lib/i18n/locales';
import { belowMinimumChargeError, codeRemovedNotice, refusalError } from '@/lib/i18n/server-sentences';
import { isBelowMinimumCharge } from '@/lib/money';
import type { Store } from '@/lib/store/types';
import { isDatabaseUnavailable } from '@/lib/store/unavailable';
import { createStripeBudget, type StripeBudget } from '@/lib/stripe/budget';
import { mapStripeErrors, stripeErrorType } from '@/lib/stripe/errors';
import {
  type Cart,
  findCartById,
  findCartBySession,
  holdsCartLease,
  insertCartUnlessStored,
  releaseCartLease,
  type ShippingDetails,
  saveCartAndRelease,
  takeCartLease,
} from './cart';
import { type CheckoutOutcome, toCheckoutOutcome } from './checkout-view';
import { type CreateAttempt, findCreateAttempt, saveCreateAttempt } from './create-attempts';
import { decideAndReserve, decideDiscounts, RULES_VERSION_QUERY, reservationsToSave } from './discount-rules';
import { ALLOWED_SHIPPING_COUNTRIES } from './order-lines';
import { releaseReservation } from './redemptions';
import type { CreateSessionRequest } from './schemas';
import type { Shopper } from './shopper';
import { assertOpen, createStripeSession, pushCartToStripe, retryLockTimeout } from './stripe-session';

export interface CheckoutDeps {
  store: Store;
  stripe: Stripe;
  now?: () => Date;
  /** Lease timings (tests shorten them); defaults LEASE_TTL_MS and LEASE_WAIT_MS. */
  lease?: { ttlMs?: number; waitMs?: number };
  /** The language of the shopper's page: notices are written in it. Default English. */
  locale?: Locale;
}

/**
 * How long a change holds its session before anyone may take it over: longer than the whole Stripe
 * budget (8 s) plus the few statements around it, so only a crashed or stalled holder ever loses it.
 */
export const LEASE_TTL_MS = 15_000;
/**
 * How long a change waits for another change of the same session: a holder normally finishes within
 * one Stripe round trip; with our own 8 s budget this stays inside Stripe.js's 20 s runServerUpdate.
 */
export const LEASE_WAIT_MS = 9_000;

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
  const { cart: replayed, alongside: rulesVersion } = await findCartById(
    deps.store,
    cartId,
    RULES_VERSION_QUERY,
  );
  if (replayed !== null) return toCheckoutOutcome(replayed);
  const base: Cart = {
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
    expiresAt: now,
  };
  const { draft, decision, created } = await sendCreate(deps, shopper, request, options, {
    key,
    base,
    now,
    rulesVersion,
  });
  const cart: Cart = { ...draft, ...created, decision };
  const save = async () => {
    if (await insertCartUnlessStored(deps.store, cart)) return toCheckoutOutcome(cart);
    // The replay of a double click: the first request stored the cart already.
    const stored = await findCartBySession(deps.store, cart.sessionId, { lock: false });
    if (stored === null) throw new Error(`Cart ${cart.id} clashes with a stored cart of another session`);
    return toCheckoutOutcome(stored);
  };
  return retryIfUnavailable(save);
}

/**
 * Runs a save of what Stripe already holds, once more if the database could not do it (a lost
 * connection, a failover, a busy pool): giving up at once would leave Stripe with a state the
 * database does not have. A second failure is the answer (503), and the caller restores Stripe.
 */
async function retryIfUnavailable<T>(save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    await delay(SAVE_RETRY_PAUSE_MS);
    return save();
  }
}

const SAVE_RETRY_PAUSE_MS = 100;

/** What a creation derived from its request before it calls Stripe. */
interface CreateMoment {
  key: string;
  base: Cart;
  now: Date;
  /** The rules' version the replay check read (RULES_VERSION_QUERY). */
  rulesVersion: string | null;
}

/**
 * Sends the creation with the first attempt's parameters (stored under the key before Stripe is
 * called), so a retry at any later moment is the identical request and Stripe answers with the
 * first attempt's session. Only when Stripe refuses that attempt's `expires_at` as too close (the
 * first attempt never landed, and the retry came late) is a new attempt, under a new Stripe key,
 * recorded and sent: with the TTL at 31 minutes or more it has at least a minute of margin.
 */
async function sendCreate(
  deps: CheckoutDeps,
  shopper: Shopper,
  request: CreateSessionRequest,
  options: CreateOptions,
  at: CreateMoment,
) {
  const send = async (attempt: CreateAttempt) => {
    const draft: Cart = { ...at.base, expiresAt: attempt.expiresAt };
    const created = await createStripeSession(deps.stripe, {
      cart: draft,
      decision: attempt.decision,
      priceIds: await retryLockTimeout(() => resolvePriceIds(deps.stripe, request.currency)),
      stripeCustomerId: shopper.customer === null ? null : await ensureStripeCustomer(deps, shopper.customer),
      // Stripe takes the page's language at creation only (the update API takes neither field).
      locale: request.locale ?? DEFAULT_LOCALE,
      returnUrl: `${options.origin}${localePath(request.locale ?? DEFAULT_LOCALE, '/checkout/return')}?session_id={CHECKOUT_SESSION_ID}`,
      idempotencyKey: attempt.generation === 1 ? at.key : `${at.key}:${attempt.generation}`,
    });
    return { draft, decision: attempt.decision, created };
  };
  const known = await findCreateAttempt(deps.store, at.key);
  const attempt = known ?? (await recordCreateAttempt(deps, at, options.ttlMinutes, 1));
  try {
    return await send(attempt);
  } catch (error) {
    if (known === null || !isExpiryRefusal(error)) throw error;
    return send(await recordCreateAttempt(deps, at, options.ttlMinutes, known.generation + 1));
  }
}

function isExpiryRefusal(error: unknown): boolean {
  return (
    stripeErrorType(error) === 'StripeInvalidRequestError' &&
    (error as { param?: unknown }).param === 'expires_at'
  );
}

/** Decides the discounts and `expires_at` now (to the second) and stores them under the key. */
async function recordCreateAttempt(
  deps: CheckoutDeps,
  at: CreateMoment,
  ttlMinutes: number,
  generation: number,
): Promise<CreateAttempt> {
  // Nothing is reserved for a new checkout (it has no code yet), so nothing needs a transaction.
  const decision = await decideDiscounts(deps.store, at.base, at.now, at.rulesVersion);
  assertChargeable(decision);
  const seconds = Math.floor(at.now.getTime() / 1000);
  return saveCreateAttempt(deps.store, at.key, {
    generation,
    decision,
    expiresAt: new Date((seconds + Math.max(ttlMinutes, MIN_TTL_MINUTES) * 60) * 1000),
  });
}

/**
 * A total between zero and Stripe's minimum charge cannot be paid: refuse it here, before any
 * Stripe call, so the cart and the session stay as they were (zero itself is a free order).
 */
function assertChargeable(decision: DiscountDecision): void {
  if (isBelowMinimumCharge(decision.total, decision.currency)) {
    throw belowMinimumChargeError(decision.total, decision.currency);
  }
}

/** Stripe's minimum is 30 minutes after it receives the request; one more minute is our margin. */
const MIN_TTL_MINUTES = 31;

async function ensureStripeCustomer(
  deps: CheckoutDeps,
  customer: NonNullable<Shopper['customer']>,
): Promise<string> {
  const known = await findStripeCustomerId(deps.store, customer.id);
  if (known !== null) return known;
  const created = await retryLockTimeout(() =>
    deps.stripe.customers.create(
      {
        name: customer.displayName,
        ...(customer.email === null ? {} : { email: customer.email }),
        metadata: { customer_id: customer.id },
      },
      { idempotencyKey: `customer:${customer.id}` },
    ),
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
}

/**
 * The one path every checkout change takes (DESIGN.md, principle 3): take the session's lease on its
 * cart row, build the complete next state, evaluate the discounts (a limited code reserved before
 * Stripe is called: decideAndReserve), push everything to Stripe in one update outside any
 * transaction, then save with version + 1, the reservations and the lease's release in one
 * statement. A no-op change makes no Stripe call. A refused Stripe call leaves the cart as it was
 * and gives back what was reserved.
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

function assertUsable(cart: Cart, now: Date): void {
  assertOpen(cart);
  if (cart.expiresAt.getTime() <= now.getTime()) assertOpen({ status: 'expired' });
}

/** Who may change it, and whether it is still open, checked before waiting for its lease. */
async function findChangeableCart(store: Store, shopper: Shopper, sessionId: string, now: Date) {
  const stored = await findCartBySession(store, sessionId, { lock: false });
  if (stored === null) throw new AppError('session_not_found', 'This checkout does not exist.');
  if (stored.browserId !== shopper.browserId) {
    throw new AppError('forbidden', 'This checkout belongs to another shopper.');
  }
  assertUsable(stored, now);
  return stored;
}

/**
 * Saves the changed cart and its reservations, releasing the lease, in one statement; refuses if the
 * lease was lost (then nothing was written).
 */
async function saveChangedCart(
  store: Store,
  next: Cart,
  reservedRuleId: string | null,
  lease: { previousVersion: number; owner: string },
): Promise<void> {
  const reservations = reservationsToSave(next, reservedRuleId);
  if (!(await saveCartAndRelease(store, next, lease.previousVersion, lease.owner, reservations))) {
    throw new AppError(
      'session_busy',
      'This checkout was changed by another request while this change waited for Stripe. Try again.',
      { retryAfterSeconds: 1 },
    );
  }
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
  const owner = randomUUID();
  // The lease is taken first (one statement, only by the cart's own browser); when it is not
  // granted, who may change the session and whether it is open is checked before waiting.
  const { cart, rulesVersion } = await acquireCartLease(deps, sessionId, shopper.browserId, owner, () =>
    findChangeableCart(deps.store, shopper, sessionId, now),
  );
  let newlyReserved: string | null = null;
  let pushed = false;
  // Whether Stripe may hold the next state: set by the push once an update went through, or failed
  // in a way that may have landed (a timeout, a Stripe 5xx), even if the push then failed.
  const trace = { uncertain: false };
  let priceIds: Record<string, string> = {};
  try {
    assertUsable(cart, now);
    priceIds = await retryLockTimeout(() => resolvePriceIds(deps.stripe, cart.currency));
    const patch = change(cart);
    const next: Cart = { ...cart, ...patch };
    const notices: string[] = [];
    const decided = await decideAndReserve(
      deps.store,
      next,
      now,
      (proposed) => {
        const outcome = proposed.promotionCode;
        if (outcome?.status === 'refused') {
          if (options.codeMustApply) throw refusalError(outcome.refusal);
          // The change took away what the code needs (e.g. its minimum): drop it and say why.
          notices.push(codeRemovedNotice(outcome.refusal, deps.locale));
          return 'drop_code';
        }
        assertChargeable(proposed);
        return 'accept';
      },
      rulesVersion,
    );
    const { decision, reservedRuleId } = decided;
    newlyReserved = decided.newlyReserved;
    if (decided.codeDropped) next.promotionCode = null;

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
      await giveBack(deps.store, cart.id, owner, newlyReserved);
      return toCheckoutOutcome(cart, notices);
    }
    if (!unchanged || options.forcePush) {
      const keepDiscount = !options.forcePush && sameJson(decision.combined, cart.decision?.combined ?? null);
      ({ lineItemIds: next.lineItemIds } = await pushCartToStripe(
        deps.stripe,
        next,
        decision,
        priceIds,
        budget,
        {
          keepDiscount,
          trace,
        },
      ));
      pushed = true;
    }
    next.decision = decision;
    next.version = cart.version + 1;
    await retryIfUnavailable(() =>
      saveChangedCart(deps.store, next, reservedRuleId, { previousVersion: cart.version, owner }),
    );
    return toCheckoutOutcome(next, notices);
  } catch (error) {
    const restore = { cart, owner, newlyReserved, pushed: pushed || trace.uncertain, priceIds, budget };
    await recover(deps, restore).catch((recoveryError: unknown) => {
      console.error(`[checkout] could not restore session ${sessionId} after a failed change`, recoveryError);
    });
    throw error;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Takes the session's lease, waiting for the current holder without holding a connection: polls with
 * a growing, jittered backoff, up to the wait bound, then answers 409 with a retry hint.
 */
async function acquireCartLease(
  deps: CheckoutDeps,
  sessionId: string,
  browserId: string,
  owner: string,
  /** Throws when the session may not be changed at all (404, 403, closed): no point in waiting. */
  refuse?: () => Promise<unknown>,
): Promise<{ cart: Cart; rulesVersion: string | null }> {
  const { ttlMs, waitMs } = leaseSettings(deps);
  const deadline = performance.now() + waitMs;
  let pause = 10;
  for (;;) {
    const leased = await takeCartLease(
      deps.store,
      { sessionId, browserId, owner, ttlMs },
      RULES_VERSION_QUERY,
    );
    if (leased !== null) return { cart: leased.cart, rulesVersion: leased.alongside };
    await refuse?.();
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new AppError(
        'session_busy',
        'Another change to this checkout is still being saved. Try again in a moment.',
        { retryAfterSeconds: 1 },
      );
    }
    await delay(Math.min(left, pause * (0.5 + Math.random())));
    pause = Math.min(pause * 2, 200);
  }
}

function leaseSettings(deps: CheckoutDeps): { ttlMs: number; waitMs: number } {
  return { ttlMs: deps.lease?.ttlMs ?? LEASE_TTL_MS, waitMs: deps.lease?.waitMs ?? LEASE_WAIT_MS };
}

/** Releases the lease unchanged, with the reservation this change took, if the lease is still ours. */
async function giveBack(store: Store, cartId: string, owner: string, newlyReserved: string | null) {
  // Without a reservation to give back, the release alone (it checks the owner) is the whole of it.
  if (newlyReserved === null) return releaseCartLease(store, cartId, owner);
  await store.transaction(async (tx) => {
    // A lease that expired and was taken over is the new holder's, and so is what it relies on.
    if (!(await holdsCartLease(tx, cartId, owner))) return;
    if (newlyReserved !== null) await releaseReservation(tx, cartId, newlyReserved);
    await releaseCartLease(tx, cartId, owner);
  });
}

/**
 * After a failed change. When Stripe never accepted a push, the stored cart is still what Stripe
 * has: give the lease back. When Stripe accepted one but the save did not happen (the database
 * failed), or a push's outcome is unknown (a timeout, a Stripe 5xx), Stripe may hold a state the
 * database does not: push the stored cart again (under the lease, taken again if it was lost, inside
 * what is left of the change's time budget) so both agree whenever a change returns (DESIGN.md,
 * request path).
 */
async function recover(
  deps: CheckoutDeps,
  failed: {
    cart: Cart;
    owner: string;
    newlyReserved: string | null;
    pushed: boolean;
    priceIds: Record<string, string>;
    budget: StripeBudget;
  },
): Promise<void> {
  const { cart, owner, newlyReserved, pushed, priceIds, budget } = failed;
  if (!pushed) {
    await giveBack(deps.store, cart.id, owner, newlyReserved);
    return;
  }
  let leaseOwner = owner;
  if (await holdsCartLease(deps.store, cart.id, owner)) {
    if (newlyReserved !== null) {
      await deps.store.transaction((tx) => releaseReservation(tx, cart.id, newlyReserved));
    }
  } else {
    leaseOwner = randomUUID();
    await acquireCartLease(deps, cart.sessionId, cart.browserId, leaseOwner);
  }
  const current = await findCartBySession(deps.store, cart.sessionId, { lock: false });
  try {
    if (current === null || current.decision === null || current.status !== 'open') return;
    const { lineItemIds } = await pushCartToStripe(deps.stripe, current, current.decision, priceIds, budget);
    // Stripe now holds the stored cart; only new line item ids (a lost push had replaced a line) are news.
    if (sameJson(lineItemIds, current.lineItemIds)) return;
    await saveCartAndRelease(
      deps.store,
      { ...current, lineItemIds, version: current.version + 1 },
      current.version,
      leaseOwner,
    );
  } finally {
    if (current !== null) await releaseCartLease(deps.store, current.id, leaseOwner);
  }
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
  const refused = refuseControlCharacters(shipping) ?? refuseCountry(shipping);
  if (refused !== null) return Promise.reject(refused);
  return changeCart(deps, shopper, sessionId, () => ({ shipping: withoutEmptyFields(shipping) }));
}

/** The route's schema refuses these too; a caller past it must not reach Stripe with what cannot be stored. */
function refuseControlCharacters(shipping: ShippingDetails): AppError | null {
  const fields = [shipping.name, ...Object.values(shipping.address)];
  if (fields.every((field) => typeof field !== 'string' || WITHOUT_CONTROL_CHARACTERS.test(field)))
    return null;
  return new AppError('invalid_request', 'The shipping address must not contain control characters.');
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
 * so it still takes one Stripe update.
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
    // The email discounts depend on is only ever the one sent to the server (POST .../email or
    // here): what Stripe.js collected is not read back, so an email the server never saw earns
    // nothing (a first-order offer fails closed).
    { forcePush: true },
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
