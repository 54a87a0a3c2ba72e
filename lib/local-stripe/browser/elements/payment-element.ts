import type { StripePaymentElementChangeEvent } from '@stripe/stripe-js';
import {
  EMPTY_PAYMENT_DETAILS,
  type PaymentDetails,
  type PaymentMethodChoice,
  type PaymentMethodDataResult,
  summarisePaymentDetails,
  toPaymentMethodData,
} from '../payment-details';
import { createNode, createTextField, type TextField, uniqueId } from './dom';
import { LocalElement } from './local-element';
import { type PaymentTexts, paymentTextsFor } from './payment-texts';

type CardField = 'number' | 'expiry' | 'cvc';

const METHODS: readonly PaymentMethodChoice[] = ['card', 'konbini'];

/**
 * The local Payment Element: a "Payment method" radio group (card, or konbini as the delayed test
 * method) and exactly three card textboxes - "Card number", "Expiration date", "Security code" -
 * with Stripe.js's validation messages. No billing country or postal code, per the UI contract.
 */
export class LocalPaymentElement extends LocalElement {
  private details: PaymentDetails = structuredClone(EMPTY_PAYMENT_DETAILS);
  private readonly revealedErrors = new Set<CardField>();
  private fields: Record<CardField, TextField> | null = null;
  private readOnly: boolean;
  private renderedFree = false;

  constructor(
    options: { readOnly?: boolean } | undefined,
    onDestroy: () => void,
    private readonly now: () => Date,
    /** The methods the session offers (its payment_method_types); card is always one of them. */
    private readonly availableMethods: () => readonly string[] = () => ['card', 'konbini'],
    /** Stripe.js's locale: the fields' labels and messages follow it (English by default). */
    private readonly texts: PaymentTexts = paymentTextsFor('en'),
    /** The session's amount due (null before it loads): at zero no payment details are collected. */
    private readonly amountDue: () => number | null = () => null,
  ) {
    super('payment', onDestroy);
    this.readOnly = options?.readOnly ?? false;
  }

  update(options: { readOnly?: boolean }): this {
    if (options.readOnly !== undefined) {
      this.readOnly = options.readOnly;
      this.applyReadOnly();
    }
    return this;
  }

  collapse(): this {
    return this;
  }

  clear(): void {
    this.details = structuredClone(EMPTY_PAYMENT_DETAILS);
    this.revealedErrors.clear();
    if (this.container) void this.render(this.container);
    this.emitChange();
  }

  /**
   * A free order (amount due 0) collects no payment method, as Stripe Checkout does for no-cost
   * orders (https://docs.stripe.com/payments/checkout/no-cost-orders): no card fields at all.
   */
  get noPaymentNeeded(): boolean {
    return this.amountDue() === 0;
  }

  /** What canConfirm reads: nothing to collect, or everything collected and valid. */
  get complete(): boolean {
    return this.noPaymentNeeded || summarisePaymentDetails(this.details, this.now()).complete;
  }

  /** The session changed: show or hide the card fields when the order became free or stopped being free. */
  sessionChanged(): void {
    if (this.container && this.renderedFree !== this.noPaymentNeeded) void this.render(this.container);
  }

  /** Called by confirm/validateElements: reveal every field's error, as Stripe.js does on submit. */
  collectPaymentMethodData(): PaymentMethodDataResult {
    for (const field of ['number', 'expiry', 'cvc'] as const) this.revealedErrors.add(field);
    this.showErrors();
    return toPaymentMethodData(this.details, this.now());
  }

  get selectedMethod(): PaymentMethodChoice {
    return this.details.method;
  }

