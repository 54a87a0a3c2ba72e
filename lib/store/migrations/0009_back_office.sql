-- The merchant's back office (issue 17).

-- A rule the merchant ended stays for its history (redemption counts, audit) but never comes back;
-- a paused one (active = false, ended_at NULL) can be resumed.
ALTER TABLE discount_rules ADD COLUMN ended_at timestamptz;
ALTER TABLE discount_rules ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Signed-in back-office sessions. The cookie carries the session's random id; the table keeps only
-- its SHA-256, so a copy of the database opens no session. Sign-out revokes the row.
CREATE TABLE admin_sessions (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  client_address text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- Every change the back office makes, with what it was before and after.
CREATE TABLE admin_audit_log (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  client_address text NOT NULL,
  admin_session_id uuid NOT NULL,
  action text NOT NULL,
  subject_id text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX admin_audit_log_at_idx ON admin_audit_log (at DESC);
