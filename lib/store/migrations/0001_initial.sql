-- The base schema later features extend. Table and column names are referenced across lib/*.
-- Ids that are uuids are generated in application code (crypto.randomUUID), so no extension is needed.
-- Money columns are bigint minor units of the row's currency.

CREATE TABLE customers (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  email text,
  stripe_customer_id text,
  paid_order_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customer_spend (
  customer_id text REFERENCES customers (id),
  currency text NOT NULL,
  amount bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (customer_id, currency)
);

CREATE TABLE carts (
  id uuid PRIMARY KEY,
  -- Short human reference shown to shoppers and support.
  reference text NOT NULL UNIQUE,
  stripe_session_id text UNIQUE,
  customer_id text REFERENCES customers (id),
  email text,
  currency text NOT NULL,
  items jsonb NOT NULL,
  add_ons jsonb NOT NULL DEFAULT '[]',
  promotion_code text,
  shipping jsonb,
  client_reference_id text,
  -- Our line key -> Stripe line item id, so pushes keep existing items by id.
  line_item_ids jsonb NOT NULL DEFAULT '{}',
  -- The last discount decision (breakdown) the server pushed.
  decision jsonb,
  status text NOT NULL DEFAULT 'open',
  -- Bumped on every saved change; lets callers detect a stale read.
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  cart_id uuid REFERENCES carts (id),
  -- Unique so a redelivered checkout.session.completed cannot create a second order.
  stripe_session_id text NOT NULL UNIQUE,
  customer_id text REFERENCES customers (id),
  email text,
  client_reference_id text,
  browser_id text,
  currency text NOT NULL,
  amount_subtotal bigint NOT NULL,
  amount_discount bigint NOT NULL,
  amount_total bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
  lines jsonb NOT NULL DEFAULT '[]',
  discounts jsonb NOT NULL DEFAULT '[]',
  -- Set when Stripe's total differs from the one we computed; kept for investigation.
  amount_mismatch jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  paid_at timestamptz
);

-- Order history is looked up by signed-in customer, by email, by API reference and by browser.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_email_idx ON orders (email);
CREATE INDEX orders_client_reference_id_idx ON orders (client_reference_id);
CREATE INDEX orders_browser_id_idx ON orders (browser_id);

CREATE TABLE redemptions (
  id uuid PRIMARY KEY,
  rule_id text NOT NULL,
  cart_id uuid NOT NULL REFERENCES carts (id),
  customer_key text,
  status text NOT NULL CHECK (status IN ('reserved', 'redeemed', 'released')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A cart holds at most one live redemption per rule, so retried pushes cannot count a code twice.
CREATE UNIQUE INDEX redemptions_live_cart_rule_key ON redemptions (cart_id, rule_id)
  WHERE status IN ('reserved', 'redeemed');
-- Usage limits count live redemptions of a rule.
CREATE INDEX redemptions_rule_id_status_idx ON redemptions (rule_id, status);

-- Ids of processed Stripe events, so a redelivered webhook changes nothing.
CREATE TABLE webhook_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
