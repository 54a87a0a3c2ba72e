import { invalidParam } from './errors';

/**
 * Stripe's Search Query Language, the subset a storefront needs: `field:'value'` (exact,
 * case-insensitive), `field~'sub'` (substring), `field>n` / `<` / `>=` / `<=`, `-` negation,
 * `metadata['key']:'value'`, `field:null`, clauses joined by AND or by OR (not mixed).
 */
export type SearchValue = string | number | boolean | null | undefined;
export interface Searchable {
  field(name: string): SearchValue;
  metadata(key: string): string | undefined;
}

interface Clause {
  negate: boolean;
  field: string;
  metadataKey: string | null;
  operator: ':' | '~' | '>' | '<' | '>=' | '<=';
  value: string | number | null;
}

function queryError(message: string) {
  return invalidParam(message, 'query');
}

function parseQuery(
  query: string,
  resource: string,
  fields: ReadonlySet<string>,
): { clauses: Clause[]; any: boolean } {
  let rest = query.trim();
  const clauses: Clause[] = [];
  const joins = new Set<string>();
  while (rest.length > 0) {
    const clause =
      /^(-?)(?:metadata\[(?:'([^']*)'|"([^"]*)")\]|([a-z_]+))\s*(>=|<=|:|~|>|<)\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|(null))/.exec(
        rest,
      );
    if (!clause) throw queryError(`The query could not be parsed near \`${rest.slice(0, 30)}\`.`);
    const [whole, minus, singleKey, doubleKey, name, operator, single, double, number, nullValue] = clause;
    const metadataKey = singleKey ?? doubleKey ?? null;
    const field = metadataKey !== null ? 'metadata' : (name ?? '');
    if (!fields.has(field)) {
      throw queryError(`Field \`${field}\` is an unsupported search field for resource \`${resource}\`.`);
    }
    const value =
      nullValue !== undefined ? null : number !== undefined ? Number(number) : (single ?? double ?? '');
    clauses.push({
      negate: minus === '-',
      field,
      metadataKey,
      operator: (operator ?? ':') as Clause['operator'],
      value,
    });
    rest = rest.slice(whole.length).trim();
    if (rest.length === 0) break;
    const join = /^(AND|OR)\s+/.exec(rest);
    if (!join) throw queryError(`The query could not be parsed near \`${rest.slice(0, 30)}\`.`);
    joins.add(join[1] ?? '');
    rest = rest.slice(join[0].length);
  }
  if (clauses.length === 0) throw queryError('The query is empty.');
  if (clauses.length > 10) throw queryError('A query can have at most 10 clauses.');
  if (joins.size > 1) throw queryError('A query cannot combine AND and OR.');
  return { clauses, any: joins.has('OR') };
}

function matchClause(item: Searchable, clause: Clause): boolean {
  const actual = clause.metadataKey !== null ? item.metadata(clause.metadataKey) : item.field(clause.field);
  let result: boolean;
  if (clause.value === null) {
    result = actual === null || actual === undefined;
  } else if (clause.operator === ':') {
    result =
      actual !== null &&
      actual !== undefined &&
      String(actual).toLowerCase() === String(clause.value).toLowerCase();
  } else if (clause.operator === '~') {
    result =
      actual !== null &&
      actual !== undefined &&
      String(actual).toLowerCase().includes(String(clause.value).toLowerCase());
  } else {
    const left = Number(actual);
    const right = Number(clause.value);
    result =
      clause.operator === '>'
        ? left > right
        : clause.operator === '<'
          ? left < right
          : clause.operator === '>='
            ? left >= right
            : left <= right;
  }
  return clause.negate ? !result : result;
}

/** A stored object's property as search compares it; objects, arrays and `null` read as null. */
export function readScalar<T extends object>(record: T, name: string): SearchValue {
  const value = record[name as keyof T];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

export function searchFilter(
  query: string,
  resource: string,
  fields: ReadonlySet<string>,
): (item: Searchable) => boolean {
  const { clauses, any } = parseQuery(query, resource, fields);
  return (item) =>
    any ? clauses.some((c) => matchClause(item, c)) : clauses.every((c) => matchClause(item, c));
}
