-- Applies a request's rate limits in one statement (owned by lib/http/rate-limit.ts,
-- applyRateLimitRules, which builds `p_rules` and reads the answer: keep the two in step).
-- `p_rules` is a JSON array, in the route's order, of {key, lim, secs, peek}: a rule with `peek`
-- is read without counting (limits on refusals only), any other counts one request. Returns one row
-- per rule applied: its position in `p_rules` (1-based), its hits after this request and its
-- window's end (hits 0 and no end for a peek at a key without a running window).
--
-- Semantics are those of one statement per rule in the route's order, stopping at the first limit
-- that is spent: peeks run first (they lock nothing, and another key's count cannot change them);
-- counted rules then run in key order, so two requests lock their rows in the same order and cannot
-- deadlock, and a counted rule is skipped once a rule before it in the route's order was found spent
-- (a counted rule that sorts before the spent one has counted already: no route has such a pair).
--
-- Every counting request of one key (all the shoppers behind one address share
-- `session-create:<ip>`) updates one row and holds its lock until the commit is flushed; with
-- synchronous_commit off the commit returns without waiting for the WAL flush, so those requests
-- no longer queue one flush at a time while holding pooled connections. A count lost in a database
-- crash is harmless for a limiter. set_config(..., true) lasts until the end of the transaction,
-- so it is still in force at commit (a function's own SET clause would be undone when it returns)
-- and the connection's setting is untouched after it. Called inside a larger transaction it would
-- make that whole commit asynchronous: callers use the store itself, never a transaction.
CREATE FUNCTION apply_rate_limits(p_rules jsonb, p_now timestamptz)
RETURNS TABLE (rule_position integer, rule_hits integer, rule_window_ends_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  rule record;
  spent_from integer;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR rule IN
    SELECT r.ord::integer AS ord, r.rule ->> 'key' AS key, (r.rule ->> 'lim')::integer AS lim,
      (r.rule ->> 'secs')::integer AS secs, coalesce((r.rule ->> 'peek')::boolean, false) AS peek
    FROM jsonb_array_elements(p_rules) WITH ORDINALITY AS r(rule, ord)
    ORDER BY peek DESC, key, ord
  LOOP
    CONTINUE WHEN spent_from IS NOT NULL AND rule.ord > spent_from;
    rule_position := rule.ord;
    IF rule.peek THEN
      -- No row (or a finished window) leaves both NULL: nothing counted, no window running.
      SELECT l.hits, l.window_ends_at INTO rule_hits, rule_window_ends_at
        FROM rate_limits l WHERE l.key = rule.key AND l.window_ends_at > p_now;
      rule_hits := coalesce(rule_hits, 0);
      -- LEAST ignores NULL: the first spent rule sets it.
      IF rule_hits >= rule.lim THEN spent_from := least(spent_from, rule.ord); END IF;
    ELSE
      INSERT INTO rate_limits AS l (key, hits, window_ends_at)
        VALUES (rule.key, 1, p_now + make_interval(secs => rule.secs))
        ON CONFLICT (key) DO UPDATE SET
          -- Refused calls still count, but capped at limit + 1 so a flood cannot overflow the integer.
          hits = CASE WHEN l.window_ends_at <= p_now THEN 1 ELSE LEAST(l.hits, rule.lim) + 1 END,
          window_ends_at = CASE WHEN l.window_ends_at <= p_now
            THEN EXCLUDED.window_ends_at ELSE l.window_ends_at END
        RETURNING l.hits, l.window_ends_at INTO rule_hits, rule_window_ends_at;
      IF rule_hits > rule.lim THEN spent_from := least(spent_from, rule.ord); END IF;
    END IF;
    RETURN NEXT;
  END LOOP;
END
$$;
