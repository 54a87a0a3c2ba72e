import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/store/types';

/**
 * The owner of `admin_sessions`: signed-in back-office sessions, kept on the server so sign-out
 * (and anything else that revokes a row) ends them even if the cookie is kept. The cookie carries
 * a random token; the table keeps only its SHA-256.
 */

/** A back-office session lasts this long after sign-in, whatever happens in it. */
export const ADMIN_SESSION_HOURS = 8;

export interface AdminSession {
  /** Recorded with every change the session makes (admin_audit_log). */
  id: string;
  expiresAt: Date;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createAdminSession(
  db: Queryable,
  clientAddress: string,
  now: Date,
): Promise<AdminSession & { token: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + ADMIN_SESSION_HOURS * 3_600_000);
  await db.query(
    'INSERT INTO admin_sessions (id, token_hash, client_address, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [id, hashToken(token), clientAddress, now, expiresAt],
  );
  return { id, expiresAt, token };
}

/** The live session a token opens: not revoked, not expired. */
export async function findAdminSession(
  db: Queryable,
  token: string,
  now: Date,
): Promise<AdminSession | null> {
  if (!TOKEN.test(token)) return null;
  const { rows } = await db.query<{ id: string; expires_at: Date }>(
    `SELECT id, expires_at FROM admin_sessions
     WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2::timestamptz`,
    [hashToken(token), now],
  );
  const row = rows[0];
  return row === undefined ? null : { id: row.id, expiresAt: row.expires_at };
}

export async function revokeAdminSession(db: Queryable, token: string, now: Date): Promise<void> {
  if (!TOKEN.test(token)) return;
  await db.query('UPDATE admin_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [
    hashToken(token),
    now,
  ]);
}
