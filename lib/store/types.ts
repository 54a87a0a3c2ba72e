/**
 * The database surface the rest of the app codes against. Both drivers (embedded PGlite and a
 * PostgreSQL pool) implement it with the same SQL dialect and the same value mapping, so a use case
 * tested on PGlite behaves the same on Postgres.
 *
 * Values in (parameters, `$1..$n` on both drivers):
 * - plain objects and arrays are sent as JSON text, so they fit `jsonb` columns on both drivers
 *   (node-postgres would otherwise turn a JS array into a Postgres array literal). For a list
 *   filter use `= ANY(SELECT jsonb_array_elements_text($1::jsonb))`, not `= ANY($1)`;
 * - strings are sent as they are, also into `jsonb` (so a string must already be JSON text there);
 * - `Date` for `timestamptz`, `bigint` as its decimal text, `undefined` as NULL.
 *
 * Values out (rows):
 * - `int8`/`bigint` (amounts in minor units, `count(*)`) as JS numbers; a value outside the safe
 *   integer range fails the query instead of silently losing precision;
 * - `jsonb` parsed, `timestamptz` as `Date`, `date` as its 'YYYY-MM-DD' text (no time-zone guess);
 * - `numeric` (e.g. `sum(bigint)`) stays text: cast it (`sum(amount)::bigint`) to get a number.
 */
export interface Queryable {
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: T[]; rowCount: number }>;
}

export type StoreDriver = 'pglite' | 'postgres';

export interface Store extends Queryable {
  readonly driver: StoreDriver;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws (the error is
   * rethrown). Inside `fn` use only `tx`: calling the store itself there throws, because on PGlite
   * it would wait forever for the transaction's own connection and on Postgres it would silently
   * run outside the transaction.
   *
   * Row locks (`SELECT ... FOR UPDATE`) serialise concurrent transactions on Postgres. PGlite has a
   * single connection, so its transactions already run one at a time (later ones queue).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Writes to another table that ride along in one statement as common table expressions, so each
 * table's owner module still writes its own SQL. They run only when the host statement's CTE named
 * `guard` returned a row, and number their parameters from `$firstParam` on.
 */
export type StatementPart = (host: { guard: string; firstParam: number }) => {
  ctes: string;
  params: unknown[];
};
