import type { JsonObject } from './json';

/**
 * The local Stripe's whole state. Plain JSON-compatible data so it can be persisted in one
 * write; rendering into Stripe's object shapes happens in render.ts. `seq` orders objects that
 * share a `created` second (lists are newest first, like Stripe's).
 */

export type Metadata = Record<string, string>;

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface StoredProduct {
  id: string;
  seq: number;
  created: number;
  updated: number;
  name: string;
  active: boolean;
  description: string | null;
  images: string[];
  metadata: Metadata;
  default_price: string | null;
  shippable: boolean | null;
  statement_descriptor: string | null;
  tax_code: string | null;
  unit_label: string | null;
  url: string | null;
  /** Created from `product_data` inside a request: hidden from lists, like Stripe's ad-hoc products. */
  inline: boolean;
}

export interface StoredPrice {
  id: string;
  seq: number;
  created: number;
  active: boolean;
  currency: string;
  unit_amount: number;
  product: string;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  tax_behavior: string;
  /** Created from `price_data`: hidden from lists and searches. */
  inline: boolean;
}

export interface StoredCoupon {
  id: string;
  seq: number;
  created: number;
  amount_off: number | null;
  percent_off: number | null;
  currency: string | null;
  duration: string;
  duration_in_months: number | null;
  max_redemptions: number | null;
  redeem_by: number | null;
  name: string | null;
  metadata: Metadata;
  times_redeemed: number;
  applies_to: string[] | null;
  /** Created from a session's `coupon_data`: not listed, collected once nothing refers to it. */
  inline: boolean;
}

export interface StoredCustomer {
  id: string;
  seq: number;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  metadata: Metadata;
  address: Address | null;
  invoice_prefix: string;
}

export interface StoredLineItem {
  id: string;
  price: string;
  quantity: number;
  metadata: Metadata;
  adjustable_quantity: { enabled: boolean; maximum: number | null; minimum: number | null } | null;
}

export interface StoredDiscount {
  id: string;
  coupon: string;
  start: number;
}

export interface ShippingDetails {
  name: string;
  address: Address;
}

export type SessionStatus = 'open' | 'complete' | 'expired';

export interface StoredSession {
  id: string;
  seq: number;
  created: number;
  client_secret: string;
  status: SessionStatus;
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  currency: string;
  line_items: StoredLineItem[];
  discount: StoredDiscount | null;
  permissions: JsonObject | null;
  client_reference_id: string | null;
  customer: string | null;
  customer_email: string | null;
  collected_email: string | null;
  return_url: string | null;
  redirect_on_completion: string;
  expires_at: number;
  metadata: Metadata;
  allowed_countries: string[] | null;
  shipping_details: ShippingDetails | null;
  payment_intent: string | null;
  payment_method_types: string[];
  locale: string | null;
  /** Seconds this session's clock runs ahead of the global clock (test helper `advance_clock`). */
  clock_offset: number;
  /** The API version the session was created with; events about it are rendered with it. */
  api_version: string;
}

export interface StoredPaymentIntent {
  id: string;
  seq: number;
  created: number;
  amount: number;
  amount_received: number;
  currency: string;
  status: 'requires_payment_method' | 'requires_action' | 'succeeded' | 'canceled';
  customer: string | null;
  client_secret: string;
  last_payment_error: JsonObject | null;
  next_action: JsonObject | null;
  payment_method: string | null;
  payment_method_types: string[];
  latest_charge: string | null;
  receipt_email: string | null;
  shipping: ShippingDetails | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  metadata: Metadata;
  checkout_session: string;
}

/** The successful charge of a payment intent (card or konbini); refunds and disputes hang off it. */
export interface StoredCharge {
  id: string;
  seq: number;
  created: number;
  amount: number;
  amount_refunded: number;
  currency: string;
  customer: string | null;
  payment_intent: string;
  payment_method: string | null;
  /** `{ type: 'card', card: {...} }` or `{ type: 'konbini', konbini: {...} }`, as Stripe renders it. */
  payment_method_details: JsonObject;
  receipt_email: string | null;
  shipping: ShippingDetails | null;
  metadata: Metadata;
  disputed: boolean;
  balance_transaction: string;
}

export type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

export interface StoredRefund {
  id: string;
  seq: number;
  created: number;
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  status: RefundStatus;
  metadata: Metadata;
  balance_transaction: string;
}

export interface StoredDispute {
  id: string;
  seq: number;
  created: number;
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string;
  reason: string;
  status: string;
  metadata: Metadata;
  evidence_due_by: number;
}

export interface StoredEvent {
  id: string;
  seq: number;
  created: number;
  type: string;
  api_version: string;
  object: JsonObject;
  request: { id: string | null; idempotency_key: string | null };
  delivery: 'pending' | 'delivered' | 'failed';
  attempts: number;
}

export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  created: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface State {
  seq: number;
  products: Record<string, StoredProduct>;
  prices: Record<string, StoredPrice>;
  coupons: Record<string, StoredCoupon>;
  customers: Record<string, StoredCustomer>;
  sessions: Record<string, StoredSession>;
  paymentIntents: Record<string, StoredPaymentIntent>;
  charges: Record<string, StoredCharge>;
  refunds: Record<string, StoredRefund>;
  disputes: Record<string, StoredDispute>;
  events: Record<string, StoredEvent>;
  idempotency: IdempotencyRecord[];
}

export const STATE_FORMAT_VERSION = 1;

export function emptyState(): State {
  return {
    seq: 0,
    products: {},
    prices: {},
    coupons: {},
    customers: {},
    sessions: {},
    paymentIntents: {},
    charges: {},
    refunds: {},
    disputes: {},
    events: {},
    idempotency: [],
  };
}

export function nextSeq(state: State): number {
  state.seq += 1;
  return state.seq;
}

/** Own-property lookup: ids come from URLs and bodies, so `constructor` must not find Object's. */
export function getOwn<T>(record: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}
