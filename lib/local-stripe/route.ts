import type { Engine, RequestInfo } from './engine';
import type { FaultInjector } from './faults';
import type { FormObject } from './form';
import type { JsonObject } from './json';
import { expandParam, parseParams } from './params';
import type { RequestLog } from './request-log';

/** Who may call a route: the server's secret key, the browser's publishable key, or tests. */
export type RouteAuth = 'secret' | 'publishable' | 'test_helper';

export interface RouteContext {
  engine: Engine;
  faults: FaultInjector;
  /** The API requests answered so far (test controls excluded). */
  requests: RequestLog;
  /** Query and body parameters, decoded from Stripe's bracket notation. */
  params: FormObject;
  /** Named path segments, e.g. `{ id: 'cs_test_...' }`. */
  path: Record<string, string>;
  request: RequestInfo;
  /** The base API version from `Stripe-Version` (without beta flags). */
  apiVersion: string;
  /** Beta flags from `Stripe-Version`, e.g. `checkout_server_update_beta`. */
  betas: ReadonlySet<string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** `/v1/checkout/sessions/:id/line_items` */
  pattern: string;
  auth: RouteAuth;
  handler: (context: RouteContext) => JsonObject;
}

export function pathParam(context: RouteContext, name: string): string {
  return context.path[name] ?? '';
}

/** A `GET /v1/{resources}/:id` handler: the object with that id, rendered with the `expand[]` asked for. */
export function retrieveRoute<T>(
  find: (engine: Engine, id: string) => T,
  render: (engine: Engine, item: T, expand: string[]) => JsonObject,
): (context: RouteContext) => JsonObject {
  return (context) => {
    const params = parseParams({ expand: expandParam() }, context.params);
    return render(context.engine, find(context.engine, pathParam(context, 'id')), params.expand ?? []);
  };
}

type Handler = Route['handler'];

/**
 * A resource's routes in Stripe's REST shape, for the server's secret key: `POST /v1/{resources}`
 * creates, `GET` lists, `GET .../:id` retrieves, `POST .../:id` updates. Only the given ones exist.
 */
export function resourceRoutes(
  path: string,
  handlers: { create?: Handler; list?: Handler; retrieve?: Handler; update?: Handler },
): Route[] {
  const routes: [Route['method'], string, Handler | undefined][] = [
    ['POST', path, handlers.create],
    ['GET', path, handlers.list],
    ['GET', `${path}/:id`, handlers.retrieve],
    ['POST', `${path}/:id`, handlers.update],
  ];
  return routes.flatMap(([method, pattern, handler]) =>
    handler === undefined ? [] : [{ method, pattern, auth: 'secret' as const, handler }],
  );
}
