import { browserRoutes } from './browser-routes';
import { catalogRoutes } from './catalog-routes';
import { checkoutRoutes } from './checkout-routes';
import { customerRoutes } from './customer-routes';
import { discountRoutes } from './discount-routes';
import { paymentRoutes } from './payment-routes';
import { refundRoutes } from './refund-routes';
import type { Route } from './route';
import { testHelperRoutes } from './test-helper-routes';

const ROUTES: readonly Route[] = [
  ...browserRoutes,
  ...catalogRoutes,
  ...checkoutRoutes,
  ...customerRoutes,
  ...discountRoutes,
  ...paymentRoutes,
  ...refundRoutes,
  ...testHelperRoutes,
];

export interface RouteMatch {
  route: Route;
  path: Record<string, string>;
}

function matchPattern(pattern: string, pathname: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = pathname.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

/** The first route for this method and path; literal routes (`/v1/prices/search`) are listed before `/:id`. */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const path = matchPattern(route.pattern, pathname);
    if (path) return { route, path };
  }
  return undefined;
}

/** Whether the path belongs to the test controls, which faults never match. */
export function isTestHelperPath(pathname: string): boolean {
  return pathname.startsWith('/v1/test_helpers/');
}
