-- The browser a cart belongs to (the signed cart cookie names it) and when its Checkout Session ends.
ALTER TABLE carts ADD COLUMN browser_id text;
ALTER TABLE carts ADD COLUMN expires_at timestamptz;
CREATE INDEX carts_browser_id_idx ON carts (browser_id);

-- The merchant's discount rules (lib/discounts rule objects). Stored so limits and counters are
-- real rows that transactions can lock.
CREATE TABLE discount_rules (
  id text PRIMARY KEY,
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
