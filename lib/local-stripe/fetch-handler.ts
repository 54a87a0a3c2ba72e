import { responseText } from './http-client';
import type { LocalStripe } from './local-stripe';

/**
 * Adapts `handle` to a Fetch API route handler, e.g. `app/api/local-stripe/[...path]/route.ts`
 * with `basePath: '/api/local-stripe'`: `/api/local-stripe/v1/...` reaches `handle` as `/v1/...`.
 */
export function createFetchHandler(
  local: LocalStripe,
  options: { basePath: string },
): (request: Request) => Promise<Response> {
  const basePath = options.basePath.replace(/\/+$/, '');
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const response = await local.handle({
      method: request.method,
      path: `${path}${url.search}`,
      headers,
      body,
    });
    // Not gzipped: the local Stripe answers this machine's app and browsers, over loopback.
    return new Response(responseText(response), {
      status: response.status,
      headers: { ...response.headers, 'cache-control': 'no-store, no-transform' },
    });
  };
}
