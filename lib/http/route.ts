import 'server-only';
import { randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import type { z } from 'zod';
import { idempotencyKeySchema } from '@/lib/checkout/schemas';
import type { Shopper } from '@/lib/checkout/shopper';
import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { localeFromRequest } from '@/lib/i18n/locale-from-request';
import type { Locale } from '@/lib/i18n/locales';
import { localizeErrorMessage } from '@/lib/i18n/server-sentences';
import { isDatabaseUnavailable } from '@/lib/store/unavailable';
import { appOrigin } from './app-origin';
import { getShopper } from './identity';
import { parseInput, readJsonBody } from './request-body';
import { authorizeApiToken, type CallerKind, issueBrowserId, verifyStripeSignature } from './route-caller';
import { getAppRouteDeps, type ResolveRouteDeps, type RouteDeps } from './route-deps';
import { applyRateLimits, type RateLimitRule } from './route-limits';
import { checkSameOrigin } from './same-origin';

/**
 * The one wrapper every route handler goes through (Dub's `withWorkspace` habit). Its options say
 * what the route takes and who may call it; it does the rest in this order: origin check, caller
 * (API token or Stripe signature), params, query, body, session start, shopper,
 * rate limits, then the handler, and it turns the outcome into DESIGN.md's error contract. Handlers
 * parse nothing by hand and simply throw AppError.
 */
export interface RouteOptions {
  /** JSON body schema; omitted means the body is not read at all. */
  body?: z.core.$ZodType;
  /** Schema for the search parameters (`?client_reference_id=...`). */
  query?: z.core.$ZodType;
  /** Schema for the dynamic segments (`{ id: string }`). */
  params?: z.core.$ZodType;
  /** Who the caller is (lib/http/route-caller.ts); the handler then gets `deps` too. */
  caller?: CallerKind;
  /** Rules from lib/http/route-kinds.ts, applied in order once the caller is known. */
  rateLimit?: RateLimitRule | readonly RateLimitRule[];
  /**
   * The route creates a Checkout Session: `sessionStart` gets the optional `Idempotency-Key` header
   * (400 when malformed), the origin shoppers come back to (lib/http/app-origin.ts) and the TTL,
   * and a shopper whose browser has no id yet gets one (its cookie) once the rate limits passed.
   */
  startsSession?: boolean;
  /**
   * Refuse requests a browser sent from another site. Defaults to true for state-changing methods
   * (anything but GET, HEAD and OPTIONS), except for caller 'stripeSignature'.
   */
  sameOrigin?: boolean;
  /**
   * Shapes the handler's result into the answer, e.g. the checkout view the browser parses with the
   * same schema (use cases return more than the page reads).
   */
  answer?: (result: never) => unknown;
}

type Parsed<O, K extends 'body' | 'query' | 'params'> = O extends {
  [P in K]: infer S extends z.core.$ZodType;
}
  ? z.output<S>
  : undefined;
type If<Condition, Then> = Condition extends true ? Then : unknown;

/** What the handler gets: only what its options asked for, typed. */
export type RouteInput<O extends RouteOptions> = {
  request: Request;
  body: Parsed<O, 'body'>;
  query: Parsed<O, 'query'>;
  params: Parsed<O, 'params'>;
  /** Also sent as `x-request-id` and printed with every logged failure, so reports can be matched. */
  requestId: string;
} & If<
  O extends { caller: CallerKind } ? true : O extends { rateLimit: unknown } ? true : false,
  { deps: RouteDeps }
> &
  If<O extends { caller: 'shopper' } ? true : false, { shopper: Shopper }> &
  If<O extends { caller: 'stripeSignature' } ? true : false, { event: Stripe.Event }> &
  If<O extends { startsSession: true } ? true : false, { sessionStart: SessionStart }>;

export interface SessionStart {
  origin: string;
  ttlMinutes: number;
  idempotencyKey: string | null;
}

/** What Next.js passes as the second argument; catch-all segments arrive as arrays. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

/** A route handler, and the same handler on other dependencies (for tests). */
export type AppRouteHandler = RouteHandler & { withDeps(resolveDeps: ResolveRouteDeps): RouteHandler };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again.';
const UNAVAILABLE_MESSAGE = "We couldn't save your change. Please try again.";
/** How long a shopper is asked to wait after a database failure: a pool frees up, a failover ends. */
const UNAVAILABLE_RETRY_SECONDS = 2;

/**
 * Wraps a handler. The handler's return value becomes a 200 JSON answer (`undefined` a 204); a
 * returned Response is passed through as it is.
 */
export function route<const O extends RouteOptions, R>(
  options: O & { answer?: (result: R) => unknown },
  handler: (input: RouteInput<O>) => Promise<R>,
): AppRouteHandler {
  const answer = options.answer ?? ((result: R) => result);
  const bind =
    (resolveDeps: ResolveRouteDeps): RouteHandler =>
    async (request, context) => {
      const requestId = readRequestId(request);
      try {
        const { input, countFailure } = await prepare(options, request, context, resolveDeps);
        try {
          return toResponse(answer(await handler({ ...input, requestId } as RouteInput<O>)), requestId);
        } catch (error) {
          await countFailure(error);
          throw error;
        }
      } catch (error) {
        return errorResponse(error, request, requestId);
      }
    };
  return Object.assign(bind(getAppRouteDeps), { withDeps: bind });
}

const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];

