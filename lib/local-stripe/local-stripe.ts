import { timingSafeEqual } from 'node:crypto';
import type Stripe from 'stripe';
import { CancellableSleeps } from './cancellable-sleeps';
import { Engine } from './engine';
import { apiError, errorResponseBody, invalidRequest, StripeApiError } from './errors';
import { FaultInjector } from './faults';
import { decodeForm, type FormObject } from './form';
import { type HandledRequest, type HandledResponse, LocalHttpClient } from './http-client';
import { newId } from './ids';
import type { JsonObject } from './json';
import { loadStateWithJournal, StatePersister } from './persistence';
import { RequestLog } from './request-log';
import type { RouteAuth, RouteContext } from './route';
import { isTestHelperPath, matchRoute, type RouteMatch } from './router';
import { emptyState, getOwn, type IdempotencyRecord, type State } from './state';
import { StateTracker } from './tracked-state';
import { WebhookDeliverer } from './webhooks';

export interface LocalStripeOptions {
  /**
   * The instance's secret key (`sk_test_`, at least 16 characters): the only key that opens the API
   * and the test controls. Browser endpoints take any publishable key plus the session's client
   * secret, as Stripe.js does.
   */
  secretKey: string;
  /**
   * JSON file the state is kept in: every change is appended to `<dataFile>.journal` (and synced)
   * before it is acknowledged, and the whole state is rewritten atomically now and then. Omitted =
   * memory only.
   */
  dataFile?: string;
  /** Journal size (bytes) beyond which the whole state is rewritten; default 1 MiB or the file's size. */
  compactAfterBytes?: number;
  /** Secret that signs webhook deliveries (what the app passes to `stripe.webhooks.constructEvent`). */
  webhookSecret: string;
  /**
   * Where events are posted, fixed by configuration (never learnt from a request). Omitted: events
   * are recorded but not delivered.
   */
  webhookUrl?: string;
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number;
  /** Used for webhook delivery; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Delivery attempts and the first retry delay (doubling after each failure). Default 5 x 500 ms. */
  webhookRetry?: { attempts: number; baseDelayMs: number };
  /**
   * A simulated network round trip: every API call (test helpers aside) is answered this many
   * milliseconds later. Default 0.
   */
  latencyMs?: number;
}

export interface LocalStripe {
  handle(request: HandledRequest): Promise<HandledResponse>;
  /** In-process transport for `new Stripe(key, { httpClient })`; honours the SDK's timeout. */
  httpClient(): Stripe.HttpClient;
  readonly webhookSecret: string;
  /** Resolves when the deliveries under way (with their retries) have settled. */
  flushWebhooks(): Promise<void>;
  close(): Promise<void>;
}

/** The SDK's pinned API version; requests without `Stripe-Version` get it. */
export const DEFAULT_API_VERSION = '2026-08-26.preview';
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
// Enough for any retry window while keeping each state write small.
const IDEMPOTENCY_MAX_RECORDS = 100;
const SWEEP_INTERVAL_MS = 5_000;

function parseVersion(header: string | undefined): { apiVersion: string; betas: Set<string> } {
  const [base, ...flags] = (header ?? '').split(';').map((part) => part.trim());
  const betas = new Set<string>();
  for (const flag of flags) {
    const [name] = flag.split('=');
    if (name) betas.add(name.trim());
  }
  return { apiVersion: base || DEFAULT_API_VERSION, betas };
}

