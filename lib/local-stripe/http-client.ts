import Stripe from 'stripe';

export interface HandledRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface HandledResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The body as JSON text, when it is already rendered (a threaded local Stripe sends it so). */
  bodyText?: string;
}

/** The body as the network would carry it. */
export function responseText(response: HandledResponse): string {
  return response.bodyText ?? JSON.stringify(response.body);
}

export type Handle = (request: HandledRequest) => Promise<HandledResponse>;

/** The raw response the SDK exposes as `lastResponse`; the SDK writes request metadata onto it. */
interface RawLocalResponse {
  statusCode: number;
  headers: Record<string, string>;
}

class LocalHttpClientResponse extends Stripe.HttpClientResponse {
  private readonly text: string;
  private readonly raw: RawLocalResponse;

  constructor(status: number, headers: Record<string, string>, text: string) {
    super(status, headers);
    this.text = text;
    this.raw = { statusCode: status, headers };
  }

  getRawResponse(): RawLocalResponse {
    return this.raw;
  }

  toStream(streamCompleteCallback: () => void): ReadableStream<Uint8Array> {
    streamCompleteCallback();
    const bytes = new TextEncoder().encode(this.text);
    return new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  toJSON(): Promise<unknown> {
    // Parsed from text, as over the network: the SDK gets fresh objects it may mutate, and
    // anything not JSON-serialisable would fail here rather than only against real Stripe.
    return Promise.resolve().then(() => this._parseResponseBody(this.text));
  }
}

function headerValue(value: string | number | string[]): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * An in-process transport for the official SDK: the SDK builds, encodes and parses requests as
 * it would over the network, and a slow answer rejects with the SDK's own timeout error.
 */
export class LocalHttpClient extends Stripe.HttpClient {
  constructor(private readonly handle: Handle) {
    super();
  }

  getClientName(): string {
    return 'local-stripe';
  }

  makeRequest(
    _host: string,
    _port: string,
    path: string,
    method: string,
    headers: Record<string, string | number | string[]>,
    requestData: string,
    _protocol: string,
    timeout: number,
  ): Promise<LocalHttpClientResponse> {
    const normalized: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) normalized[name.toLowerCase()] = headerValue(value);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(Stripe.HttpClient.makeTimeoutError()), timeout);
      this.handle({ method, path, headers: normalized, body: requestData ?? '' }).then(
        (response) => {
          clearTimeout(timer);
          resolve(new LocalHttpClientResponse(response.status, response.headers, responseText(response)));
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
