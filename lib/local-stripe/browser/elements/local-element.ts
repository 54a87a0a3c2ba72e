import { EventEmitter, type EventHandler } from '../event-emitter';

/**
 * Shared lifecycle of the local Elements: `mount` into a page node (no iframe), `unmount`,
 * `destroy`, and Stripe's `on`/`once`/`off` events. Subclasses render plain DOM once the session
 * is known (elements may be mounted before `loadActions()` resolves, as with real Stripe.js).
 */
export abstract class LocalElement {
  protected readonly events = new EventEmitter();
  protected container: HTMLElement | null = null;
  private destroyed = false;

  constructor(
    protected readonly elementType: string,
    private readonly onDestroy: () => void,
  ) {}

  on(eventType: string, handler: EventHandler): this {
    this.events.on(eventType, handler);
    return this;
  }

  once(eventType: string, handler: EventHandler): this {
    this.events.once(eventType, handler);
    return this;
  }

  off(eventType: string, handler?: EventHandler): this {
    this.events.off(eventType, handler);
    return this;
  }

  mount(target: string | HTMLElement): void {
    if (this.destroyed) throw new Error('This Element has already been destroyed. Please create a new one.');
    const host = typeof target === 'string' ? document.querySelector(target) : target;
    if (!host) throw new Error(`The selector you specified (${String(target)}) applies to no DOM elements.`);
    if (this.container) this.unmount();
    const container = document.createElement('div');
    container.className = `local-stripe-element local-stripe-${this.elementType}`;
    host.append(container);
    this.container = container;
    this.events.emit('loaderstart', { elementType: this.elementType });
    this.render(container).then(
      (rendered) => {
        if (!rendered || this.container !== container) return;
        // Real Elements become ready asynchronously; React attaches `onReady` in an effect after
        // mount, so emitting on a later task keeps that listener from missing the event.
        setTimeout(() => {
          if (this.container === container) this.events.emit('ready', { elementType: this.elementType });
        }, 0);
      },
      (error: unknown) => {
        this.events.emit('loaderror', {
          elementType: this.elementType,
          error: { type: 'api_error', message: error instanceof Error ? error.message : String(error) },
        });
      },
    );
  }

  unmount(): void {
    this.container?.remove();
    this.container = null;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.unmount();
    this.destroyed = true;
    this.onDestroy();
  }

  focus(): void {
    this.container?.querySelector<HTMLElement>('input, select')?.focus();
  }

  blur(): void {
    const active = document.activeElement;
    if (active instanceof HTMLElement && this.container?.contains(active)) active.blur();
  }

  clear(): void {}

  /** Whether this element is on the page now; the mount can be superseded while rendering. */
  protected isCurrent(container: HTMLElement): boolean {
    return this.container === container && !this.destroyed;
  }

  /** Renders into `container`; resolves false when the mount was superseded or nothing rendered. */
  protected abstract render(container: HTMLElement): Promise<boolean>;
}

/**
 * The elements the app never uses (express checkout, currency selector, tax id, ...): they mount an
 * empty container and report `ready`, which is what real Stripe.js shows when none of their
 * payment methods or features is available.
 */
export class InertElement extends LocalElement {
  update(_options?: unknown): this {
    return this;
  }

  collapse(): this {
    return this;
  }

  getValue(): Promise<never> {
    return Promise.reject(new Error(`The local Stripe's ${this.elementType} element collects no value.`));
  }

  protected async render(): Promise<boolean> {
    return true;
  }
}