function redact(key: string): string {
  return key.length <= 12
    ? `${key.slice(0, 3)}***`
    : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

function authError(message: string): StripeApiError {
  return invalidRequest(message, { status: 401, replayable: false });
}

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** What the caller proved: the instance's secret key, or a publishable key (browser endpoints only). */
type Caller = 'secret' | 'publishable';

/** The key in `Authorization` (Bearer, or Basic with the key as user name); '' when there is none. */
function presentedKey(authorization: string | undefined): string {
  const [scheme, credentials = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return credentials;
  if (scheme?.toLowerCase() === 'basic') {
    return Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] ?? '';
  }
  return '';
}

function sameKey(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Stripe's key check, done before the path is routed, so that without the secret key every path
 * (known or not) answers the same 401 and nothing about the API can be learnt. A publishable key is
 * accepted here and limited to browser endpoints once the route is known.
 */
function authenticate(secretKey: string, authorization: string | undefined): Caller {
  const key = presentedKey(authorization);
  if (key === '') throw authError(NO_KEY_MESSAGE);
  if (/^(sk|rk|pk)_live_/.test(key)) {
    throw authError('The local Stripe accepts only test-mode keys; it never handles live payments.');
  }
  if (sameKey(key, secretKey)) return 'secret';
  if (/^pk_test_\w+$/.test(key)) return 'publishable';
  throw authError(`Invalid API Key provided: ${redact(key)}`);
}

/** The route's own rule for the caller: browser endpoints take a publishable key, the rest the secret key. */
function authorize(caller: Caller, auth: RouteAuth): void {
  if (auth === 'publishable' && caller === 'secret') {
    throw authError('This endpoint is called from the browser and takes a publishable key (pk_test_...).');
  }
  if (auth !== 'publishable' && caller === 'publishable') throw publishableKeyRefused();
}

function publishableKeyRefused(): StripeApiError {
  return authError(
    'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
  );
}

/** Test secret key of at least 16 characters, as LOCAL_STRIPE_SECRET_KEY requires. */
export const SECRET_KEY_PATTERN = /^sk_test_\w{8,}$/;

function mergeParams(query: string, body: string): FormObject {
  return { ...decodeForm(query), ...decodeForm(body) };
}

interface Outcome {
  status: number;
  body: JsonObject;
  headers: Record<string, string>;
  delayMs: number;
}

function failure(error: StripeApiError, headers: Record<string, string> = {}): Outcome {
  return { status: error.status, body: errorResponseBody(error), headers, delayMs: 0 };
}

class LocalStripeInstance implements LocalStripe {
  readonly webhookSecret: string;
  private readonly secretKey: string;
  private readonly state: State;
  private readonly engine: Engine;
  private readonly persister: StatePersister;
  private readonly tracker: StateTracker;
  private readonly faults = new FaultInjector();
  private readonly requests = new RequestLog();
  private readonly deliverer: WebhookDeliverer;
  private readonly webhookUrlOption: string | undefined;
  /** Events recorded but not yet known to be on disk, with the persister version that covers them. */
  private undelivered: Array<{ id: string; version: number }> = [];
  private readonly idempotencyInFlight = new Set<string>();
  private readonly delays = new CancellableSleeps();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly latencyMs: number;
  private closed = false;

  constructor(options: LocalStripeOptions) {
    if (!SECRET_KEY_PATTERN.test(options.secretKey)) {
      throw new Error(
        'The local Stripe needs a secret key: sk_test_ followed by at least 8 letters or digits.',
      );
    }
    this.secretKey = options.secretKey;
    this.webhookSecret = options.webhookSecret;
    this.webhookUrlOption = options.webhookUrl;
    this.latencyMs = Math.max(0, options.latencyMs ?? 0);
    const loaded = options.dataFile ? loadStateWithJournal(options.dataFile) : undefined;
    this.state = loaded?.state ?? emptyState();
    this.persister = new StatePersister(
      options.dataFile,
      (generation) => StatePersister.serializeState(this.state, generation),
      loaded,
      options.compactAfterBytes,
    );
    this.tracker = new StateTracker(this.state);
    this.engine = new Engine(this.state, options.now ?? Date.now, {
      markDirty: () => {
        if (this.tracker.inScope) {
          this.persister.markDirty();
        } else {
          this.tracker.untrackedChange();
          this.persister.markFull();
        }
      },
      eventCreated: (id) => {
        this.undelivered.push({ id, version: this.persister.currentVersion });
      },
    });
    const retry = options.webhookRetry ?? { attempts: 5, baseDelayMs: 500 };
    this.deliverer = new WebhookDeliverer(
      {
        secret: options.webhookSecret,
        fetch: options.fetch ?? ((input, init) => fetch(input, init)),
        attempts: Math.max(1, retry.attempts),
        baseDelayMs: retry.baseDelayMs,
      },
      {
        payload: (id) => {
          const event = getOwn(this.state.events, id);
          return event ? JSON.stringify(this.engine.render.event(event, 1), null, 2) : undefined;
        },
        settled: (id, delivered, attempts) => {
          this.tracked(() => {
            const event = getOwn(this.state.events, id);
            if (!event) return;
            event.delivery = delivered ? 'delivered' : 'failed';
            event.attempts = attempts;
            this.engine.markDirty();
          });
          this.persister
            .flush()
            .catch((error: unknown) => console.error('[local-stripe] could not save state', error));
        },
      },
    );
    this.sweepTimer = setInterval(() => this.backgroundSweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    // Events left pending by a previous run are already on disk.
    if (this.webhookUrl() !== undefined) this.enqueueAllPending();
  }

  httpClient(): Stripe.HttpClient {
    return new LocalHttpClient((request) => this.handle(request));
  }

  async flushWebhooks(): Promise<void> {
    await this.persister.flush();
    this.drainDurableEvents();
    await this.deliverer.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    this.delays.wakeAll();
    await this.deliverer.close();
    await this.persister.close();
    const registry = globalThis as unknown as Record<symbol, LocalStripe | undefined>;
    if (registry[GLOBAL_KEY] === this) delete registry[GLOBAL_KEY];
  }

  async handle(request: HandledRequest): Promise<HandledResponse> {
    const requestId = newId.request();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    const { apiVersion, betas } = parseVersion(headers['stripe-version']);
    let outcome: Outcome;
    try {
      outcome = await this.process(request, headers, requestId, apiVersion, betas);
    } catch (error) {
      console.error('[local-stripe] internal error', error);
      outcome = {
        status: 500,
        body: errorResponseBody(apiError('An unexpected error occurred in the local Stripe.')),
        headers: {},
        delayMs: 0,
      };
    }
    const latencyMs = this.latencyMs > 0 && !isTestHelperPath(request.path) ? this.latencyMs : 0;
    if (outcome.delayMs + latencyMs > 0) await this.delay(outcome.delayMs + latencyMs);
    return {
      status: outcome.status,
      headers: {
        'content-type': 'application/json',
        'request-id': requestId,
        'stripe-version': apiVersion,
        ...outcome.headers,
      },
      body: outcome.body,
    };
  }

  private webhookUrl(): string | undefined {
    return this.webhookUrlOption;
  }

  private enqueueAllPending(): void {
    const url = this.webhookUrl();
    if (url === undefined) return;
    const notDurable = new Set(this.undelivered.map((entry) => entry.id));
    for (const event of Object.values(this.state.events).sort((a, b) => a.seq - b.seq)) {
      if (event.delivery === 'pending' && !notDurable.has(event.id)) this.deliverer.enqueue(event.id, url);
    }
  }

  /** Hands events to delivery once the state that contains them is on disk. */
  private drainDurableEvents(): void {
    const written = this.persister.writtenVersion;
    const url = this.webhookUrl();
    this.undelivered = this.undelivered.filter((entry) => {
      if (entry.version > written) return true;
      const event = getOwn(this.state.events, entry.id);
      // Gone when its request was rolled back; with no URL yet it stays pending in the state.
      if (event && url !== undefined && event.delivery === 'pending') this.deliverer.enqueue(event.id, url);
      return false;
    });
  }

  private backgroundSweep(): void {
    if (this.closed) return;
    this.engine.sweep();
    if (!this.persister.dirty) return;
    this.persister
      .flush()
      .then(() => this.drainDurableEvents())
      .catch((error: unknown) => console.error('[local-stripe] could not save state', error));
  }

  private delay(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.delays.sleep(ms);
  }

  private async process(
    request: HandledRequest,
    headers: Record<string, string>,
    requestId: string,
    apiVersion: string,
    betas: Set<string>,
  ): Promise<Outcome> {
    const method = request.method.toUpperCase();
    const url = new URL(request.path, 'http://local-stripe.invalid');
    if (this.closed) {
      return failure(
        new StripeApiError(503, { type: 'api_error', message: 'The local Stripe has been closed.' }),
      );
    }
    const routed = this.routeFor(method, url.pathname, headers.authorization);
    if ('status' in routed) return routed;
    const fault = isTestHelperPath(url.pathname)
      ? { delayMs: 0 }
      : this.takeFault(method, url.pathname, routed);
    if ('status' in fault) return fault;

    const idempotencyKey = method === 'POST' ? (headers['idempotency-key'] ?? null) : null;
    const echo: Record<string, string> = idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey };
    const idempotency =
      idempotencyKey === null
        ? null
        : {
            scopedKey: `${presentedKey(headers.authorization)}:${idempotencyKey}`,
            fingerprint: `${method} ${url.pathname}${url.search}\n${request.body}`,
          };
    if (idempotency !== null) {
      const earlier = this.replayOrRefuse(idempotency, echo, fault.delayMs);
      if (earlier !== undefined) return earlier;
      this.idempotencyInFlight.add(idempotency.scopedKey);
    }
    try {
      const context: RouteContext = {
        engine: this.engine,
        faults: this.faults,
        requests: this.requests,
        params: {},
        path: routed.path,
        request: { id: requestId, idempotencyKey },
        apiVersion,
        betas,
      };
      // Lazy expiry first, outside the request's scope: its effects stand on their own.
      this.engine.sweep();
      const result = this.tracked(() => {
        const executed = this.execute(routed.route.handler, context, url.search.slice(1), request.body);
        if (idempotency !== null && executed.replayable) {
          this.saveIdempotencyRecord({
            ...idempotency,
            key: idempotency.scopedKey,
            created: this.engine.now(),
            status: executed.status,
            headers: { 'original-request': requestId },
            body: JSON.stringify(executed.body),
          });
        }
        return executed;
      });
      const saved = await this.save(echo);
      if (saved !== undefined) return saved;
      return { status: result.status, body: result.body, headers: echo, delayMs: fault.delayMs };
    } finally {
      if (idempotency !== null) this.idempotencyInFlight.delete(idempotency.scopedKey);
    }
  }

  /** The route for this request, or the refusal: the key is checked before the path is looked at. */
  private routeFor(
    method: string,
    pathname: string,
    authorization: string | undefined,
  ): RouteMatch | Outcome {
    let caller: Caller;
    try {
      caller = authenticate(this.secretKey, authorization);
    } catch (error) {
      if (error instanceof StripeApiError) return failure(error);
      throw error;
    }
    const match = matchRoute(method, pathname);
    // A publishable key learns nothing about paths outside the browser endpoints, not even which exist.
    if (!match && caller === 'publishable') return failure(publishableKeyRefused());
    if (!match) {
      return failure(
        invalidRequest(
          `Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
          { status: 404 },
        ),
      );
    }
    try {
      authorize(caller, match.route.auth);
    } catch (error) {
      if (error instanceof StripeApiError) return failure(error);
      throw error;
    }
    return match;
  }

  /** Counts an API request and applies an injected fault: a failed outcome, or how long to hold the answer. */
  private takeFault(method: string, pathname: string, match: RouteMatch): Outcome | { delayMs: number } {
    this.requests.record({ method, path: pathname, auth: match.route.auth });
    const fault = this.faults.take(method, pathname);
    if (fault?.kind === 'server_error') {
      return failure(
        apiError(
          "Sorry, something went wrong. We've already been notified of the problem (injected by the local Stripe's fault controls).",
        ),
      );
    }
    if (fault?.kind === 'rate_limit') {
      return failure(
        invalidRequest(
          'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
          { status: 429, code: 'rate_limit', replayable: false },
        ),
      );
    }
    if (fault?.kind === 'lock_timeout') {
      return failure(
        invalidRequest(
          'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.',
          { status: 429, code: 'lock_timeout', replayable: false },
        ),
      );
    }
    if (fault?.kind !== 'timeout') return { delayMs: 0 };
    // By default the request still runs and only its answer is held back: the caller cannot
    // know whether the change happened, exactly the case it must reconcile.
    if (fault.execute) return { delayMs: fault.delayMs };
    return {
      ...failure(apiError('The request timed out before reaching the API (injected by the local Stripe).')),
      delayMs: fault.delayMs,
    };
  }

  /** The answer to a repeated idempotency key (a replay, or a refusal), or undefined for a new one. */
  private replayOrRefuse(
    idempotency: { scopedKey: string; fingerprint: string },
    echo: Record<string, string>,
    delayMs: number,
  ): Outcome | undefined {
    const idempotencyKey = echo['idempotency-key'] ?? '';
    const replay = this.findIdempotencyRecord(idempotency.scopedKey);
    if (replay && replay.fingerprint !== idempotency.fingerprint) {
      const error = new StripeApiError(
        400,
        {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        },
        { replayable: false },
      );
      return { ...failure(error, echo), delayMs };
    }
    if (replay) {
      return {
        status: replay.status,
        body: JSON.parse(replay.body) as JsonObject,
        headers: { ...replay.headers, ...echo, 'idempotent-replayed': 'true' },
        delayMs,
      };
    }
    if (!this.idempotencyInFlight.has(idempotency.scopedKey)) return undefined;
    return failure(
      invalidRequest(
        `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${idempotencyKey}. Please try again later.`,
        { status: 409, code: 'idempotency_key_in_use', replayable: false },
      ),
      echo,
    );
  }

  /** Writes the state before the answer goes out; the failure outcome when it could not. */
  private async save(echo: Record<string, string>): Promise<Outcome | undefined> {
    if (this.persister.dirty) {
      try {
        await this.persister.flush();
      } catch (error) {
        console.error('[local-stripe] could not save state', error);
        return failure(apiError('The local Stripe could not save its state to disk.'), echo);
      }
    }
    this.drainDurableEvents();
    return undefined;
  }

  /**
   * Runs `fn` in a tracked scope and hands what it changed to the persister (`execute` rolls back
   * inside it when a request fails). A throw rolls the scope back too.
   */
  private tracked<T>(fn: () => T): T {
    this.tracker.begin();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.tracker.rollback();
      throw error;
    }
    this.persister.record(this.tracker.commit());
    // A collection replaced as a whole bypassed the tracking: write everything once.
    if (this.tracker.collectionsReplaced()) this.persister.markFull();
    return result;
  }

  /**
   * Runs a route as a transaction, inside the request's tracked scope: the handler against the
   * state; a failure restores what it touched as it was unless the failure is itself a recorded
   * change (a declined card).
   */
  private execute(
    handler: (context: RouteContext) => JsonObject,
    context: RouteContext,
    query: string,
    body: string,
  ): { status: number; body: JsonObject; replayable: boolean } {
    try {
      const params = mergeParams(query, body);
      return { status: 200, body: handler({ ...context, params }), replayable: true };
    } catch (error) {
      const apiFailure = error instanceof StripeApiError ? error : undefined;
      if (!apiFailure?.keepChanges) {
        // Restores every entry the handler touched; a new scope continues for what follows.
        this.tracker.rollback();
        this.tracker.begin();
      }
      if (!apiFailure) throw error;
      return {
        status: apiFailure.status,
        body: errorResponseBody(apiFailure),
        replayable: apiFailure.replayable,
      };
    }
  }

  private findIdempotencyRecord(key: string): IdempotencyRecord | undefined {
    const cutoff = this.engine.now() - IDEMPOTENCY_TTL_SECONDS;
    return this.state.idempotency.find((record) => record.key === key && record.created >= cutoff);
  }

  private saveIdempotencyRecord(record: IdempotencyRecord): void {
    const cutoff = this.engine.now() - IDEMPOTENCY_TTL_SECONDS;
    const kept = this.state.idempotency.filter(
      (existing) => existing.created >= cutoff && existing.key !== record.key,
    );
    kept.push(record);
    this.state.idempotency = kept.slice(-IDEMPOTENCY_MAX_RECORDS);
    this.engine.markDirty();
  }
}

export const GLOBAL_KEY = Symbol.for('embedded-checkout.local-stripe');

export function createLocalStripe(options: LocalStripeOptions): LocalStripe {
  return new LocalStripeInstance(options);
}
