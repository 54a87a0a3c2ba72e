import 'server-only';
import type { AddOnId, ProductId } from '@/lib/catalog';
import type { DiscountDecision } from '@/lib/discounts';
import type { Currency } from '@/lib/money';
import type { Queryable, StatementPart } from '@/lib/store/types';

export interface ShippingDetails {
  name: string;
  address: {
    line1: string;
    line2?: string | undefined;
    city: string;
    state?: string | undefined;
    postal_code: string;
    country: string;
  };
}

export type CartStatus = 'open' | 'complete' | 'expired';

/** The server's copy of an order in checkout: what Stripe's session is always made to match. */
export interface Cart {
  id: string;
  reference: string;
  sessionId: string;
  browserId: string;
  customerId: string | null;
  email: string | null;
  currency: Currency;
  items: { productId: ProductId; quantity: number }[];
  addOns: AddOnId[];
  promotionCode: string | null;
  shipping: ShippingDetails | null;
  clientReferenceId: string | null;
  /** Our line key (see lineKey) -> Stripe line item id. */
  lineItemIds: Record<string, string>;
  decision: DiscountDecision | null;
  status: CartStatus;
  version: number;
  expiresAt: Date;
}

interface CartRow extends Record<string, unknown> {
  id: string;
  reference: string;
  stripe_session_id: string;
  browser_id: string;
  customer_id: string | null;
  email: string | null;
  currency: Currency;
  items: Cart['items'];
  add_ons: AddOnId[];
  promotion_code: string | null;
  shipping: ShippingDetails | null;
  client_reference_id: string | null;
  line_item_ids: Record<string, string>;
  decision: DiscountDecision | null;
  status: CartStatus;
  version: number;
  expires_at: Date;
}

const COLUMNS =
  'id, reference, stripe_session_id, browser_id, customer_id, email, currency, items, add_ons, promotion_code, shipping, client_reference_id, line_item_ids, decision, status, version, expires_at';

function toCart(row: CartRow): Cart {
  return {
    id: row.id,
    reference: row.reference,
    sessionId: row.stripe_session_id,
    browserId: row.browser_id,
    customerId: row.customer_id,
    email: row.email,
    currency: row.currency,
    items: row.items,
    addOns: row.add_ons,
    promotionCode: row.promotion_code,
    shipping: row.shipping,
    clientReferenceId: row.client_reference_id,
    lineItemIds: row.line_item_ids,
    decision: row.decision,
    status: row.status,
    version: row.version,
    expiresAt: row.expires_at,
  };
}

export function lineKey(kind: 'product' | 'add_on', id: string): string {
  return `${kind}:${id}`;
}

export async function findCartBySession(db: Queryable, sessionId: string, options: { lock: boolean }) {
  const { rows } = await db.query<CartRow>(
    `SELECT ${COLUMNS} FROM carts WHERE stripe_session_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [sessionId],
  );
  const row = rows[0];
  return row === undefined ? null : toCart(row);
}

/**
 * The cart with this id, if stored, and a scalar subquery another module wants read in the same
 * statement (see takeCartLease), whether or not the cart exists.
 */
export async function findCartById(
  db: Queryable,
  id: string,
  alongside = 'NULL::text',
): Promise<{ cart: Cart | null; alongside: string | null }> {
  const { rows } = await db.query<Nullable<CartRow> & { alongside: string | null }>(
    `SELECT a.alongside, ${COLUMNS} FROM (SELECT ${alongside} AS alongside) a LEFT JOIN carts ON carts.id = $1`,
    [id],
  );
  const row = rows[0];
  const cart = row === undefined || row.id === null ? null : toCart(row as CartRow);
  return { cart, alongside: row?.alongside ?? null };
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/**
 * Stores a new cart unless a cart with its id, reference or session is already stored (a replay of
 * the same creation derives all three), and says whether it did. One statement: two concurrent
 * replays both insert, and the second waits for the first to commit and then inserts nothing.
 */
export async function insertCartUnlessStored(db: Queryable, cart: Cart): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO carts (id, reference, stripe_session_id, browser_id, customer_id, email, currency, items, add_ons,
       promotion_code, shipping, client_reference_id, line_item_ids, decision, status, version, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT DO NOTHING`,
    [
      cart.id,
      cart.reference,
      cart.sessionId,
      cart.browserId,
      cart.customerId,
      cart.email,
      cart.currency,
      cart.items,
      cart.addOns,
      cart.promotionCode,
      cart.shipping,
      cart.clientReferenceId,
      cart.lineItemIds,
      cart.decision,
      cart.status,
      cart.version,
      cart.expiresAt,
    ],
  );
  return rowCount > 0;
}

