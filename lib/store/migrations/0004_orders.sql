-- Order numbers shoppers and support read out ("Order 1001"). A sequence rather than a counter row:
-- nextval() never waits for another transaction, so fulfilling two sessions at once does not queue
-- on one hot row (DESIGN.md: different sessions never wait on each other). The price is that a
-- fulfilment that rolls back leaves a gap: numbers are unique and increasing, not gapless. PGlite is
-- PostgreSQL, so the same sequence works on both drivers; it lives in the store's schema.
CREATE SEQUENCE order_number_seq START WITH 1001;

-- When the order last changed state and when a delayed payment failed: support reads the history
-- of a konbini order from these. The PaymentIntent is how Stripe's dashboard finds the payment.
ALTER TABLE orders ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN failed_at timestamptz;
ALTER TABLE orders ADD COLUMN stripe_payment_intent_id text;
