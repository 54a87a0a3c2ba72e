import { z } from 'zod';
import { encodeForm, type FormParams } from './form-encoding';

/** An error answered by the local Stripe (Stripe's `{error: {...}}` shape) or a failed request. */
export class LocalStripeApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly declineCode: string | null;
  readonly param: string | null;

  constructor(init: {
    status: number;
    type: string;
    message: string;
    code?: string | null;
    declineCode?: string | null;
    param?: string | null;
  }) {
    super(init.message);
    this.name = 'LocalStripeApiError';
    this.status = init.status;
    this.type = init.type;
    this.code = init.code ?? null;
    this.declineCode = init.declineCode ?? null;
    this.param = init.param ?? null;
  }
}

const stripeErrorBody = z.object({
  error: z.object({
    type: z.string().nullish(),
    code: z.string().nullish(),
    decline_code: z.string().nullish(),
    param: z.string().nullish(),
    message: z.string().nullish(),
  }),
});

export interface LocalStripeHttp {
  get(path: string, query: Record<string, string>): Promise<unknown>;
  post(path: string, params: FormParams): Promise<unknown>;
}

export interface LocalStripeHttpOptions {
  apiBase: string;
  publishableKey: string;
  fetch: typeof fetch;
}

export function createLocalStripeHttp({
  apiBase,
  publishableKey,
  fetch,
}: LocalStripeHttpOptions): LocalStripeHttp {
  const base = apiBase.replace(/\/+$/, '');
  const headers = { Authorization: `Bearer ${publishableKey}`, Accept: 'application/json' };

  const send = async (url: string, init: RequestInit): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch {
      // Stripe.js reports an unreachable API as an api_connection_error, not as a thrown TypeError.
      throw new LocalStripeApiError({
        status: 0,
        type: 'api_connection_error',
        message: 'We could not reach Stripe. Check your connection and try again.',
      });
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body;
    const parsed = stripeErrorBody.safeParse(body);
    const error = parsed.success ? parsed.data.error : null;
    throw new LocalStripeApiError({
      status: response.status,
      type: error?.type ?? 'api_error',
      message: error?.message ?? `The local Stripe answered ${response.status}.`,
      code: error?.code,
      declineCode: error?.decline_code,
      param: error?.param,
    });
  };

  return {
    get: (path, query) =>
      send(`${base}${path}?${new URLSearchParams(query).toString()}`, {
        method: 'GET',
        headers,
        cache: 'no-store',
      }),
    post: (path, params) =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: encodeForm(params),
      }),
  };
}
