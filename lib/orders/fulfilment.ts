import 'server-only';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { type Cart, findCartBySession, setCartStatus } from '@/lib/checkout/cart';
import { loadDiscountRules } from '@/lib/checkout/discount-rules';
import { redeemReservations, releaseReservations } from '@/lib/checkout/redemptions';
import { addPaidOrderToHistory } from '@/lib/customers/history';
import type { Rule } from '@/lib/discounts';
import { formatMoney, isCurrency } from '@/lib/money';
import type { Queryable, Store } from '@/lib/store/types';
import { mapStripeErrors } from '@/lib/stripe/errors';
import { checkChargedAmount } from './amount-check';
import {
  findOrderBySession,
  insertOrder,
  type NewOrder,
  nextOrderNumber,
  type OrderAmounts,
  type OrderLine,
  type OrderStatus,
  settlePendingOrder,
} from './order';
import { nextOrderStatus } from './order-status';
import { handleRefundEvent, isRefundEvent } from './refund-events';
import { type EventOutcome, isEventRecorded, recordEvent } from './webhook-events';

/**
 * Turns Checkout Session events into orders, exactly once per session whatever Stripe's delivery
 * does: duplicates, retries, concurrency and any arrival order.
 *
 * - Every event id is inserted into webhook_events in the same transaction as its effect. A
 *   redelivery (same id) finds the row and changes nothing; two copies delivered at once race on the
 *   primary key, and the loser waits for the winner's commit and then sees the conflict.
 * - Different events of one session are serialised by the cart's row lock, and the order row is
 *   unique per session, so `completed` and `async_payment_succeeded` arriving together still make
 *   one order.
 * - Status only moves forward (order-status.ts), so a late `completed` cannot undo a payment that
 *   `async_payment_succeeded` already recorded, and side effects (history, redemptions) run on the
 *   transition itself, never twice.
 *
 * The signed payload is authentic but is a snapshot from when the event was created. When an order
 * is created, the session is read back from Stripe instead: its line items are not in the event
 * anyway, and the current `payment_status` is the truth when events arrive late or out of order. The
 * event type still decides the delayed-payment outcome, because a failed konbini payment leaves the
 * session's `payment_status` at `unpaid`, the same as a payment that is still outstanding.
 */

export interface OrderDeps {
  store: Store;
  stripe: Stripe;
  now?: () => Date;
  /** Problems a person must look at (an amount mismatch, an event for a session we don't know). */
  log?: Pick<Console, 'warn' | 'error'>;
}

export type { EventOutcome } from './webhook-events';

/**
 * The events a deployed endpoint subscribes to (README, "Webhooks and orders"): the four Checkout
 * Session events below, and the refund and dispute events of refund-events.ts (`charge.refunded`,
 * `refund.updated`, `charge.dispute.created`; `refund.created` is handled too when subscribed).
 */
export function handleStripeEvent(deps: OrderDeps, event: Stripe.Event): Promise<EventOutcome> {
  if (isRefundEvent(event)) return mapStripeErrors(() => handleRefundEvent(deps, event));
  return mapStripeErrors(() => applyEvent(deps, event));
}

function applyEvent(deps: OrderDeps, event: Stripe.Event): Promise<EventOutcome> {
  switch (event.type) {
    case 'checkout.session.completed':
      return settleSession(deps, event, event.data.object, 'from_session');
    case 'checkout.session.async_payment_succeeded':
      return settleSession(deps, event, event.data.object, 'paid');
    case 'checkout.session.async_payment_failed':
      return settleSession(deps, event, event.data.object, 'failed');
    case 'checkout.session.expired':
      return releaseExpiredSession(deps, event, event.data.object.id);
    default:
      // Not recorded: nothing happened, and storing every event of the account would only grow a table.
      return Promise.resolve({ kind: 'ignored', reason: `${event.type} is not handled` });
  }
}

/** `from_session`: the order's status follows the session's payment status (`checkout.session.completed`). */
type Settlement = 'from_session' | 'paid' | 'failed';

interface SessionFacts {
  session: Stripe.Checkout.Session;
  lines: OrderLine[];
}

