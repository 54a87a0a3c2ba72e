import type { Engine, RequestInfo } from './engine';
import type { FaultInjector } from './faults';
import type { FormObject } from './form';
import type { JsonObject } from './json';
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
