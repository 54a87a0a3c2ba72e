import { parametersExclusive, resourceMissing } from './errors';
import type { JsonObject } from './json';
import {
  expandParam,
  type Field,
  integer,
  type ObjectOutput,
  object,
  parseParams,
  type Shape,
  string,
} from './params';
import type { RouteContext } from './route';

export const paginationShape = {
  limit: integer({ min: 1, max: 100 }),
  starting_after: string(),
  ending_before: string(),
};

export interface PaginationParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

export type CreatedFilter = { gt?: number; gte?: number; lt?: number; lte?: number } | number;

/** `created=123` or `created[gte]=123&created[lt]=456`. */
export function createdFilter(): Field<CreatedFilter, false> {
  const range = object({ gt: integer(), gte: integer(), lt: integer(), lte: integer() });
  return {
    required: false,
    parse: (value, param) =>
      typeof value === 'string' ? integer().parse(value, param) : range.parse(value, param),
  };
}

export function matchesCreated(created: number, filter: CreatedFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return created === filter;
  if (filter.gt !== undefined && !(created > filter.gt)) return false;
  if (filter.gte !== undefined && !(created >= filter.gte)) return false;
  if (filter.lt !== undefined && !(created < filter.lt)) return false;
  if (filter.lte !== undefined && !(created <= filter.lte)) return false;
  return true;
}

/** Newest first, as Stripe lists; `seq` breaks ties inside one second. */
export function newestFirst<T extends { created: number; seq: number }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => b.seq - a.seq);
}

/** A Stripe list object over already-ordered items, with cursor pagination by object id. */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  params: PaginationParams,
  url: string,
  render: (item: T) => JsonObject,
  kind: string,
): JsonObject {
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw parametersExclusive(['starting_after', 'ending_before']);
  }
  const limit = params.limit ?? 10;
  let page: readonly T[];
  let hasMore: boolean;
  if (params.starting_after !== undefined) {
    const cursor = params.starting_after;
    const index = items.findIndex((item) => item.id === cursor);
    if (index === -1) throw resourceMissing(kind, cursor, 'starting_after');
    const rest = items.slice(index + 1);
    page = rest.slice(0, limit);
    hasMore = rest.length > limit;
  } else if (params.ending_before !== undefined) {
    const cursor = params.ending_before;
    const index = items.findIndex((item) => item.id === cursor);
    if (index === -1) throw resourceMissing(kind, cursor, 'ending_before');
    const before = items.slice(0, index);
    page = before.slice(Math.max(0, before.length - limit));
    hasMore = before.length > limit;
  } else {
    page = items.slice(0, limit);
    hasMore = items.length > limit;
  }
  return { object: 'list', data: page.map(render), has_more: hasMore, url };
}

const listShape = { ...paginationShape, created: createdFilter(), expand: expandParam() };

/** What a list's filters parse to, with pagination, `created` and `expand`. */
export type ListParams<S extends Shape> = ObjectOutput<S> &
  PaginationParams & { created?: CreatedFilter; expand?: string[] };

export interface ListOptions<T, S extends Shape> {
  /** The list's own URL, e.g. `/v1/prices`. */
  url: string;
  /** The resource as an unknown cursor's error names it. */
  kind: string;
  /** The resource's own filters, parsed with pagination, `created` and `expand`. */
  filters: S;
  items: Iterable<T>;
  keep: (item: T, params: ListParams<S>) => boolean;
  render: (item: T, params: ListParams<S>) => JsonObject;
}

/** Answers a `GET /v1/{resource}` list: the kept items newest first, `created`-filtered, paginated, expanded. */
export function answerList<T extends { id: string; created: number; seq: number }, S extends Shape>(
  context: RouteContext,
  options: ListOptions<T, S>,
): JsonObject {
  // TypeScript cannot see through ObjectOutput of a generic intersection; the shape is exactly that.
  const params = parseParams(
    { ...listShape, ...options.filters },
    context.params,
  ) as unknown as ListParams<S>;
  const items = newestFirst(options.items).filter(
    (item) => matchesCreated(item.created, params.created) && options.keep(item, params),
  );
  const list = paginate(items, params, options.url, (item) => options.render(item, params), options.kind);
  return context.engine.render.expand(list, params.expand ?? []);
}
