import { newId } from './ids';
import type { JsonObject } from './json';
import { Renderer } from './render';
import { getOwn, nextSeq, type State, type StoredEvent, type StoredSession } from './state';

export interface RequestInfo {
  id: string | null;
  idempotencyKey: string | null;
}

export interface EngineHooks {
  /** State changed: it must be written before the change is acknowledged. */
  markDirty(): void;
  /** An event was recorded and should be delivered once the state is written. */
  eventCreated(eventId: string): void;
}

const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/**
 * State transitions shared by the API and browser endpoints: clocks, events, expiry. All
 * mutations are synchronous, so one request's change is never interleaved with another's.
 */
export class Engine {
  readonly render: Renderer;

  constructor(
    readonly state: State,
    private readonly nowMs: () => number,
    private readonly hooks: EngineHooks,
  ) {
    this.render = new Renderer(state, () => this.now());
  }

  /** Unix seconds on the local Stripe's clock. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** A session's own clock, which the `advance_clock` test helper moves forward. */
  sessionNow(session: StoredSession): number {
    return this.now() + session.clock_offset;
  }

  seq(): number {
    return nextSeq(this.state);
  }

  markDirty(): void {
    this.hooks.markDirty();
  }

  emit(type: string, object: JsonObject, apiVersion: string, request: RequestInfo): StoredEvent {
    const event: StoredEvent = {
      id: newId.event(),
      seq: this.seq(),
      created: this.now(),
      type,
      api_version: apiVersion,
      object,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      delivery: 'pending',
      attempts: 0,
    };
    this.state.events[event.id] = event;
    this.eventsDueAt = Math.min(this.eventsDueAt, event.created + EVENT_RETENTION_SECONDS);
    this.markDirty();
    this.hooks.eventCreated(event.id);
    return event;
  }

  emitSessionEvent(type: string, session: StoredSession, request: RequestInfo): StoredEvent {
    return this.emit(type, this.render.session(session), session.api_version, request);
  }

  /** Expires an open session, cancelling its unfinished payment intent, and emits the event. */
  expire(session: StoredSession, request: RequestInfo): void {
    session.status = 'expired';
    if (session.payment_intent !== null) {
      const intent = getOwn(this.state.paymentIntents, session.payment_intent);
      if (intent && intent.status === 'requires_payment_method') {
        intent.status = 'canceled';
        intent.canceled_at = this.now();
        intent.cancellation_reason = 'abandoned';
      }
    }
    this.markDirty();
    this.emitSessionEvent('checkout.session.expired', session, request);
  }

  /** Lazy expiry: every access to a session first checks its clock. */
  expireIfDue(session: StoredSession, request: RequestInfo = { id: null, idempotencyKey: null }): void {
    if (session.status === 'open' && this.sessionNow(session) >= session.expires_at)
      this.expire(session, request);
  }

  /**
   * Lazy expiry and event retention, before each request outside its tracked scope (a request's
   * scope records every entry it reads, so it must not walk whole collections). A walk is made only
   * once something can be due: the walks note when the earliest open session expires and when the
   * oldest event kept leaves retention, so the sweep every request starts with does not grow with
   * the sessions and events a long-running server keeps.
   */
  sweep(): void {
    const now = this.now();
    if (now >= this.sessionsDueAt) this.expireDueSessions();
    if (now >= this.eventsDueAt) this.pruneEvents();
  }

  /** A session was created or its clock moved: the next sweep must not skip its expiry. */
  sessionClockChanged(session: StoredSession): void {
    this.sessionsDueAt = Math.min(this.sessionsDueAt, dueAt(session));
  }

  /** The local Stripe's clock at which some open session may expire (-Infinity: not known yet). */
  private sessionsDueAt = Number.NEGATIVE_INFINITY;
  /** The clock at which some event may leave retention. */
  private eventsDueAt = Number.NEGATIVE_INFINITY;

  private expireDueSessions(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const session of Object.values(this.state.sessions)) {
      this.expireIfDue(session);
      if (session.status === 'open') next = Math.min(next, dueAt(session));
    }
    this.sessionsDueAt = next;
  }

  private pruneEvents(): void {
    const cutoff = this.now() - EVENT_RETENTION_SECONDS;
    let oldestKept = Number.POSITIVE_INFINITY;
    for (const event of Object.values(this.state.events)) {
      if (event.created < cutoff && event.delivery !== 'pending') {
        delete this.state.events[event.id];
        this.markDirty();
      } else {
        oldestKept = Math.min(oldestKept, event.created);
      }
    }
    // A pending event is kept past its retention until delivered: look again in a minute.
    this.eventsDueAt = oldestKept < cutoff ? this.now() + 60 : oldestKept + EVENT_RETENTION_SECONDS;
  }
}

/** When a session expires, on the local Stripe's clock (its own clock runs `clock_offset` ahead). */
function dueAt(session: StoredSession): number {
  return session.expires_at - session.clock_offset;
}
