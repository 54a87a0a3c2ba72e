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
  return row === undefined
    ? null
    : { generation: row.generation, decision: row.decision, expiresAt: new Date(row.expires_at) };
}

/**
 * Records an attempt unless one of the same or a later generation is already there (a concurrent
 * retry won the race), and returns the one that counts. Attempts older than a day are dropped:
 * Stripe keeps idempotency keys for 24 hours.
 */
export async function saveCreateAttempt(
  db: Queryable,
  key: string,
  attempt: CreateAttempt,
): Promise<CreateAttempt> {
  await db.query("DELETE FROM checkout_attempts WHERE created_at < now() - interval '1 day'");
  await db.query(
    `INSERT INTO checkout_attempts (key, generation, decision, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET generation = EXCLUDED.generation, decision = EXCLUDED.decision,
       expires_at = EXCLUDED.expires_at, created_at = now()
     WHERE checkout_attempts.generation < EXCLUDED.generation`,
    [key, attempt.generation, JSON.stringify(attempt.decision), attempt.expiresAt],
  );
  const saved = await findCreateAttempt(db, key);
  if (saved === null) throw new Error(`The creation attempt ${key} was not recorded.`);
  return saved;
}
