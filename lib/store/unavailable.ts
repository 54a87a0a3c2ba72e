/**
 * Whether an error means the database could not do its work right now (it is down, unreachable,
 * out of connections or resources, shutting down, or gave up on a lock or a serialisation
 * conflict), as opposed to a bug of ours (a syntax error, a violated constraint, a wrong type),
 * which no retry fixes. The route wrapper answers the first with 503 and a Retry-After, the second
 * with a generic 500 (lib/http/route.ts).
 *
 * The knowledge of both drivers lives here, beside them: PostgreSQL errors (node-postgres and
 * PGlite both throw pg-protocol's DatabaseError) carry a SQLSTATE, socket errors a Node system
 * code, and the pool and PGlite a few fixed messages without a code.
 */

/**
 * SQLSTATE classes that say "not now" rather than "never": 08 connection exception, 40
 * transaction rollback (serialisation failure, deadlock), 53 insufficient resources (too many
 * connections, disk full, out of memory), 57 operator intervention (shutdown, statement timeout),
 * 58 system error (I/O) and XX internal error.
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58', 'XX']);
/** lock_not_available: NOWAIT or lock_timeout gave up. */
const TRANSIENT_SQLSTATES = new Set(['55P03']);

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Failures the drivers report by message only (node-postgres, pg-pool, PGlite). */
const UNAVAILABLE_MESSAGES = [
  // pg-pool: every connection is busy and none freed up within connectionTimeoutMillis.
  /^timeout exceeded when trying to connect$/,
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^PGlite is closed$/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  // A wrapped failure (AggregateError of a multi-address connect, or a `cause`) counts too.
  for (let current = error, depth = 0; current != null && depth < 5; depth += 1) {
    if (isUnavailableItself(current)) return true;
    if (current instanceof AggregateError && current.errors.some(isUnavailableItself)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function isUnavailableItself(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code) && 'severity' in error) {
      return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)) || TRANSIENT_SQLSTATES.has(code);
    }
    if (NETWORK_CODES.has(code)) return true;
  }
  // PGlite's WebAssembly backend aborted: the instance is unusable until the process restarts.
  if (name === 'RuntimeError' && error instanceof WebAssembly.RuntimeError) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
