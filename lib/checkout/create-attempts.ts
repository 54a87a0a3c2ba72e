import 'server-only';
import type { DiscountDecision } from '@/lib/discounts';
import type { Queryable } from '@/lib/store/types';

/** What a session creation sends Stripe that depends on the moment: fixed by its first attempt. */
export interface CreateAttempt {
  /** 1 for the first request under a key; higher after the first one's expiry became too close. */
  generation: number;
  decision: DiscountDecision;
  expiresAt: Date;
}

type AttemptRow = {
  generation: number;
  decision: DiscountDecision;
  expires_at: Date;
};

export async function findCreateAttempt(db: Queryable, key: string): Promise<CreateAttempt | null> {
  const { rows } = await db.query<AttemptRow>(
    'SELECT generation, decision, expires_at FROM checkout_attempts WHERE key = $1',
    [key],
  );
  const row = rows[0];
  return row === undefined ? null : toAttempt(row);
}

function toAttempt(row: AttemptRow): CreateAttempt {
  return { generation: row.generation, decision: row.decision, expiresAt: new Date(row.expires_at) };
}

/**
 * Roughly one save in this many also drops the attempts older than a day (Stripe keeps idempotency
 * keys for 24 hours): every session creation saves one, and a purge on each of them was a statement
 * (and a scan of the table) per creation. The table stays bounded all the same: about a day of
 * attempts plus those since the last purge.
 */
const PURGE_EVERY = 50;

/**
 * Records an attempt unless one of the same or a later generation is already there (a concurrent
 * retry won the race), and returns the one that counts. Now and then purges old attempts first.
 */
export async function saveCreateAttempt(
  db: Queryable,
  key: string,
  attempt: CreateAttempt,
): Promise<CreateAttempt> {
  if (Math.floor(Math.random() * PURGE_EVERY) === 0) await purgeCreateAttempts(db);
  const { rows } = await db.query<AttemptRow>(
    `INSERT INTO checkout_attempts (key, generation, decision, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET generation = EXCLUDED.generation, decision = EXCLUDED.decision,
       expires_at = EXCLUDED.expires_at, created_at = now()
     WHERE checkout_attempts.generation < EXCLUDED.generation
     RETURNING generation, decision, expires_at`,
    [key, attempt.generation, JSON.stringify(attempt.decision), attempt.expiresAt],
  );
  // Nothing returned: a concurrent retry recorded the same or a later generation first; read it.
  const saved = rows[0] === undefined ? await findCreateAttempt(db, key) : toAttempt(rows[0]);
  if (saved === null) throw new Error(`The creation attempt ${key} was not recorded.`);
  return saved;
}

/** Deletes the attempts recorded more than a day ago and returns how many. */
export async function purgeCreateAttempts(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    "DELETE FROM checkout_attempts WHERE created_at < now() - interval '1 day'",
  );
  return rowCount;
}
