-- One writer per session without holding a transaction across a Stripe call: a change takes a
-- lease on the cart row (who holds it, until when), calls Stripe outside any transaction, then
-- saves and releases. A holder that crashed loses its lease when it expires.
ALTER TABLE carts ADD COLUMN lease_owner text;
ALTER TABLE carts ADD COLUMN lease_expires_at timestamptz;
