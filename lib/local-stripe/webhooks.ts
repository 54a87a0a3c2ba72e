import { createHmac } from 'node:crypto';
import { CancellableSleeps } from './cancellable-sleeps';

/** `t=...,v1=HMAC-SHA256(secret, "t.payload")`: the header stripe.webhooks.constructEvent verifies. */
export function signPayload(payload: string, secret: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestampSeconds}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

export interface DeliveryTarget {
  /** The event as JSON, rendered at delivery time. */
  payload(eventId: string): string | undefined;
  settled(eventId: string, delivered: boolean, attempts: number): void;
}

export interface DelivererOptions {
  secret: string;
  fetch: typeof fetch;
  attempts: number;
  baseDelayMs: number;
  /** Per-attempt time limit; a webhook endpoint that hangs counts as a failed attempt. */
  attemptTimeoutMs?: number;
}

const USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';

/**
 * Delivers events by HTTP POST in the background, retrying non-2xx answers and network errors
 * with exponential backoff (base, 2x base, 4x base ...). Never blocks the API response.
 */
export class WebhookDeliverer {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly backoffs = new CancellableSleeps();
  private readonly controllers = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly options: DelivererOptions,
    private readonly target: DeliveryTarget,
  ) {}

  isDelivering(eventId: string): boolean {
    return this.inFlight.has(eventId);
  }

  enqueue(eventId: string, url: string): void {
    if (this.closed || this.inFlight.has(eventId)) return;
    const delivery = this.deliver(eventId, url).finally(() => {
      this.inFlight.delete(eventId);
    });
    this.inFlight.set(eventId, delivery);
  }

  /** Resolves when every delivery under way (including its retries) has settled. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.controllers) controller.abort();
    this.backoffs.wakeAll();
    await this.flush();
  }

  private async attempt(url: string, payload: string): Promise<boolean> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.options.attemptTimeoutMs ?? 10_000);
    try {
      // Wall-clock time, not the local Stripe's (possibly simulated) clock: receivers check the
      // timestamp against their own clock with a 5-minute tolerance.
      const signature = signPayload(payload, this.options.secret, Math.floor(Date.now() / 1000));
      const response = await this.options.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': USER_AGENT,
          accept: '*/*; q=0.5, application/xml',
        },
        body: payload,
        signal: controller.signal,
      });
      // Drain the body so the connection can be reused.
      await response.text().catch(() => '');
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
  }

  private async deliver(eventId: string, url: string): Promise<void> {
    let attempts = 0;
    while (!this.closed && attempts < this.options.attempts) {
      const payload = this.target.payload(eventId);
      if (payload === undefined) return;
      attempts += 1;
      if (await this.attempt(url, payload)) {
        this.target.settled(eventId, true, attempts);
        return;
      }
      if (attempts < this.options.attempts)
        await this.backoffs.sleep(this.options.baseDelayMs * 2 ** (attempts - 1));
    }
    // Closing mid-way leaves the event pending, so a restarted instance delivers it.
    if (!this.closed) this.target.settled(eventId, false, attempts);
  }
}
