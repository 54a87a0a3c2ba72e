-- Things a person should review about an order (issue 15): e.g. `first_order_email_mismatch` when a
-- first-order code was decided for one email and the session was confirmed with another.
ALTER TABLE orders ADD COLUMN flags jsonb NOT NULL DEFAULT '[]';
