/**
 * Test doubles for the stand-in's unit tests: a fake local Stripe reached through a fake `fetch`,
 * and a minimal fake DOM (no jsdom in this project) just rich enough for the local Elements.
 * Never imported by the stand-in itself, so it is not bundled.
 */

export const CLIENT_SECRET = 'cs_test_local123_secret_abc';
export const SESSION_ID = 'cs_test_local123';

export interface SessionJson {
  [key: string]: unknown;
}

export function makeApiSession(overrides: SessionJson = {}): SessionJson {
  return {
    id: SESSION_ID,
    object: 'checkout.session',
    status: 'open',
    payment_status: 'unpaid',
    currency: 'usd',
    // What the local Stripe offers a JPY session; the fake keeps it for every currency so the
    // element tests can choose konbini.
    payment_method_types: ['card', 'konbini'],
    amount_subtotal: 16800,
    amount_total: 15800,
    customer_email: null,
    customer_details: null,
    collected_information: { shipping_details: null },
    line_items: {
      object: 'list',
      data: [
        {
          id: 'li_kit',
          description: 'Pour-over coffee kit',
          quantity: 1,
          currency: 'usd',
          amount_subtotal: 4800,
          amount_discount: 286,
          amount_total: 4514,
          price: { id: 'price_kit', unit_amount: 4800, currency: 'usd', product: 'prod_kit' },
        },
        {
          id: 'li_grinder',
          description: 'Burr grinder',
          quantity: 1,
          currency: 'usd',
          amount_subtotal: 12000,
          amount_discount: 714,
          amount_total: 11286,
          price: { id: 'price_grinder', unit_amount: 12000, currency: 'usd', product: 'prod_grinder' },
        },
      ],
    },
    total_details: {
      amount_discount: 1000,
      amount_shipping: 0,
      amount_tax: 0,
      breakdown: {
        discounts: [{ amount: 1000, discount: { coupon: { id: 'co_1', name: 'Spend $100, save $10' } } }],
        taxes: [],
      },
    },
    permissions: {
      update_discounts: 'server_only',
      update_line_items: 'server_only',
      update_shipping_details: 'server_only',
    },
    shipping_address_collection: { allowed_countries: ['US', 'JP', 'GB'] },
    return_url: 'http://localhost:3000/checkout/return?session_id={CHECKOUT_SESSION_ID}',
    expires_at: 1_900_000_000,
    ...overrides,
  };
}

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: URLSearchParams;
  authorization: string | null;
}

export interface FakeResponse {
  status: number;
  body: unknown;
}

const stripeError = (status: number, error: Record<string, string>): FakeResponse => ({
  status,
  body: { error },
});

const DECLINES: Record<string, FakeResponse> = {
  '4000000000000002': stripeError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  }),
  '4000000000009995': stripeError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  }),
  '4000000000000069': stripeError(402, {
    type: 'card_error',
    code: 'expired_card',
    message: 'Your card has expired.',
  }),
};

/**
 * A fake of the local Stripe's browser endpoints. `session` is the server's state; `override`
 * lets a test answer a request its own way (return undefined to fall through to the default).
 */
export function createFakeLocalStripe(initialSession: SessionJson = makeApiSession()) {
  const server = {
    session: initialSession,
    calls: [] as RecordedCall[],
    override: undefined as ((call: RecordedCall) => FakeResponse | undefined) | undefined,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const headers = new Headers(init?.headers);
      const call: RecordedCall = {
        method: init?.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: new URLSearchParams(typeof init?.body === 'string' ? init.body : ''),
        authorization: headers.get('Authorization'),
      };
      server.calls.push(call);
      const answer = server.override?.(call) ?? defaultAnswer(call);
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof fetch,
    callsTo: (suffix: string) => server.calls.filter((call) => call.path.endsWith(suffix)),
  };

  const defaultAnswer = (call: RecordedCall): FakeResponse => {
    if (call.path.endsWith('/client') && call.method === 'GET') return { status: 200, body: server.session };
    if (call.path.endsWith('/client_update')) {
      const email = call.body.get('email');
      if (email) {
        server.session = { ...server.session, customer_email: email };
      }
      return { status: 200, body: server.session };
    }
    if (call.path.endsWith('/confirm')) {
      if (server.session.status !== 'open') {
        return stripeError(400, {
          type: 'invalid_request_error',
          message: 'This Checkout Session is no longer open.',
        });
      }
      const type = call.body.get('payment_method_data[type]');
      const number = call.body.get('payment_method_data[card][number]') ?? '';
      const decline = DECLINES[number];
      if (type === 'card' && decline) return decline;
      if (server.session.amount_total === 0) {
        // As the local Stripe: a free order completes without payment details or a payment.
        server.session = { ...server.session, status: 'complete', payment_status: 'no_payment_required' };
        return { status: 200, body: { session: server.session, payment_intent: null } };
      }
      if (type === undefined) {
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'parameter_missing',
          param: 'payment_method_data',
          message: 'Missing required param: payment_method_data.',
        });
      }
      server.session = {
        ...server.session,
        status: 'complete',
        payment_status: type === 'konbini' ? 'unpaid' : 'paid',
        payment_intent: 'pi_local_1',
      };
      return { status: 200, body: { session: server.session, payment_intent: { id: 'pi_local_1' } } };
    }
    return stripeError(404, { type: 'invalid_request_error', message: `No route ${call.path}` });
  };

  return server;
}