/**
 * Takes the cart's lease for `owner` if nobody holds it or the holder's lease has expired (a crashed
 * or stalled instance), in one statement: no transaction stays open. Expiry is the database's clock,
 * the one clock every instance shares. Only the cart's own browser can take it, so nobody else can
 * keep a shopper's checkout busy. Returns the cart as the lease holder sees it, or null when the
 * lease is held by someone else.
 */
export async function takeCartLease(
  db: Queryable,
  input: { sessionId: string; browserId: string; owner: string; ttlMs: number },
  /**
   * A scalar subquery (its value as text) another module wants read in the same statement, so the
   * change it starts needs no statement of its own for it: the discount rules' version.
   */
  alongside?: string,
): Promise<{ cart: Cart; alongside: string | null } | null> {
  const { rows } = await db.query<CartRow & { alongside: string | null }>(
    `UPDATE carts SET lease_owner = $3, lease_expires_at = clock_timestamp() + make_interval(secs => $4::float8 / 1000)
     WHERE stripe_session_id = $1 AND browser_id = $2
       AND (lease_owner IS NULL OR lease_expires_at <= clock_timestamp())
     RETURNING ${COLUMNS}, ${alongside ?? 'NULL::text'} AS alongside`,
    [input.sessionId, input.browserId, input.owner, input.ttlMs],
  );
  const row = rows[0];
  return row === undefined ? null : { cart: toCart(row), alongside: row.alongside };
}

/** Gives the lease back without changing the cart (a no-op change, or Stripe refused the push). */
export async function releaseCartLease(db: Queryable, cartId: string, owner: string): Promise<void> {
  await db.query(
    'UPDATE carts SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2',
    [cartId, owner],
  );
}

/** Whether `owner` still holds the cart's lease (it may have expired and been taken over). */
export async function holdsCartLease(db: Queryable, cartId: string, owner: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM carts WHERE id = $1 AND lease_owner = $2', [
    cartId,
    owner,
  ]);
  return rowCount > 0;
}

/**
 * Saves a changed cart and releases its lease. Only the lease holder that read `previousVersion`
 * may: false means the lease expired and another writer took the cart over (or a webhook closed
 * it), and nothing was written. `alongside` (another table's writes, e.g. the cart's reservations)
 * runs in the same statement, and only when the cart was saved.
 */
export async function saveCartAndRelease(
  db: Queryable,
  cart: Cart,
  previousVersion: number,
  owner: string,
  alongside?: StatementPart,
): Promise<boolean> {
  const update = `UPDATE carts SET email = $2, add_ons = $3, promotion_code = $4, shipping = $5, line_item_ids = $6,
       decision = $7, status = $8, version = $9, updated_at = now(), lease_owner = NULL, lease_expires_at = NULL
     WHERE id = $1 AND version = $10 AND lease_owner = $11`;
  const params = [
    cart.id,
    cart.email,
    cart.addOns,
    cart.promotionCode,
    cart.shipping,
    cart.lineItemIds,
    cart.decision,
    cart.status,
    cart.version,
    previousVersion,
    owner,
  ];
  if (alongside === undefined) return (await db.query(update, params)).rowCount === 1;
  const part = alongside({ guard: 'saved', firstParam: params.length + 1 });
  const { rows } = await db.query<{ saved: number }>(
    `WITH saved AS (${update} RETURNING id), ${part.ctes} SELECT count(*) AS saved FROM saved`,
    [...params, ...part.params],
  );
  return rows[0]?.saved === 1;
}

/**
 * The cart's move to `status`, as a write riding on another owner's statement (fulfilment's order
 * insert): only when the host's guard returned a row, and only if the cart is not there already.
 */
export function cartStatusAlongside(cartId: string, status: CartStatus): StatementPart {
  return ({ guard, firstParam }) => ({
    ctes: `cart_status AS (
      UPDATE carts SET status = $${firstParam + 1}::text, version = version + 1, updated_at = now()
      WHERE id = $${firstParam}::uuid AND status <> $${firstParam + 1}::text AND EXISTS (SELECT 1 FROM ${guard}) RETURNING id
    )`,
    params: [cartId, status],
  });
}

export async function setCartStatus(db: Queryable, cartId: string, status: CartStatus): Promise<void> {
  await db.query('UPDATE carts SET status = $2, version = version + 1, updated_at = now() WHERE id = $1', [
    cartId,
    status,
  ]);
}

/**
 * The Checkout Sessions this browser completed lately. The storefront keeps its cart in the
 * browser; a cart whose checkout is among these has been bought and starts empty.
 */
export async function listCompletedSessionIds(db: Queryable, browserId: string): Promise<string[]> {
  const { rows } = await db.query<{ stripe_session_id: string }>(
    `SELECT stripe_session_id FROM carts WHERE browser_id = $1 AND status = 'complete'
     ORDER BY updated_at DESC LIMIT 20`,
    [browserId],
  );
  return rows.map((row) => row.stripe_session_id);
}
