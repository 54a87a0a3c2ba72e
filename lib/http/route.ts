import 'server-only';
import { randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { readJsonBody, zodIssueDetails, zodIssuesToSentence } from './request-body';
import { checkSameOrigin } from './same-origin';

/**
 * The one wrapper every route handler goes through (Dub's `withWorkspace` habit): it owns the
 * cross-origin check, body and params parsing and the translation of errors into DESIGN.md's error
 * contract, so handlers parse nothing by hand and simply throw AppError.
 */

// Core types: route schemas may be written with zod or zod/mini (those the browser shares).
type Schema = z.core.$ZodType | undefined;
type Parsed<S extends Schema> = S extends z.core.$ZodType ? z.output<S> : undefined;

export interface RouteOptions<B extends Schema, P extends Schema> {
  /** JSON body schema; omitted means the body is not read at all. */
  body?: B;
  /** Schema for the dynamic segments (`{ id: string }`). */
  params?: P;
  /**
   * Refuse requests a browser sent from another site. Defaults to true for state-changing methods
   * (anything but GET, HEAD and OPTIONS); the Stripe webhook passes false (its signature is its
   * authentication).
   */
  sameOrigin?: boolean;
}

export interface RouteInput<B extends Schema, P extends Schema> {
  request: Request;
  body: Parsed<B>;
  params: Parsed<P>;
  /** Also sent as `x-request-id` and printed with every logged failure, so reports can be matched. */
  requestId: string;
}

/** What Next.js passes as the second argument; catch-all segments arrive as arrays. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again.';

/**
 * Wraps a handler. The handler's return value becomes a 200 JSON answer (`undefined` a 204); a
 * returned Response is passed through as it is.
 */
export function route<B extends Schema = undefined, P extends Schema = undefined>(
  options: RouteOptions<B, P>,
  handler: (input: RouteInput<B, P>) => Promise<unknown>,
): RouteHandler {
  return async (request, context) => {
    const requestId = readRequestId(request);
    try {
      if (options.sameOrigin ?? !SAFE_METHODS.has(request.method)) checkSameOrigin(request);
      const params = await parseParams<P>(options.params, context);
      const body = await parseBody<B>(options.body, request);
      const result = await handler({ request, body, params, requestId });
      return toResponse(result, requestId);
    } catch (error) {
      return errorResponse(error, request, requestId);
    }
  };
}

async function parseParams<P extends Schema>(
  schema: P | undefined,
  context: RouteContext | undefined,
): Promise<Parsed<P>> {
  if (schema === undefined) return undefined as Parsed<P>;
  const raw = context === undefined ? {} : await context.params;
  const result = await z.safeParseAsync(schema, raw, { error: readableIssue });
  if (!result.success) {
    throw new AppError('invalid_request', `Invalid URL: ${zodIssuesToSentence(result.error.issues)}`, {
      details: zodIssueDetails(result.error.issues),
    });
  }
  return result.data as Parsed<P>;
}

async function parseBody<B extends Schema>(schema: B | undefined, request: Request): Promise<Parsed<B>> {
  if (schema === undefined) return undefined as Parsed<B>;
  const value = await readJsonBody(request);
  const result = await z.safeParseAsync(schema, value, { error: readableIssue });
  if (!result.success) {
    throw new AppError('invalid_request', zodIssuesToSentence(result.error.issues), {
      details: zodIssueDetails(result.error.issues),
    });
  }
  return result.data as Parsed<B>;
}

/**
 * zod 4 says "Invalid input: expected string, received undefined" for a missing field; "Required"
 * reads better next to the field name. Schema-level messages still win over this one.
 */
function readableIssue(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined;
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
  return NextResponse.json(result, { status: 200, headers: baseHeaders(requestId) });
}

function errorResponse(error: unknown, request: Request, requestId: string): Response {
  // Domain code hands over AppErrors only (Stripe's errors are mapped where Stripe is called, in
  // lib/stripe/errors.ts); anything else is a bug, answered with a generic 500.
  const known = error instanceof AppError ? error : null;
  const appError = known ?? new AppError('internal', INTERNAL_MESSAGE, { cause: error });
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
    message: appError.message,
  };
  if (status < 500 && appError.details !== undefined) body.details = appError.details;
  return NextResponse.json({ error: body }, { status, headers });
}

function baseHeaders(requestId: string): Headers {
  return new Headers({ 'cache-control': 'no-store', 'x-request-id': requestId });
}

/** Reuses a proxy's request id when it looks like one, so our log lines match the platform's. */
function readRequestId(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming !== null && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
