import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** Every checkout body is a few hundred bytes; anything far larger is a mistake or an attack. */
export const MAX_BODY_BYTES = 16 * 1024;

/** At most this many problems are spelled out; the rest are counted, so the sentence stays readable. */
const MAX_LISTED_ISSUES = 3;

/**
 * Reads and parses a JSON request body without ever holding more than MAX_BODY_BYTES of it.
 * An empty body counts as `{}`, so body-less POSTs to `{}`-schema routes work, and missing fields in
 * other routes are reported by name rather than as "not an object".
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await readRawBody(request, MAX_BODY_BYTES);
  if (text.trim() === '') return {};
  // Checked only once there is a body: a cross-site form can post text/plain without a preflight,
  // so insisting on JSON is part of the CSRF defence as well as a clearer error.
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new AppError(
      'invalid_request',
      'The request body must be JSON; send it with Content-Type: application/json.',
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', 'The request body is not valid JSON.');
  }
}

function isJsonContentType(header: string | null): boolean {
  const mediaType = header?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType?.endsWith('+json') ?? false);
}

/**
 * The body as text, exactly as sent (a signature covers these bytes), refused with a 400 once it
 * is larger than `maxBytes`.
 */
export async function readRawBody(request: Request, maxBytes: number): Promise<string> {
  const declaredLength = Number(request.headers.get('content-length') ?? 0);
  if (declaredLength > maxBytes) throw tooLarge(maxBytes);
  return readLimitedText(request, maxBytes);
}

async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Content-Length can be absent (chunked) or wrong; stop reading instead of trusting it.
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_request', 'The request body could not be read.', { cause: error });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('invalid_request', 'The request body is not valid UTF-8 text.');
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('invalid_request', `The request body is larger than ${maxBytes / 1024} KiB.`);
}

/**
 * Parses `value` (a body, a query, URL params) with `schema`; a mismatch is a 400 whose message
 * names the fields (`prefix` says which part of the request it was) and whose details list them.
 */
export async function parseInput<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
): Promise<z.output<S>> {
  // The functional form accepts zod/mini schemas too (shared with browser code) as well as classic ones.
  const result = await z.safeParseAsync(schema, value, { error: readableIssue });
  if (result.success) return result.data;
  throw new AppError('invalid_request', `${prefix}${zodIssuesToSentence(result.error.issues)}`, {
    details: zodIssueDetails(result.error.issues),
  });
}

/**
 * zod 4 says "Invalid input: expected string, received undefined" for a missing field; "Required"
 * reads better next to the field name. Schema-level messages still win over this one.
 */
function readableIssue(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined;
}

/**
 * zod issues as one sentence, field first: `addOn: Required; Unrecognized key: "price"`.
 * Object-level issues (unknown keys, a whole-body refine) have no path and keep zod's own wording.
 */
export function zodIssuesToSentence(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const path = formatPath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = issues.length - parts.length;
  if (more > 0) parts.push(`and ${more} more ${more === 1 ? 'problem' : 'problems'}`);
  return parts.length === 0 ? 'The request is invalid.' : parts.join('; ');
}

/** Per-field problems for forms that want to mark the fields (sent as `error.details`). */
export function zodIssueDetails(issues: readonly z.core.$ZodIssue[]): {
  issues: { path: string; message: string }[];
} {
  return { issues: issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
}

/** `items[0].quantity`, the way a developer would write the field in JavaScript. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}
