/**
 * The `on`/`once`/`off` surface of Stripe.js Elements. The public Stripe.js types pair each event
 * name with its payload type; handlers are stored as `(event: never) => unknown` so that every one
 * of those typed handlers is accepted, and each is only ever called with its event's payload.
 */
export type EventHandler = (event: never) => unknown;
type AnyPayloadHandler = (event: unknown) => unknown;

export class EventEmitter {
  private readonly handlers = new Map<string, Set<EventHandler>>();
  // `once` wraps the handler; remember the wrapper so `off(handler)` still removes it.
  private readonly onceWrappers = new Map<EventHandler, EventHandler>();

  on(eventType: string, handler: EventHandler): void {
    let set = this.handlers.get(eventType);
    if (!set) {
      set = new Set();
      this.handlers.set(eventType, set);
    }
    set.add(handler);
  }

  once(eventType: string, handler: EventHandler): void {
    const wrapper: EventHandler = (event) => {
      this.off(eventType, handler);
      return handler(event);
    };
    this.onceWrappers.set(handler, wrapper);
    this.on(eventType, wrapper);
  }

  off(eventType: string, handler?: EventHandler): void {
    const set = this.handlers.get(eventType);
    if (!set) return;
    if (!handler) {
      set.clear();
      return;
    }
    set.delete(handler);
    const wrapper = this.onceWrappers.get(handler);
    if (wrapper) {
      set.delete(wrapper);
      this.onceWrappers.delete(handler);
    }
  }

  emit(eventType: string, event: unknown): void {
    // Copy first: a handler may unsubscribe (or `once` may fire) during the loop.
    for (const handler of [...(this.handlers.get(eventType) ?? [])]) {
      try {
        (handler as AnyPayloadHandler)(event);
      } catch (error) {
        // One failing listener must not stop the others or the SDK's own bookkeeping.
        console.error(error);
      }
    }
  }
}