  protected async render(container: HTMLElement): Promise<boolean> {
    container.replaceChildren();
    this.renderedFree = this.noPaymentNeeded;
    if (this.renderedFree) {
      this.fields = null;
      container.append(createNode('p', { class: 'local-stripe-note' }, [this.texts.noPaymentNeeded]));
      return true;
    }
    const fields: Record<CardField, TextField> = {
      number: createTextField({
        label: this.texts.cardNumber,
        autocomplete: 'cc-number',
        inputMode: 'numeric',
        placeholder: '1234 1234 1234 1234',
        value: this.details.card.number,
      }),
      expiry: createTextField({
        label: this.texts.expiry,
        hint: this.texts.expiryHint,
        autocomplete: 'cc-exp',
        inputMode: 'numeric',
        placeholder: this.texts.expiryHint,
        value: this.details.card.expiry,
      }),
      cvc: createTextField({
        label: this.texts.cvc,
        autocomplete: 'cc-csc',
        inputMode: 'numeric',
        placeholder: 'CVC',
        value: this.details.card.cvc,
      }),
    };
    this.fields = fields;

    const radioName = uniqueId('payment-method');
    const methodGroup = createNode('fieldset', { class: 'local-stripe-methods' }, [
      createNode('legend', {}, [this.texts.paymentMethod]),
      ...METHODS.filter((method) => method === 'card' || this.availableMethods().includes(method)).map(
        (method) => {
          const radio = createNode('input', { type: 'radio', name: radioName, value: method });
          radio.checked = this.details.method === method;
          radio.addEventListener('change', () => {
            if (!radio.checked) return;
            this.details = { ...this.details, method };
            cardFields.hidden = method !== 'card';
            konbiniNote.hidden = method !== 'konbini';
            this.emitChange();
          });
          return createNode('label', {}, [radio, ` ${this.texts[method]}`]);
        },
      ),
    ]);
    const cardFields = createNode('div', { class: 'local-stripe-card' }, [
      fields.number.wrapper,
      fields.expiry.wrapper,
      fields.cvc.wrapper,
    ]);
    cardFields.hidden = this.details.method !== 'card';
    const konbiniNote = createNode('p', { class: 'local-stripe-note' }, [this.texts.konbiniNote]);
    konbiniNote.hidden = this.details.method !== 'konbini';

    for (const name of ['number', 'expiry', 'cvc'] as const) this.listenToCardField(name, fields[name].input);

    container.append(methodGroup, cardFields, konbiniNote);
    this.applyReadOnly();
    this.showErrors();
    return true;
  }

  private listenToCardField(name: CardField, input: HTMLInputElement): void {
    input.addEventListener('input', () => {
      this.details = { ...this.details, card: { ...this.details.card, [name]: input.value } };
      // An outright invalid value (a failed Luhn check, a past date) shows at once, as in Stripe.js;
      // "incomplete" waits for the shopper to leave the field.
      const error = summarisePaymentDetails(this.details, this.now()).validation.errors[name];
      if (error && !error.code.startsWith('incomplete')) this.revealedErrors.add(name);
      this.showErrors();
      this.emitChange();
    });
    input.addEventListener('blur', () => {
      if (input.value.trim() !== '') this.revealedErrors.add(name);
      this.showErrors();
      this.events.emit('blur', { elementType: 'payment' });
    });
    input.addEventListener('focus', () => this.events.emit('focus', { elementType: 'payment' }));
  }

  private showErrors(): void {
    if (!this.fields) return;
    const { errors } = summarisePaymentDetails(this.details, this.now()).validation;
    for (const name of ['number', 'expiry', 'cvc'] as const) {
      const error = this.revealedErrors.has(name) ? errors[name] : null;
      this.fields[name].setError(error ? (this.texts.errors[error.code] ?? error.message) : null);
    }
  }

  private applyReadOnly(): void {
    for (const control of this.container?.querySelectorAll('input') ?? []) control.disabled = this.readOnly;
  }

  private emitChange(): void {
    const { empty, complete } = summarisePaymentDetails(this.details, this.now());
    const event: StripePaymentElementChangeEvent = {
      elementType: 'payment',
      empty,
      complete,
      collapsed: false,
      value: { type: this.details.method },
    };
    this.events.emit('change', event);
  }
}
