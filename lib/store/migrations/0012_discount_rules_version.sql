-- A version of the discount rules, so an instance can keep the parsed active rules and read them
-- again only when they changed: every statement that writes discount_rules (an insert, an edit, a
-- pause, the end of a rule, a truncate) gives the version a new random value in the same
-- transaction, so it becomes visible exactly when the change does. Random, not a counter: one
-- process may open several databases (tests), and a value never names two databases' rules.
-- Owned by lib/checkout/discount-rules.ts, which reads it with the rules (one snapshot) and lets
-- the checkout's lease statement read it with the cart (lib/checkout/cart.ts takeCartLease).
CREATE TABLE discount_rules_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version uuid NOT NULL
);

INSERT INTO discount_rules_version (version) VALUES (gen_random_uuid());

CREATE FUNCTION bump_discount_rules_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE discount_rules_version SET version = gen_random_uuid();
  RETURN NULL;
END $$;

CREATE TRIGGER discount_rules_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON discount_rules
  FOR EACH STATEMENT EXECUTE FUNCTION bump_discount_rules_version();