/**
 * Handlers for the methods a route file does not export, so they answer 405 in the error contract
 * (with `Allow`) instead of Next's empty 405: `export const { GET, PUT, PATCH, DELETE } =
 * otherMethods('POST')`.
 */
export function otherMethods(...allowed: RouteMethod[]): Record<RouteMethod, RouteHandler> {
  const allow = allowed.join(', ');
  const refuse: RouteHandler = async (request) => {
    const requestId = readRequestId(request);
    const response = errorResponse(
      new AppError('method_not_allowed', `This address answers ${allow} only, not ${request.method}.`),
      request,
      requestId,
    );
    response.headers.set('allow', allow);
    return response;
  };
  return Object.fromEntries(ROUTE_METHODS.map((method) => [method, refuse])) as Record<
    RouteMethod,
    RouteHandler
  >;
}

interface Prepared {
  input: Record<string, unknown>;
  countFailure: (failure: unknown) => Promise<void>;
}

async function prepare(
  options: RouteOptions,
  request: Request,
  context: RouteContext | undefined,
  resolveDeps: ResolveRouteDeps,
): Promise<Prepared> {
  const { caller } = options;
  if (options.sameOrigin ?? (caller !== 'stripeSignature' && !SAFE_METHODS.has(request.method))) {
    checkSameOrigin(request);
  }
  const deps =
    caller !== undefined || options.rateLimit !== undefined
      ? withLocale(await resolveDeps(), localeFromRequest(request))
      : undefined;
  const input: Record<string, unknown> = { request, deps };
  if (caller === 'apiToken') authorizeApiToken(request, required(deps).ordersApiToken);
  if (caller === 'stripeSignature') input.event = await verifyStripeSignature(request, required(deps));
  const rawParams = context === undefined ? {} : await context.params;
  input.params = options.params && (await parseInput(options.params, rawParams, 'Invalid URL: '));
  input.query =
    options.query && (await parseInput(options.query, Object.fromEntries(new URL(request.url).searchParams)));
  input.body = options.body && (await parseInput(options.body, await readJsonBody(request)));
  if (options.startsSession) input.sessionStart = readSessionStart(request);
  let shopper = caller === 'shopper' ? await getShopper() : undefined;
  const rules = options.rateLimit === undefined ? [] : [options.rateLimit].flat();
  const countFailure =
    rules.length === 0
      ? async () => undefined
      : await applyRateLimits(rules, { store: required(deps).store, request, params: input.params, shopper });
  if (shopper !== undefined && options.startsSession) shopper = await issueBrowserId(request, shopper);
  input.shopper = shopper;
  return { input, countFailure };
}

function required(deps: RouteDeps | undefined): RouteDeps {
  if (deps === undefined) throw new Error('This route option needs the route dependencies');
  return deps;
}

