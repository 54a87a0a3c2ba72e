/**
 * Value mapping shared by both drivers, so that rows and parameters look the same whichever database
 * is underneath. See the contract in `types.ts`.
 */

export const INT8_OID = 20;
export const DATE_OID = 1082;

export function parseInt8(text: string): number {
  const value = Number(text);
  // Amounts are minor units and always safe integers; anything else is corrupt data, and rounding
  // it silently would be worse than failing the query.
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is outside the JavaScript safe integer range`);
  }
  return value;
}

/** node-postgres would build a local-time `Date` from a calendar date; keep the text on both drivers. */
export function parseDate(text: string): string {
  return text;
}

export function toDriverParams(params: readonly unknown[] | undefined): unknown[] {
  return params === undefined ? [] : params.map(toDriverValue);
}

function toDriverValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  // JSON text, because node-postgres sends a JS array as a Postgres array literal, which a jsonb
  // column rejects, while PGlite picks the encoding from the column type: JSON behaves the same on both.
  return JSON.stringify(value);
}
