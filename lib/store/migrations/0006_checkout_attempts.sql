-- The parameters of a session creation, stored under its idempotency key before Stripe is called,
-- so a retry at any later moment sends Stripe the identical request (Stripe answers a changed
-- request under the same key with an idempotency_error). `generation` moves on only when the first
-- attempt's `expires_at` no longer clears Stripe's 30-minute minimum: the retry then is a new request.
CREATE TABLE checkout_attempts (
  key text PRIMARY KEY,
  generation integer NOT NULL,
  decision jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
