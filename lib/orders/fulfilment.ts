import 'server-only';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { type Cart, cartStatusAlongside, findCartBySession, setCartStatus } from '@/lib/checkout/cart';
import { loadDiscountRules } from '@/lib/checkout/discount-rules';
import { redeemAlongside, releaseAlongside, releaseReservations } from '@/lib/checkout/redemptions';
import { paidOrderInHistory } from '@/lib/customers/history';
import { formatMoney, isCurrency } from '@/lib/money';
import type { Queryable, StatementPart, Store } from '@/lib/store/types';
import { mapStripeErrors } from '@/lib/stripe/errors';
import { checkChargedAmount } from './amount-check';
import {
  findOrderBySession,
  insertOrder,
  type NewOrder,
  type OrderAmounts,
  type OrderLine,
  type OrderStatus,
  settlePendingOrder,
} from './order';
import { nextOrderStatus } from './order-status';
import { handleRefundEvent, isRefundEvent } from './refund-events';
import {
  type EventOutcome,
  isEventRecorded,
  readDelivery,
  recordEvent,
  recordedAlongside,
} from './webhook-events';

/**
 * Turns Checkout Session events into orders, exactly once per session whatever Stripe's delivery
 * does: duplicates, retries, concurrency and any arrival order.
 *
 * - Every event id is inserted into webhook_events in the same transaction as its effect. A
 *   redelivery (same id) finds the row and changes nothing.
 * - Different events of one session, and copies of one event delivered at once, are serialised by
 *   the cart's row lock, and the order row is unique per session, so `completed` and
 *   `async_payment_succeeded` arriving together still make one order.
 * - A new order is one statement under that lock: the order with its number, the event's id, the
 *   cart's status, the reservations redeemed and the customer's history (each table's writes built
 *   by its owner). It inserts only if the session has no order yet, so an event that waited for the
 *   lock finds the winner's order and goes the way of any event for an existing order: its id is
 *   recorded first, and a copy of the winner's event sees the conflict and changes nothing.
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
  // A redelivery is answered without asking Stripe anything. (The writes in the transaction are
  // what guarantee "once"; this only saves the Stripe calls.)
  const delivery = await readDelivery(deps.store, event.id, sessionId);
  if (delivery.recorded) return { kind: 'duplicate' };
  // Only a new order needs Stripe's copy of the session, and it is read before the transaction so
  // no row lock or connection is held across the network for it. Orders are never deleted: one that
  // exists now still exists below.
  // A payment is always checked against Stripe's session as it is now, never the event's snapshot:
  // a signed but stale or misdirected `async_payment_succeeded` cannot pay an order.
  const facts =
    settlement !== 'failed' || delivery.order === null
      ? await readCheckoutSession(deps.stripe, sessionId)
      : null;
  if (facts !== null && settlement !== 'failed' && facts.session.status !== 'complete') {
    (deps.log ?? console).warn(
      `[orders] ${event.type} ${event.id}: Stripe shows session ${sessionId} as ${facts.session.status}, not complete; ignored`,
    );
    return { kind: 'ignored', reason: 'the session is not complete at Stripe' };
  }
  return settleInTransaction(deps, event, snapshot, settlement, facts, delivery.order !== null);
}

/** `facts` is null only when the session had an order at the first read (`hadOrder`). */
function settleInTransaction(
  deps: OrderDeps,
  event: Stripe.Event,
  snapshot: Stripe.Checkout.Session,
  settlement: Settlement,
  facts: SessionFacts | null,
  hadOrder: boolean,
): Promise<EventOutcome> {
  const sessionId = snapshot.id;
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.log ?? console;

  return deps.store.transaction(async (tx): Promise<EventOutcome> => {
    const cart = await findCartBySession(tx, sessionId, { lock: true });
    if (cart === null) {
      if (!(await recordEvent(tx, event))) return { kind: 'duplicate' };
      // Another integration's session on the same Stripe account, or a test event: not ours to fulfil.
      log.warn(
        `[orders] ${event.type} ${event.id} names session ${sessionId}, which has no cart here; ignored`,
      );
      return { kind: 'ignored', reason: 'no cart for this session' };
    }
    const target = targetStatus(settlement, facts?.session ?? snapshot);

    if (!hadOrder && facts !== null) {
      const order = await buildOrder(tx, cart, facts, target, now);
      const number = await insertOrder(tx, order, [
        recordedAlongside(event),
        cartStatusAlongside(cart.id, 'complete'),
        ...statusEffects(cart, order, target),
      ]);
      if (number !== null) {
        if (order.amountMismatch !== null) {
          log.error(
            `[orders] Order ${number} (session ${sessionId}): Stripe charged ${describeAmounts(order.amountMismatch.charged)} but the cart's last decision was ${order.amountMismatch.expected === null ? 'missing' : describeAmounts(order.amountMismatch.expected)}. Recorded on the order for review.`,
          );
        }
        return { kind: 'order', orderNumber: number, status: target, changed: true };
      }
      // Another event of this session (or another copy of this one) made the order while this one
      // read Stripe and waited for the lock: nothing was written, so go on as for any existing order.
    }

    if (!(await recordEvent(tx, event))) return { kind: 'duplicate' };
    const existing = await findOrderBySession(tx, sessionId);
    if (existing === null) throw new Error(`Session ${sessionId} had an order, and orders are never deleted`);
    const next = nextOrderStatus(existing.status, target);
    if (next !== 'paid' && next !== 'failed') {
      return { kind: 'order', orderNumber: existing.number, status: existing.status, changed: false };
    }
    if (!(await settlePendingOrder(tx, existing.id, next, now, statusEffects(cart, existing, next)))) {
      throw new Error(`Order ${existing.number} left 'pending' while its cart was locked`);
    }
    return { kind: 'order', orderNumber: existing.number, status: next, changed: true };
  });
}

function targetStatus(settlement: Settlement, session: Stripe.Checkout.Session): OrderStatus {
  if (settlement === 'failed') return settlement;
  // Paid only when Stripe's session says so, whatever the event type claims.
  // `paid`, or `no_payment_required` for a total of zero; `unpaid` is a delayed method (konbini).
  return session.payment_status === 'unpaid' ? 'pending' : 'paid';
}

/**
 * The side effects of an order reaching a status, as writes on the statement that moves it there,
 * so they run once, exactly when that statement writes the order. A pending order keeps its code
 * reservations: the code's limit stays held while the shopper pays.
 */
function statusEffects(
  cart: Cart,
  order: { customerId: string | null; currency: string; amountTotal: number },
  status: OrderStatus,
): StatementPart[] {
  if (status === 'paid') return [redeemAlongside(cart.id), ...paidOrderInHistory(order)];
  if (status === 'failed') return [releaseAlongside(cart.id)];
  return [];
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
    flags: await reviewFlags(tx, cart, email),
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
async function reviewFlags(tx: Queryable, cart: Cart, confirmedEmail: string | null): Promise<string[]> {
  const code = cart.decision?.promotionCode;
  if (code?.status !== 'applied' || cart.customerId !== null || cart.email === null) return [];
  // Only a guest's applied code can need review: only then are the rules read.
  const rule = (await loadDiscountRules(tx)).find(({ id }) => id === code.ruleId);
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
