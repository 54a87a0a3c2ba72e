-- Takes a cart's reservation of a limited promotion code in one statement, so the rule's row lock is
-- held for microseconds inside the database instead of across several round trips (50 shoppers
-- applying one code at once queued on it). In order: lock the rule's row; count the code's live
-- redemptions (a new statement inside a VOLATILE function sees a fresh snapshot, so every
-- reservation committed by the lock's previous holder counts); if the cart is within the limits it
-- was given, renew or take its reservation and release the same browser's or customer's other open
-- carts' reservations of the code. Owned by lib/checkout/redemptions.ts (reserveWithinLimits), which
-- also defines when a redemption is live: keep the two in step.
CREATE FUNCTION reserve_redemption(
  p_id uuid,
  p_rule text,
  p_cart uuid,
  p_key text,
  p_max_total integer,
  p_max_by_customer integer,
  p_idle_minutes integer
) RETURNS TABLE (reserved boolean, total integer, by_customer integer)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM discount_rules WHERE id = p_rule FOR UPDATE;
  SELECT count(*) FILTER (WHERE r.cart_id <> p_cart),
         count(*) FILTER (WHERE r.cart_id <> p_cart AND r.customer_key = p_key)
    INTO total, by_customer
    FROM redemptions r
    WHERE r.rule_id = p_rule
      AND (r.status = 'redeemed' OR (r.status = 'reserved' AND (
        r.updated_at > now() - make_interval(mins => p_idle_minutes)
        OR EXISTS (SELECT 1 FROM carts c WHERE c.id = r.cart_id AND c.status <> 'open'))));
  IF (p_max_total IS NOT NULL AND total >= p_max_total)
     OR (p_max_by_customer IS NOT NULL AND by_customer >= p_max_by_customer) THEN
    reserved := false;
    RETURN NEXT;
    RETURN;
  END IF;
  UPDATE redemptions SET customer_key = p_key, updated_at = now()
    WHERE cart_id = p_cart AND rule_id = p_rule AND status = 'reserved';
  IF NOT FOUND THEN
    INSERT INTO redemptions (id, rule_id, cart_id, customer_key, status)
    SELECT p_id, p_rule, p_cart, p_key, 'reserved'
    WHERE NOT EXISTS (SELECT 1 FROM redemptions
      WHERE cart_id = p_cart AND rule_id = p_rule AND status IN ('reserved', 'redeemed'));
  END IF;
  UPDATE redemptions r SET status = 'released', updated_at = now()
    FROM carts c, carts mine
    WHERE r.rule_id = p_rule AND r.status = 'reserved' AND r.cart_id <> p_cart AND c.id = r.cart_id
      AND c.status = 'open' AND mine.id = p_cart
      AND ((c.browser_id IS NOT NULL AND c.browser_id = mine.browser_id)
        OR (p_key IS NOT NULL AND r.customer_key = p_key));
  reserved := true;
  RETURN NEXT;
END
$$;
