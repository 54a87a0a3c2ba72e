import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/store/types';

/**
 * The owner of `admin_audit_log`: every change the back office makes, written in the change's own
 * transaction (a change that rolls back leaves no entry, and no change goes unrecorded).
 */

/** Who made a change: the back-office session and the client address it came from. */
export interface AdminActor {
  sessionId: string;
  clientAddress: string;
}

export interface AuditEntry {
  id: string;
  at: Date;
  clientAddress: string;
  adminSessionId: string;
  action: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

export async function recordAdminChange(
  tx: Queryable,
  actor: AdminActor,
  change: { action: string; subjectId: string; before: unknown; after: unknown },
): Promise<void> {
  await tx.query(
    // clock_timestamp(), not now(): two changes of one transaction still list in the order made.
    `INSERT INTO admin_audit_log (id, at, client_address, admin_session_id, action, subject_id, before, after)
     VALUES ($1, clock_timestamp(), $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      randomUUID(),
      actor.clientAddress,
      actor.sessionId,
      change.action,
      change.subjectId,
      change.before === null ? null : JSON.stringify(change.before),
      change.after === null ? null : JSON.stringify(change.after),
    ],
  );
}

/** Newest first. */
export async function listAdminChanges(db: Queryable, limit: number, offset = 0): Promise<AuditEntry[]> {
  const { rows } = await db.query<{
    id: string;
    at: Date;
    client_address: string;
    admin_session_id: string;
    action: string;
    subject_id: string;
    before: unknown;
    after: unknown;
  }>(
    `SELECT id, at, client_address, admin_session_id, action, subject_id, before, after
     FROM admin_audit_log ORDER BY at DESC, id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    clientAddress: row.client_address,
    adminSessionId: row.admin_session_id,
    action: row.action,
    subjectId: row.subject_id,
    before: row.before,
    after: row.after,
  }));
}
