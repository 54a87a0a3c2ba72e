import 'server-only';
import type { Currency } from '@/lib/money';
import { renderStatementParts } from '@/lib/store/statement-parts';
import type { Queryable, StatementPart } from '@/lib/store/types';

/**
 * An order: what a completed Checkout Session became. One per session (orders.stripe_session_id is
 * unique). `pending` waits for a delayed payment method (konbini); `failed` is final; a `paid` order
 * may then be `partially_refunded` or `refunded` (by the amount refunded so far) or `disputed`
 * (order-status.ts has the transitions).
 */
export type OrderStatus = 'pending' | 'paid' | 'failed' | 'partially_refunded' | 'refunded' | 'disputed';

/** One line as Stripe charged it (from the session's line items), in minor units. */
export interface OrderLine {
  description: string;
  quantity: number;
  unitAmount: number | null;
  amountSubtotal: number;
  amountDiscount: number;
  amountTotal: number;
  priceId: string | null;
  lookupKey: string | null;
}

/** One discount of the server's breakdown (the cart's last decision), in minor units. */
export interface OrderDiscount {
  ruleId: string;
  kind: string;
  name: string;
  amount: number;
}

export interface OrderAmounts {
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
}

/** Stripe charged something other than what the server decided: kept on the order for a person to look at. */
export interface AmountMismatch {
  /** The cart's last decision; null when the cart had none. */
  expected: OrderAmounts | null;
  charged: OrderAmounts;
}

export interface Order {
  id: string;
  number: string;
  cartId: string | null;
  sessionId: string;
  customerId: string | null;
  email: string | null;
  clientReferenceId: string | null;
  browserId: string | null;
  currency: Currency;
  amountSubtotal: number;
  amountDiscount: number;
  amountTotal: number;
  status: OrderStatus;
  /** Minor units refunded so far (refunds that succeeded), here or in Stripe's Dashboard. */
  amountRefunded: number;
  lines: OrderLine[];
  discounts: OrderDiscount[];
  amountMismatch: AmountMismatch | null;
  /** Review flags, e.g. `first_order_email_mismatch` (README, "Webhooks and orders"). */
  flags: string[];
  paymentIntentId: string | null;
  /** The charge refunds and disputes name, once an event told us. */
  chargeId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  failedAt: Date | null;
  disputedAt: Date | null;
}

interface OrderRow extends Record<string, unknown> {
  id: string;
  number: string;
  cart_id: string | null;
  stripe_session_id: string;
  customer_id: string | null;
  email: string | null;
  client_reference_id: string | null;
  browser_id: string | null;
  currency: Currency;
  amount_subtotal: number;
  amount_discount: number;
  amount_total: number;
  status: OrderStatus;
  amount_refunded: number;
  lines: OrderLine[];
  discounts: OrderDiscount[];
  amount_mismatch: AmountMismatch | null;
  flags: string[];
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  created_at: Date;
  paid_at: Date | null;
  failed_at: Date | null;
  disputed_at: Date | null;
}

const COLUMNS =
  'id, number, cart_id, stripe_session_id, customer_id, email, client_reference_id, browser_id, currency, amount_subtotal, amount_discount, amount_total, status, amount_refunded, lines, discounts, amount_mismatch, flags, stripe_payment_intent_id, stripe_charge_id, created_at, paid_at, failed_at, disputed_at';

// Newest first, and the number breaks ties between orders written in the same instant.
const NEWEST_FIRST = 'ORDER BY created_at DESC, number::bigint DESC';

// The back office's order queries (admin-orders.ts) read rows the same way.
export type { OrderRow };
export { COLUMNS as ORDER_COLUMNS, toOrder };

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    number: row.number,
    cartId: row.cart_id,
    sessionId: row.stripe_session_id,
    customerId: row.customer_id,
    email: row.email,
    clientReferenceId: row.client_reference_id,
    browserId: row.browser_id,
    currency: row.currency,
    amountSubtotal: row.amount_subtotal,
    amountDiscount: row.amount_discount,
    amountTotal: row.amount_total,
    status: row.status,
    amountRefunded: Number(row.amount_refunded),
    lines: row.lines,
    discounts: row.discounts,
    amountMismatch: row.amount_mismatch,
    flags: row.flags ?? [],
    paymentIntentId: row.stripe_payment_intent_id,
    chargeId: row.stripe_charge_id,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    failedAt: row.failed_at,
    disputedAt: row.disputed_at,
  };
}

