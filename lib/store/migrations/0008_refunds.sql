-- Refunds and disputes (issue 17). An order's status follows Stripe's events after payment:
-- `partially_refunded` and `refunded` by the amount refunded so far, `disputed` once the cardholder's
-- bank opened a dispute. `amount_refunded` only grows (events can arrive in any order), and is what
-- refunds started here and in Stripe's Dashboard add up to.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('pending', 'paid', 'failed', 'partially_refunded', 'refunded', 'disputed'));
ALTER TABLE orders ADD COLUMN amount_refunded bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD CONSTRAINT orders_amount_refunded_check
  CHECK (amount_refunded >= 0 AND amount_refunded <= amount_total);
-- The charge Stripe refunds and disputes name; learnt from the first charge event.
ALTER TABLE orders ADD COLUMN stripe_charge_id text;
ALTER TABLE orders ADD COLUMN disputed_at timestamptz;
-- Refund and dispute events find their order by the charge's payment intent.
CREATE INDEX orders_stripe_payment_intent_id_idx ON orders (stripe_payment_intent_id);

-- Orders that were paid and then fully refunded: they no longer count toward loyalty tiers
-- (customers.paid_order_count goes down), but they happened, so first-order rules still count them.
ALTER TABLE customers ADD COLUMN refunded_order_count integer NOT NULL DEFAULT 0;

-- One row per refund of an order: asked for here (a row is written as a reservation before Stripe
-- is called, so two presses cannot both refund what is left), or found in Stripe's events (a refund
-- made in the Dashboard). `reserved` holds the amount while Stripe is asked; Stripe's own statuses
-- follow once it answered.
CREATE TABLE refunds (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id),
  stripe_refund_id text UNIQUE,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL
    CHECK (status IN ('reserved', 'pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
  -- The key of the press of "Refund" (Stripe's idempotency key); null for a refund made elsewhere.
  idempotency_key text,
  -- Who asked (e.g. `admin:<session id>`), or what Stripe's metadata said for a Dashboard refund.
  requested_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- A second press with the same key finds the first one's row.
CREATE UNIQUE INDEX refunds_order_idempotency_key ON refunds (order_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX refunds_order_id_idx ON refunds (order_id);
