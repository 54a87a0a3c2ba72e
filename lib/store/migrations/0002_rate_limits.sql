-- Request counters shared by every app instance (lib/http/rate-limit.ts). One row per limited key
-- (e.g. 'create-session:203.0.113.7'); its fixed window starts at the key's first request and ends
-- at window_ends_at, after which the next request starts a new window on the same row.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  window_ends_at timestamptz NOT NULL
);

-- Lets the opportunistic purge find finished windows without scanning the table.
CREATE INDEX rate_limits_window_ends_at_idx ON rate_limits (window_ends_at);