async function settleSession(
  deps: OrderDeps,
  event: Stripe.Event,
  snapshot: Stripe.Checkout.Session,
  settlement: Settlement,
): Promise<EventOutcome> {
  const sessionId = snapshot.id;
  // A redelivery is answered without asking Stripe anything. (The insert in the transaction is
  // what guarantees "once"; this only saves the Stripe calls.)
  if (await isEventRecorded(deps.store, event.id)) return { kind: 'duplicate' };
  // Only a new order needs Stripe's copy of the session, and it is read before the transaction so
  // no row lock or connection is held across the network for it. Orders are never deleted: one that
  // exists now still exists below.
  // A payment is always checked against Stripe's session as it is now, never the event's snapshot:
  // a signed but stale or misdirected `async_payment_succeeded` cannot pay an order.
  const facts =
    settlement !== 'failed' || (await findOrderBySession(deps.store, sessionId)) === null
      ? await readCheckoutSession(deps.stripe, sessionId)
      : null;
  if (facts !== null && settlement !== 'failed' && facts.session.status !== 'complete') {
    (deps.log ?? console).warn(
      `[orders] ${event.type} ${event.id}: Stripe shows session ${sessionId} as ${facts.session.status}, not complete; ignored`,
    );
    return { kind: 'ignored', reason: 'the session is not complete at Stripe' };
  }
  const outcome = await settleInTransaction(deps, event, snapshot, settlement, facts);
  if (outcome !== 'needs_session') return outcome;
  // Should an order ever vanish between the two reads, read Stripe (outside any transaction) and
  // apply again, rather than write an order without lines or call Stripe under the row lock.
  const read = await readCheckoutSession(deps.stripe, sessionId);
  const retried = await settleInTransaction(deps, event, snapshot, settlement, read);
  if (retried === 'needs_session') throw new Error(`Session ${sessionId} has no facts to settle with`);
  return retried;
}

const NEEDS_SESSION = new Error('the order vanished between reads: read the session from Stripe again');

async function settleInTransaction(
  deps: OrderDeps,
  event: Stripe.Event,
  snapshot: Stripe.Checkout.Session,
  settlement: Settlement,
  facts: SessionFacts | null,
): Promise<EventOutcome | 'needs_session'> {
  const sessionId = snapshot.id;
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.log ?? console;

  try {
    return await deps.store.transaction(async (tx): Promise<EventOutcome> => {
      if (!(await recordEvent(tx, event))) return { kind: 'duplicate' };
      const cart = await findCartBySession(tx, sessionId, { lock: true });
      if (cart === null) {
        // Another integration's session on the same Stripe account, or a test event: not ours to fulfil.
        log.warn(
          `[orders] ${event.type} ${event.id} names session ${sessionId}, which has no cart here; ignored`,
        );
        return { kind: 'ignored', reason: 'no cart for this session' };
      }
      const target = targetStatus(settlement, facts?.session ?? snapshot);
      const existing = await findOrderBySession(tx, sessionId);

      if (existing === null) {
        // `facts` is missing only if an order existed before the transaction (orders are never
        // deleted). Rolling back un-records the event, so the caller can read Stripe and apply again.
        if (facts === null) throw NEEDS_SESSION;
        const order = await buildOrder(tx, cart, facts, target, now);
        if (order.amountMismatch !== null) {
          log.error(
            `[orders] Order ${order.number} (session ${sessionId}): Stripe charged ${describeAmounts(order.amountMismatch.charged)} but the cart's last decision was ${order.amountMismatch.expected === null ? 'missing' : describeAmounts(order.amountMismatch.expected)}. Recorded on the order for review.`,
          );
        }
        await insertOrder(tx, order);
        if (cart.status !== 'complete') await setCartStatus(tx, cart.id, 'complete');
        await applyStatusEffects(tx, cart, order, target);
        return { kind: 'order', orderNumber: order.number, status: target, changed: true };
      }

      const next = nextOrderStatus(existing.status, target);
      if (next !== 'paid' && next !== 'failed') {
        return { kind: 'order', orderNumber: existing.number, status: existing.status, changed: false };
      }
      if (!(await settlePendingOrder(tx, existing.id, next, now))) {
        throw new Error(`Order ${existing.number} left 'pending' while its cart was locked`);
      }
      await applyStatusEffects(tx, cart, existing, next);
      return { kind: 'order', orderNumber: existing.number, status: next, changed: true };
    });
  } catch (error) {
    if (error === NEEDS_SESSION) return 'needs_session';
    throw error;
  }
}

function targetStatus(settlement: Settlement, session: Stripe.Checkout.Session): OrderStatus {
  if (settlement === 'failed') return settlement;
  // Paid only when Stripe's session says so, whatever the event type claims.
  // `paid`, or `no_payment_required` for a total of zero; `unpaid` is a delayed method (konbini).
  return session.payment_status === 'unpaid' ? 'pending' : 'paid';
}

/**
 * The side effects of an order reaching a status, run once, in the transaction that moves it there.
 * A pending order keeps its code reservations: the code's limit stays held while the shopper pays.
 */
async function applyStatusEffects(
  tx: Queryable,
  cart: Cart,
  order: { customerId: string | null; currency: string; amountTotal: number },
  status: OrderStatus,
): Promise<void> {
  if (status === 'paid') {
    await redeemReservations(tx, cart.id);
    await addPaidOrderToHistory(tx, order);
  } else if (status === 'failed') {
    await releaseReservations(tx, cart.id);
  }
}

