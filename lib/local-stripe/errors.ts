import type { JsonObject } from './json';

/** The `error` member of a Stripe error response, as the official SDKs parse it. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'api_error' | 'idempotency_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  payment_intent?: JsonObject;
}

/**
 * An error the local Stripe answers with. `replayable: false` marks failures that happen before an
 * endpoint starts executing (parameter validation): Stripe does not save those for idempotent replay,
 * so a corrected retry with the same key is allowed.
 */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly replayable: boolean;
  /**
   * Requests are transactional: a failed one leaves the state as it was, except failures that
   * are themselves a state change (a declined card records the failed payment attempt).
   */
  readonly keepChanges: boolean;

  constructor(
    status: number,
    body: StripeErrorBody,
    options: { replayable?: boolean; keepChanges?: boolean } = {},
  ) {
    super(body.message);
    this.name = 'StripeApiError';
    this.status = status;
    this.body = body;
    this.replayable = options.replayable ?? true;
    this.keepChanges = options.keepChanges ?? false;
  }
}

interface RequestErrorOptions {
  code?: string;
  param?: string;
  status?: number;
  replayable?: boolean;
}

export function invalidRequest(message: string, options: RequestErrorOptions = {}): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (options.code !== undefined) body.code = options.code;
  if (options.param !== undefined) body.param = options.param;
  return new StripeApiError(options.status ?? 400, body, { replayable: options.replayable });
}

/** Parameter validation failures: never saved for idempotent replay. */
export function invalidParam(message: string, param: string, code?: string): StripeApiError {
  return invalidRequest(message, { param, code, replayable: false });
}

export function parameterUnknown(param: string): StripeApiError {
  return invalidParam(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}

export function parameterMissing(param: string): StripeApiError {
  return invalidParam(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function parametersExclusive(params: string[]): StripeApiError {
  const [first] = params;
  return invalidParam(
    `You may only specify one of these parameters: ${params.join(', ')}.`,
    first ?? '',
    'parameters_exclusive',
  );
}

/**
 * `No such price: 'price_123'`. A missing object named in the URL is a 404; one named by a body
 * parameter is a 400 carrying that parameter, as in Stripe.
 */
export function resourceMissing(kind: string, id: string, param?: string): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, {
    code: 'resource_missing',
    param: param ?? 'id',
    status: param === undefined ? 404 : 400,
  });
}

export function cardError(
  code: string,
  message: string,
  declineCode: string | undefined,
  paymentIntent: JsonObject | undefined,
): StripeApiError {
  const body: StripeErrorBody = { type: 'card_error', code, message };
  if (declineCode !== undefined) body.decline_code = declineCode;
  if (paymentIntent !== undefined) body.payment_intent = paymentIntent;
  return new StripeApiError(402, body, { keepChanges: true });
}

export function apiError(message: string): StripeApiError {
  return new StripeApiError(500, { type: 'api_error', message }, { replayable: false });
}

export function docUrl(code: string): string {
  return `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`;
}

/** Serialises an error as Stripe does, adding `doc_url` for coded errors. */
export function errorResponseBody(error: StripeApiError): JsonObject {
  const { type, message, code, param, decline_code: declineCode, payment_intent: paymentIntent } = error.body;
  const body: JsonObject = { type, message };
  if (code !== undefined) {
    body.code = code;
    body.doc_url = docUrl(code);
  }
  if (param !== undefined) body.param = param;
  if (declineCode !== undefined) body.decline_code = declineCode;
  if (paymentIntent !== undefined) body.payment_intent = paymentIntent;
  return { error: body };
}