function readSessionStart(request: Request): SessionStart {
  const idempotencyKey = parseIdempotencyKey(request);
  const config = getConfig();
  return { origin: appOrigin(request, config), ttlMinutes: config.checkoutSessionTtlMinutes, idempotencyKey };
}

function parseIdempotencyKey(request: Request): string | null {
  const header = request.headers.get('idempotency-key');
  if (header === null) return null;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    throw new AppError('invalid_request', parsed.error.issues[0]?.message ?? 'Invalid Idempotency-Key');
  }
  return parsed.data;
}

function toResponse(result: unknown, requestId: string): Response {
  if (result instanceof Response) {
    try {
      result.headers.set('x-request-id', requestId);
      // Every answer here is about one shopper's session; a shared cache must never keep it.
      if (!result.headers.has('cache-control')) result.headers.set('cache-control', 'no-store');
    } catch {
      // Responses with immutable headers (e.g. a proxied fetch) are passed through untouched.
    }
    return result;
  }
  if (result === undefined) {
    return new NextResponse(null, { status: 204, headers: baseHeaders(requestId) });
  }
  return jsonAnswer(result, 200, baseHeaders(requestId));
}

/** Below this many bytes gzip saves next to nothing and costs a gzip stream on the server's thread. */
const GZIP_FROM_BYTES = 1024;

/**
 * A JSON answer. Next gzips every answer it is allowed to, whatever its size (it drops the
 * Content-Length a route sets, so its compressor never sees a size below its threshold): a small
 * answer - a change's few hundred bytes - says `no-transform`, and goes out as it is.
 */
function jsonAnswer(body: unknown, status: number, headers: Headers): Response {
  const text = JSON.stringify(body);
  headers.set('content-type', 'application/json');
  if (Buffer.byteLength(text) < GZIP_FROM_BYTES) headers.set('cache-control', 'no-store, no-transform');
  return new NextResponse(text, { status, headers });
}

/**
 * The dependencies with the page's language, for the sentences use cases write (notices). Built on
 * top of the resolved object, so the app's lazy getters (the Stripe client) stay lazy.
 */
function withLocale(deps: RouteDeps, locale: Locale): RouteDeps {
  return Object.assign(Object.create(deps) as RouteDeps, { locale });
}

function errorResponse(error: unknown, request: Request, requestId: string): Response {
  // Domain code hands over AppErrors only (Stripe's errors are mapped where Stripe is called, in
  // lib/stripe/errors.ts); a database that cannot work right now is a 503 the shopper may retry;
  // anything else is a bug, answered with a generic 500.
  const known = error instanceof AppError ? error : null;
  const appError = known ?? unknownFailure(error);
  const status = appError.status;
  if (status >= 500) {
    // The body says nothing about the cause; the log is where it can be found, by request id.
    const { pathname } = new URL(request.url);
    console.error(
      `[${requestId}] ${request.method} ${pathname} failed with ${status} ${appError.code}:`,
      known === null ? error : (appError.cause ?? appError),
    );
  }
  const headers = baseHeaders(requestId);
  if (appError.code === 'rate_limited' || appError.retryAfterSeconds !== undefined) {
    headers.set('retry-after', String(Math.max(1, Math.ceil(appError.retryAfterSeconds ?? 1))));
  }
  const body: { code: string; message: string; details?: unknown } = {
    code: appError.code,
    // In the page's language (the browser sends it as Accept-Language); codes stay the same.
    message: localizeErrorMessage(appError, localeFromRequest(request)),
  };
  if (status < 500 && appError.details !== undefined) body.details = appError.details;
  return jsonAnswer({ error: body }, status, headers);
}

function unknownFailure(error: unknown): AppError {
  if (isDatabaseUnavailable(error)) {
    return new AppError('service_unavailable', UNAVAILABLE_MESSAGE, {
      cause: error,
      retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
    });
  }
  return new AppError('internal', INTERNAL_MESSAGE, { cause: error });
}

function baseHeaders(requestId: string): Headers {
  return new Headers({ 'cache-control': 'no-store', 'x-request-id': requestId });
}

/** Reuses a proxy's request id when it looks like one, so our log lines match the platform's. */
function readRequestId(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming !== null && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