async function buildOrder(
  tx: Queryable,
  cart: Cart,
  { session, lines }: SessionFacts,
  status: OrderStatus,
  now: Date,
): Promise<NewOrder> {
  const charged: OrderAmounts = {
    currency: (session.currency ?? cart.currency).toLowerCase(),
    subtotal: session.amount_subtotal ?? 0,
    discount: session.total_details?.amount_discount ?? 0,
    total: session.amount_total ?? 0,
  };
  const email = session.customer_details?.email ?? cart.email;
  const paymentIntent = session.payment_intent;
  return {
    id: randomUUID(),
    number: await nextOrderNumber(tx),
    cartId: cart.id,
    sessionId: session.id,
    // Loyalty and history belong to the signed-in customer of the cart only, never to a typed email.
    customerId: cart.customerId,
    email: email === null ? null : email.trim().toLowerCase(),
    clientReferenceId: cart.clientReferenceId ?? session.client_reference_id,
    // So a guest sees the orders paid in this browser under /orders.
    browserId: cart.browserId,
    currency: isCurrency(charged.currency) ? charged.currency : cart.currency,
    amountSubtotal: charged.subtotal,
    amountDiscount: charged.discount,
    amountTotal: charged.total,
    status,
    lines,
    discounts: (cart.decision?.applied ?? []).map(({ ruleId, kind, name, amount }) => ({
      ruleId,
      kind,
      name,
      amount,
    })),
    amountMismatch: checkChargedAmount(cart.decision, charged),
    flags: reviewFlags(cart, email, await loadDiscountRules(tx)),
    paymentIntentId: typeof paymentIntent === 'string' ? paymentIntent : (paymentIntent?.id ?? null),
    paidAt: status === 'paid' ? now : null,
    failedAt: status === 'failed' ? now : null,
  };
}

/**
 * Stripe.js's confirm({ email }) can change the email after our last recompute. A guest's
 * first-order code was decided for the cart's email; when the session was confirmed with another
 * one, the order is flagged for review rather than silently trusted (README says what remains).
 */
function reviewFlags(cart: Cart, confirmedEmail: string | null, rules: readonly Rule[]): string[] {
  const code = cart.decision?.promotionCode;
  if (code?.status !== 'applied' || cart.customerId !== null || cart.email === null) return [];
  const rule = rules.find(({ id }) => id === code.ruleId);
  if (rule?.kind !== 'promotion_code' || rule.firstOrderOnly !== true) return [];
  const same =
    confirmedEmail !== null && confirmedEmail.trim().toLowerCase() === cart.email.trim().toLowerCase();
  return same ? [] : ['first_order_email_mismatch'];
}

/** The session as Stripe has it now, with every line item (listLineItems pages through them all). */
export async function readCheckoutSession(stripe: Stripe, sessionId: string): Promise<SessionFacts> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const lines: OrderLine[] = [];
  for await (const item of stripe.checkout.sessions.listLineItems(sessionId, { limit: 100 })) {
    lines.push(toOrderLine(item));
  }
  return { session, lines };
}

function toOrderLine(item: Stripe.LineItem): OrderLine {
  return {
    description: item.description ?? item.price?.nickname ?? item.id,
    quantity: item.quantity ?? 1,
    unitAmount: item.price?.unit_amount ?? null,
    amountSubtotal: item.amount_subtotal,
    amountDiscount: item.amount_discount,
    amountTotal: item.amount_total,
    priceId: item.price?.id ?? null,
    lookupKey: item.price?.lookup_key ?? null,
  };
}

/**
 * `checkout.session.expired`: the shopper never paid, so the codes this cart held are given back
 * (a limited code's redemption count goes down) and the cart is closed.
 */
async function releaseExpiredSession(
  deps: OrderDeps,
  event: Stripe.Event,
  sessionId: string,
): Promise<EventOutcome> {
  if (await isEventRecorded(deps.store, event.id)) return { kind: 'duplicate' };
  return deps.store.transaction(async (tx): Promise<EventOutcome> => {
    if (!(await recordEvent(tx, event))) return { kind: 'duplicate' };
    const cart = await findCartBySession(tx, sessionId, { lock: true });
    if (cart === null) return { kind: 'ignored', reason: 'no cart for this session' };
    // Stripe never expires a completed session; if an order exists, the expiry is not ours to apply.
    if ((await findOrderBySession(tx, sessionId)) !== null) {
      return { kind: 'ignored', reason: 'the session already has an order' };
    }
    await releaseReservations(tx, cart.id);
    if (cart.status === 'open') await setCartStatus(tx, cart.id, 'expired');
    return { kind: 'released', cartId: cart.id };
  });
}

function describeAmounts(amounts: OrderAmounts): string {
  const currency = amounts.currency.toLowerCase();
  const money = (value: number) =>
    isCurrency(currency) ? formatMoney(value, currency) : `${value} ${currency.toUpperCase()}`;
  return `${money(amounts.total)} (subtotal ${money(amounts.subtotal)}, discount ${money(amounts.discount)})`;
}