type Listener = (event: { type: string; target: FakeElement }) => void;
type FakeChild = FakeElement | FakeText;

class FakeText {
  parent: FakeElement | null = null;
  constructor(public data: string) {}
  get textContent(): string {
    return this.data;
  }
  remove(): void {
    if (this.parent) this.parent.children = this.parent.children.filter((child) => child !== this);
    this.parent = null;
  }
}

/** A minimal DOM element: attributes, children, listeners, form-control properties. */
export class FakeElement {
  parent: FakeElement | null = null;
  children: FakeChild[] = [];
  value = '';
  checked = false;
  hidden = false;
  disabled = false;
  private readonly attributes = new Map<string, string>();
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    readonly tagName: string,
    private readonly ownerDocument: FakeDocument,
  ) {}

  get id(): string {
    return this.attributes.get('id') ?? '';
  }
  set className(value: string) {
    this.attributes.set('class', value);
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  append(...nodes: Array<FakeChild | string>): void {
    for (const node of nodes) {
      const child = typeof node === 'string' ? new FakeText(node) : node;
      child.remove();
      child.parent = this;
      this.children.push(child);
    }
  }
  replaceChildren(...nodes: Array<FakeChild | string>): void {
    for (const child of this.children) child.parent = null;
    this.children = [];
    this.append(...nodes);
  }
  remove(): void {
    if (this.parent) this.parent.children = this.parent.children.filter((child) => child !== this);
    this.parent = null;
  }
  get textContent(): string {
    return this.children.map((child) => child.textContent).join('');
  }
  set textContent(value: string) {
    this.replaceChildren(...(value ? [value] : []));
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  dispatch(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, target: this });
  }
  descendants(): FakeElement[] {
    return this.children.flatMap((child) =>
      child instanceof FakeElement ? [child, ...child.descendants()] : [],
    );
  }
  querySelectorAll(selector: string): FakeElement[] {
    const tags = selector.split(',').map((tag) => tag.trim().toUpperCase());
    return this.descendants().filter((element) => tags.includes(element.tagName));
  }
  querySelector(selector: string): FakeElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }
  contains(node: FakeElement): boolean {
    return node === this || this.descendants().includes(node);
  }
  focus(): void {
    this.ownerDocument.activeElement = this;
    this.dispatch('focus');
  }
  blur(): void {
    if (this.ownerDocument.activeElement === this) this.ownerDocument.activeElement = null;
    this.dispatch('blur');
  }
}

export class FakeDocument {
  activeElement: FakeElement | null = null;
  createElement(tag: string): FakeElement {
    return new FakeElement(tag.toUpperCase(), this);
  }
  querySelector(): null {
    return null;
  }
}

/** The control a `<label>` with exactly this text points at, like getByLabel(text, {exact: true}). */
export function controlByLabel(root: FakeElement, label: string): FakeElement {
  const labelElement = root
    .querySelectorAll('label')
    .find((candidate) => candidate.textContent.trim() === label);
  if (!labelElement) throw new Error(`No label "${label}"`);
  const target = labelElement.getAttribute('for');
  const control = target
    ? root.descendants().find((element) => element.id === target)
    : labelElement.querySelector('input');
  if (!control) throw new Error(`Label "${label}" labels nothing`);
  return control;
}

export function typeInto(root: FakeElement, label: string, value: string): void {
  const control = controlByLabel(root, label);
  control.value = value;
  control.dispatch('input');
}

export function leaveField(root: FakeElement, label: string): void {
  controlByLabel(root, label).dispatch('blur');
}

/** The inline error shown for a field (the last id in its aria-describedby). */
export function fieldError(root: FakeElement, label: string): string {
  const ids = controlByLabel(root, label).getAttribute('aria-describedby')?.split(' ') ?? [];
  const errorId = ids[ids.length - 1];
  return root.descendants().find((element) => element.id === errorId)?.textContent ?? '';
}