export async function findOrderBySession(db: Queryable, sessionId: string): Promise<Order | null> {
  const { rows } = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE stripe_session_id = $1`, [
    sessionId,
  ]);
  const row = rows[0];
  return row === undefined ? null : toOrder(row);
}

/** A new order has no number yet (the insert takes the next one) and nothing refunded, disputed or charged back. */
export type NewOrder = Omit<Order, 'number' | 'createdAt' | 'amountRefunded' | 'chargeId' | 'disputedAt'>;

/**
 * Inserts the order unless its session has one already, and answers its number, or null when it
 * had. The number is the column's default (order_number_seq, migrations 0004 and 0013), taken only
 * when a row is inserted, so a session that has an order costs no number. `alongside` (other
 * tables' writes, e.g. the status's side effects) runs in the same statement, only when the order
 * was inserted. Without the cart lock two inserts could both find no order, and the loser would
 * fail on the unique session id; fulfilment holds it.
 */
export async function insertOrder(
  db: Queryable,
  order: NewOrder,
  alongside: readonly StatementPart[] = [],
): Promise<string | null> {
  const params = [
    order.id,
    order.cartId,
    order.sessionId,
    order.customerId,
    order.email,
    order.clientReferenceId,
    order.browserId,
    order.currency,
    order.amountSubtotal,
    order.amountDiscount,
    order.amountTotal,
    order.status,
    order.lines,
    order.discounts,
    order.amountMismatch,
    order.paymentIntentId,
    order.paidAt,
    order.failedAt,
    JSON.stringify(order.flags),
  ];
  const parts = renderStatementParts(alongside, { guard: 'inserted', firstParam: params.length + 1 });
  const { rows } = await db.query<{ number: string }>(
    `WITH inserted AS (
       INSERT INTO orders (id, cart_id, stripe_session_id, customer_id, email, client_reference_id, browser_id,
         currency, amount_subtotal, amount_discount, amount_total, status, lines, discounts, amount_mismatch,
         stripe_payment_intent_id, paid_at, failed_at, flags)
       SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::bigint,
         $10::bigint, $11::bigint, $12::text, $13::jsonb, $14::jsonb, $15::jsonb, $16::text, $17::timestamptz,
         $18::timestamptz, $19::jsonb
       WHERE NOT EXISTS (SELECT 1 FROM orders WHERE stripe_session_id = $3::text)
       RETURNING number
     )${parts.ctes === '' ? '' : `, ${parts.ctes}`}
     SELECT number FROM inserted`,
    [...params, ...parts.params],
  );
  return rows[0]?.number ?? null;
}

/**
 * Moves an order out of `pending`, with `alongside` (the new status's side effects) in the same
 * statement. The status condition makes the change happen once even if a caller did not hold the
 * cart lock: the second writer updates nothing, its side effects do not run, and it gets false.
 */
export async function settlePendingOrder(
  db: Queryable,
  orderId: string,
  status: 'paid' | 'failed',
  at: Date,
  alongside: readonly StatementPart[] = [],
): Promise<boolean> {
  const params = [orderId, status, at];
  const parts = renderStatementParts(alongside, { guard: 'settled', firstParam: params.length + 1 });
  const { rows } = await db.query<{ settled: number }>(
    `WITH settled AS (
       UPDATE orders SET status = $2, paid_at = CASE WHEN $2 = 'paid' THEN $3::timestamptz ELSE paid_at END,
         failed_at = CASE WHEN $2 = 'failed' THEN $3::timestamptz ELSE failed_at END, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING id
     )${parts.ctes === '' ? '' : `, ${parts.ctes}`}
     SELECT count(*) AS settled FROM settled`,
    [...params, ...parts.params],
  );
  return rows[0]?.settled === 1;
}

/** A signed-in customer's orders, from any browser. */
export async function listCustomerOrders(db: Queryable, customerId: string): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE customer_id = $1 ${NEWEST_FIRST}`,
    [customerId],
  );
  return rows.map(toOrder);
}

/**
 * Orders a guest paid in this browser. A signed-in customer's orders made in the same browser are
 * theirs, not the guest's, so they are left out.
 */
export async function listGuestBrowserOrders(db: Queryable, browserId: string): Promise<Order[]> {
  if (browserId === '') return [];
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE browser_id = $1 AND customer_id IS NULL ${NEWEST_FIRST}`,
    [browserId],
  );
  return rows.map(toOrder);
}

/** Orders placed through a `?client_reference_id=` link, for back-office systems. */
export async function listOrdersByClientReference(
  db: Queryable,
  clientReferenceId: string,
  limit: number,
): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE client_reference_id = $1 ${NEWEST_FIRST} LIMIT $2`,
    [clientReferenceId, limit],
  );
  return rows.map(toOrder);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One order by id; `lock` takes its row lock until the transaction ends (refunds and their events
 * on one order are serialised by it). An id that is not a uuid is simply not found.
 */
export async function findOrderById(
  db: Queryable,
  orderId: string,
  options: { lock?: boolean } = {},
): Promise<Order | null> {
  if (!UUID.test(orderId)) return null;
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [orderId],
  );
  const row = rows[0];
  return row === undefined ? null : toOrder(row);
}

/** The order paid by a PaymentIntent (refund and dispute events name the intent), optionally locked. */
export async function findOrderByPaymentIntent(
  db: Queryable,
  paymentIntentId: string,
  options: { lock?: boolean } = {},
): Promise<Order | null> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE stripe_payment_intent_id = $1 ORDER BY created_at LIMIT 1${options.lock ? ' FOR UPDATE' : ''}`,
    [paymentIntentId],
  );
  const row = rows[0];
  return row === undefined ? null : toOrder(row);
}

/**
 * Records what has been refunded on an order and the status that follows. The caller holds the
 * order's row lock and has decided both (refund-state.ts); the amount never goes down.
 */
export async function setOrderRefundState(
  db: Queryable,
  orderId: string,
  state: { amountRefunded: number; status: OrderStatus; chargeId: string | null },
): Promise<void> {
  await db.query(
    `UPDATE orders SET amount_refunded = GREATEST(amount_refunded, $2), status = $3,
       stripe_charge_id = COALESCE(stripe_charge_id, $4), updated_at = now()
     WHERE id = $1`,
    [orderId, state.amountRefunded, state.status, state.chargeId],
  );
}

/** Marks an order disputed (a chargeback was opened on its charge). The caller holds the row lock. */
export async function markOrderDisputed(
  db: Queryable,
  orderId: string,
  state: { at: Date; chargeId: string | null },
): Promise<void> {
  await db.query(
    `UPDATE orders SET status = 'disputed', disputed_at = COALESCE(disputed_at, $2::timestamptz),
       stripe_charge_id = COALESCE(stripe_charge_id, $3), updated_at = now()
     WHERE id = $1`,
    [orderId, state.at, state.chargeId],
  );
}
