import type {
  StripeAddressElementChangeEvent,
  StripeCheckoutAddressElementOptions,
  StripeCheckoutContact,
} from '@stripe/stripe-js';
import {
  type AddressDetails,
  type AddressMode,
  addressFromContact,
  emptyAddress,
  toAddressChangeEvent,
} from '../address-details';
import { createNode, createTextField, uniqueId } from './dom';
import { LocalElement } from './local-element';

export interface AddressElementContext {
  allowedCountries: string[];
  /** The contact already on the session, used to prefill like real Stripe.js does. */
  contact: StripeCheckoutContact | null;
}

/** The checkout options plus the classic Address Element ones that `update()` may pass. */
export interface AddressElementOptions extends StripeCheckoutAddressElementOptions {
  allowedCountries?: string[] | null;
  defaultValues?: {
    name?: string | null;
    address?: {
      line1?: string | null;
      line2?: string | null;
      city?: string | null;
      state?: string | null;
      postal_code?: string | null;
      country: string;
    };
  };
}

type TextKey = Exclude<keyof AddressDetails, 'country'>;

const TEXT_FIELDS: Array<{ key: TextKey; label: string; autocomplete: string; optional?: boolean }> = [
  { key: 'name', label: 'Full name', autocomplete: 'name' },
  { key: 'line1', label: 'Address line 1', autocomplete: 'address-line1' },
  { key: 'line2', label: 'Address line 2', autocomplete: 'address-line2', optional: true },
  { key: 'city', label: 'City', autocomplete: 'address-level2' },
  { key: 'state', label: 'State / Prefecture', autocomplete: 'address-level1', optional: true },
  { key: 'postal_code', label: 'Postal code', autocomplete: 'postal-code' },
];

const FALLBACK_COUNTRIES = ['US'];

/**
 * The local Address Element (shipping or billing). It only collects and reports through `change`;
 * whether the address goes to the session from the browser is the SDK's decision (never when
 * `update_shipping_details` is `server_only`: then the app sends it to its own server route).
 * The page provides the surrounding "Shipping address" group, as it must around the real iframe.
 */
export class LocalAddressElement extends LocalElement {
  private details: AddressDetails | null = null;
  private countrySelect: HTMLSelectElement | null = null;
  private allowedCountries: string[] = FALLBACK_COUNTRIES;

  constructor(
    private readonly mode: AddressMode,
    private options: AddressElementOptions,
    onDestroy: () => void,
    private readonly loadContext: () => Promise<AddressElementContext>,
    private readonly onValue: (event: StripeAddressElementChangeEvent) => void,
  ) {
    super('address', onDestroy);
  }

  update(options: Partial<AddressElementOptions>): this {
    this.options = { ...this.options, ...options };
    if (options.allowedCountries && this.countrySelect) {
      this.allowedCountries = options.allowedCountries;
      this.fillCountries(this.countrySelect);
    }
    return this;
  }

  clear(): void {
    this.details = emptyAddress(this.allowedCountries[0] ?? '');
    if (this.container) void this.render(this.container);
    this.emitChange();
  }

  async getValue(): Promise<Pick<StripeAddressElementChangeEvent, 'complete' | 'isNewAddress' | 'value'>> {
    const { complete, isNewAddress, value } = toAddressChangeEvent(this.current(), this.mode);
    return { complete, isNewAddress, value };
  }

  /** The latest change event, for confirm/validateElements. */
  snapshot(): StripeAddressElementChangeEvent {
    return toAddressChangeEvent(this.current(), this.mode);
  }

  protected async render(container: HTMLElement): Promise<boolean> {
    const context = await this.loadContext();
    if (!this.isCurrent(container)) return false;
    this.allowedCountries = this.options.allowedCountries?.length
      ? this.options.allowedCountries
      : context.allowedCountries.length
        ? context.allowedCountries
        : FALLBACK_COUNTRIES;
    const firstCountry = this.allowedCountries[0] ?? '';
    this.details ??= this.options.defaultValues
      ? addressFromContact(
          {
            name: this.options.defaultValues.name,
            address: this.options.defaultValues.address ?? { country: '' },
          },
          firstCountry,
        )
      : addressFromContact(context.contact, firstCountry);
    const details = this.details;
    const section = this.mode === 'shipping' ? 'shipping' : 'billing';

    container.replaceChildren();
    for (const field of TEXT_FIELDS) {
      const text = createTextField({
        label: field.label,
        hint: field.optional ? 'Optional' : undefined,
        autocomplete: `${section} ${field.autocomplete}`,
        value: details[field.key],
      });
      text.input.addEventListener('input', () => {
        this.details = { ...this.current(), [field.key]: text.input.value };
        this.emitChange();
      });
      text.input.addEventListener('focus', () => this.events.emit('focus', { elementType: 'address' }));
      text.input.addEventListener('blur', () => this.events.emit('blur', { elementType: 'address' }));
      container.append(text.wrapper);
    }

    const selectId = uniqueId('country');
    const select = createNode('select', { id: selectId, autocomplete: `${section} country` });
    this.countrySelect = select;
    this.fillCountries(select);
    select.addEventListener('change', () => {
      this.details = { ...this.current(), country: select.value };
      this.emitChange();
    });
    container.append(
      createNode('div', { class: 'local-stripe-field' }, [
        createNode('label', { for: selectId }, ['Country']),
        select,
      ]),
    );
    return true;
  }

  private fillCountries(select: HTMLSelectElement): void {
    const names =
      typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;
    const current = this.current();
    // Keep a prefilled country that the session no longer allows visible rather than silently change it.
    const codes =
      this.allowedCountries.includes(current.country) || !current.country
        ? this.allowedCountries
        : [current.country, ...this.allowedCountries];
    select.replaceChildren(
      ...codes.map((code) => createNode('option', { value: code }, [names?.of(code) ?? code])),
    );
    select.value = current.country || (codes[0] ?? '');
    if (!current.country && codes[0]) this.details = { ...current, country: codes[0] };
  }

  private current(): AddressDetails {
    return this.details ?? emptyAddress(this.allowedCountries[0] ?? '');
  }

  private emitChange(): void {
    const event = toAddressChangeEvent(this.current(), this.mode);
    this.events.emit('change', event);
    this.onValue(event);
  }
}
