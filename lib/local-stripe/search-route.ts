import type { JsonObject } from './json';
import { newestFirst, searchResult } from './lists';
import { expandParam, integer, parseParams, required, string } from './params';
import type { RouteContext } from './route';
import { readScalar, type SearchValue, searchFilter } from './search';

export interface SearchOptions<T> {
  /** The resource as search errors name it, e.g. `products`. */
  resource: string;
  fields: ReadonlySet<string>;
  /** What a search may find: not deleted, not created inline. */
  candidates: readonly T[];
  url: string;
  render: (item: T) => JsonObject;
  /** How a query reads a field; by default the object's own scalar property. */
  readField?: (item: T, name: string) => SearchValue;
}

/** Answers a `GET /v1/{resource}/search` request: Stripe's query language over the candidates, newest first. */
export function answerSearch<T extends { created: number; seq: number; metadata: Record<string, string> }>(
  context: RouteContext,
  options: SearchOptions<T>,
): JsonObject {
  const params = parseParams(
    {
      query: required(string()),
      limit: integer({ min: 1, max: 100 }),
      page: string(),
      expand: expandParam(),
    },
    context.params,
  );
  const matches = searchFilter(params.query, options.resource, options.fields);
  const readField = options.readField ?? readScalar;
  const items = newestFirst(options.candidates).filter((item) =>
    matches({ field: (name) => readField(item, name), metadata: (key) => item.metadata[key] }),
  );
  const result = searchResult(items, params, options.url, options.render);
  return context.engine.render.expand(result, params.expand ?? []);
}
