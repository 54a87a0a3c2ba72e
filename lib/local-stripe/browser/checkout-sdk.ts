import type {
  StripeAddressElementChangeEvent,
  StripeCheckoutConfirmResult,
  StripeCheckoutContact,
  StripeCheckoutElementsSdk,
  StripeCheckoutElementsSdkOptions,
  StripeCheckoutLoadActionsSuccess,
  StripeCheckoutRunServerUpdateResult,
  StripeCheckoutSession,
  StripeCheckoutUpdateHandler,
  StripeCheckoutValidateElementsResult,
} from '@stripe/stripe-js';
import { type AddressMode, toCheckoutContact } from './address-details';
import {
  type ApiCheckoutSession,
  apiCheckoutSessionSchema,
  confirmResponseSchema,
  isServerOnly,
  type SessionPermission,
  sessionIdFromClientSecret,
} from './api-session';
import {
  type AddressElementContext,
  type AddressElementOptions,
  LocalAddressElement,
} from './elements/address-element';
import { InertElement } from './elements/local-element';
import { LocalPaymentElement } from './elements/payment-element';
import { paymentTextsFor } from './elements/payment-texts';
import type { FormParams } from './form-encoding';
import { LocalStripeApiError, type LocalStripeHttp } from './http-client';
import { type ClientSessionState, INITIAL_CLIENT_STATE, toCheckoutSession } from './session-mapping';
import { IntegrationError, noTotalReads, TOTAL_NOT_READ, totalWasRead, watchTotalReads } from './total-reads';

export interface CheckoutSdkDependencies {
  http: LocalStripeHttp;
  options: StripeCheckoutElementsSdkOptions;
  /** runServerUpdate's limit; Stripe.js enforces 20 s. */
  timeoutMs: number;
  navigate: (url: string) => void;
  now: () => Date;
  locale: string;
  /** The `betas` Stripe.js was loaded with. */
  betas: readonly string[];
}

/** The Stripe.js preview without which Stripe.js has no `runServerUpdate` (Stripe's discounts guide). */
export const SERVER_UPDATES_JS_BETA = 'custom_checkout_server_updates_1';

type BuyerError = { message: string; code: null };

const buyerError = (message: string): BuyerError => ({ message, code: null });

const PERMISSION_REFUSALS: Record<SessionPermission, string> = {
  update_discounts:
    "This Checkout Session's discounts can only be changed by the server (permissions.update_discounts is 'server_only').",
  update_line_items:
    "This Checkout Session's line items can only be changed by the server (permissions.update_line_items is 'server_only').",
  update_shipping_details:
    "This Checkout Session's shipping details can only be changed by the server (permissions.update_shipping_details is 'server_only').",
};

// Debounce for syncing a client-owned shipping address while the shopper is still typing.
const ADDRESS_SYNC_DELAY_MS = 400;

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'An unexpected error occurred.';
}

/**
 * The stand-in for `stripe.initCheckoutElementsSdk()`: the session as Stripe.js presents it, its
 * actions, and the local Elements, all backed by the local Stripe over HTTP.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: Stripe.js's Checkout SDK is one object whose actions share the session state and change handlers in this closure; splitting it would pass that state around instead.
export function createCheckoutElementsSdk(deps: CheckoutSdkDependencies): StripeCheckoutElementsSdk {
  const { http } = deps;
  const changeHandlers = new Set<StripeCheckoutUpdateHandler>();
  let announcedCanConfirm: boolean | null = null;
  const announce = (session: StripeCheckoutSession): void => {
    announcedCanConfirm = session.canConfirm;
    for (const handler of [...changeHandlers]) {
      try {
        handler(session);
      } catch (error) {
        // One failing listener must not keep the others (or this SDK's bookkeeping) from running.
        console.error(error);
      }
    }
  };

  let sessionId = '';
  let clientSecret = '';
  let apiSession: ApiCheckoutSession | null = null;
  let clientState: ClientSessionState = { ...INITIAL_CLIENT_STATE };
  let pendingServerUpdates = 0;
  let confirming = false;
  const inFlight = new Set<Promise<unknown>>();
  // Responses can arrive out of order; a session fetched by an older request never overwrites a newer one.
  let requestSequence = 0;
  let appliedSequence = 0;
  let loadPromise: Promise<ApiCheckoutSession> | null = null;
  const totalReads = noTotalReads();

  let paymentElement: LocalPaymentElement | null = null;
  const addressByMode: Record<AddressMode, LocalAddressElement | null> = { shipping: null, billing: null };
  const inertElements = new Map<string, InertElement>();
  let addressSyncTimer: ReturnType<typeof setTimeout> | undefined;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  };

  const sessionPath = (suffix = '') => `/v1/checkout/sessions/${encodeURIComponent(sessionId)}${suffix}`;

  const parseSession = (raw: unknown): ApiCheckoutSession => {
    const parsed = apiCheckoutSessionSchema.safeParse(raw);
    if (!parsed.success) {
      // Local mode is a developer tool: say exactly which field of the server's answer is off.
      console.error('Unreadable Checkout Session from the local Stripe', parsed.error.issues);
      throw new LocalStripeApiError({
        status: 0,
        type: 'api_error',
        message: 'The local Stripe answered with a Checkout Session this SDK cannot read.',
      });
    }
    return parsed.data;
  };

  const applySession = (session: ApiCheckoutSession, sequence: number): void => {
    if (sequence < appliedSequence) return;
    appliedSequence = sequence;
    apiSession = session;
    // The order may have become free (or stopped being free): the Payment Element follows.
    paymentElement?.sessionChanged();
  };

  /** What the shopper owes; 0 is a free order, which collects no payment method. */
  const amountDue = (): number | null => {
    if (!apiSession) return null;
    return apiSession.amount_total ?? null;
  };

  /** The fields Stripe needs before confirming: here, the shipping address when the session collects one. */
  const requiredFieldsPresent = (session: ApiCheckoutSession): boolean =>
    !session.shipping_address_collection ||
    !!session.collected_information?.shipping_details?.address?.country;

  /**
   * Stripe's changelog (2026-09-30): false while a server update is pending, and otherwise whether
   * the checkout is ready to confirm - complete payment details (none for a free order) and the
   * required fields. The email is not among them: confirm({ email }) may still supply it.
   */
  const canConfirmNow = (session: ApiCheckoutSession): boolean =>
    pendingServerUpdates === 0 &&
    !confirming &&
    (amountDue() === 0 || (paymentElement?.complete ?? false)) &&
    requiredFieldsPresent(session);

  const currentSession = (): StripeCheckoutSession => {
    if (!apiSession) throw new Error('The Checkout Session has not loaded yet; await loadActions() first.');
    const canConfirm = canConfirmNow(apiSession);
    return watchTotalReads(
      toCheckoutSession(apiSession, { ...clientState, canConfirm }, deps.locale),
      totalReads,
    );
  };

  const emitChange = (): void => {
    if (apiSession) announce(currentSession());
  };

  const fetchSession = async (): Promise<ApiCheckoutSession> => {
    requestSequence += 1;
    const sequence = requestSequence;
    const session = parseSession(await http.get(sessionPath('/client'), { client_secret: clientSecret }));
    applySession(session, sequence);
    return session;
  };

  const load = (): Promise<ApiCheckoutSession> => {
    loadPromise ??= (async () => {
      const secret = await deps.options.clientSecret;
      const id = typeof secret === 'string' ? sessionIdFromClientSecret(secret) : null;
      if (!id) throw new Error('Invalid client secret: expected the Checkout Session client_secret.');
      sessionId = id;
      clientSecret = secret;
      await fetchSession();
      if (!apiSession) throw new Error('The Checkout Session could not be loaded.');
      return apiSession;
    })().catch((error: unknown) => {
      // Let a later loadActions() try again instead of caching the failure forever.
      loadPromise = null;
      throw error;
    });
    return loadPromise;
  };

  /** One `client_update` call; the session it answers becomes current and is announced. */
  const clientUpdate = (params: FormParams) =>
    track(
      (async (): Promise<
        { ok: true; session: StripeCheckoutSession } | { ok: false; error: LocalStripeApiError }
      > => {
        requestSequence += 1;
        const sequence = requestSequence;
        try {
          const raw = await http.post(sessionPath('/client_update'), {
            client_secret: clientSecret,
            ...params,
          });
          applySession(parseSession(raw), sequence);
        } catch (error) {
          return {
            ok: false,
            error:
              error instanceof LocalStripeApiError
                ? error
                : new LocalStripeApiError({ status: 0, type: 'api_error', message: errorMessage(error) }),
          };
        }
        const session = currentSession();
        announce(session);
        return { ok: true, session };
      })(),
    );

  const refusal = (permission: SessionPermission): BuyerError | null =>
    apiSession && isServerOnly(apiSession, permission) ? buyerError(PERMISSION_REFUSALS[permission]) : null;

  const toBuyerResult = async (params: FormParams) => {
    const result = await clientUpdate(params);
    return result.ok
      ? { type: 'success' as const, session: result.session }
      : { type: 'error' as const, error: buyerError(result.error.message) };
  };

  const updateShippingAddress: StripeCheckoutLoadActionsSuccess['updateShippingAddress'] = async (
    contact,
  ) => {
    const refused = refusal('update_shipping_details');
    if (refused) return { type: 'error', error: refused };
    if (!contact) return { type: 'error', error: buyerError('A shipping address is required.') };
    const { address } = contact;
    return toBuyerResult({
      shipping_details: {
        name: contact.name ?? '',
        address: {
          line1: address.line1,
          line2: address.line2,
          city: address.city,
          state: address.state,
          postal_code: address.postal_code,
          country: address.country,
        },
      },
    });
  };

  const updateLocalState = (patch: Partial<ClientSessionState>) => {
    clientState = { ...clientState, ...patch };
    const session = currentSession();
    announce(session);
    return { type: 'success' as const, session };
  };

  const onAddressValue = (mode: 'shipping' | 'billing') => (event: StripeAddressElementChangeEvent) => {
    if (!event.complete) return;
    const contact: StripeCheckoutContact = toCheckoutContact(event.value);
    if (mode === 'billing') {
      if (apiSession) updateLocalState({ billingAddress: contact });
      return;
    }
    // With server_only shipping details the app sends the address to its own route; the element only collects.
    if (!apiSession || isServerOnly(apiSession, 'update_shipping_details')) return;
    clearTimeout(addressSyncTimer);
    addressSyncTimer = setTimeout(() => void updateShippingAddress(contact), ADDRESS_SYNC_DELAY_MS);
  };

  const addressContext = (mode: 'shipping' | 'billing') => async (): Promise<AddressElementContext> => {
    const session = await load().catch(() => null);
    if (!session) return { allowedCountries: [], contact: null };
    const view = currentSession();
    return {
      allowedCountries: session.shipping_address_collection?.allowed_countries ?? [],
      contact: mode === 'shipping' ? view.shippingAddress : view.billingAddress,
    };
  };

  const runServerUpdate: StripeCheckoutLoadActionsSuccess['runServerUpdate'] = (userFunction) => {
    if (!deps.betas.includes(SERVER_UPDATES_JS_BETA)) {
      throw new Error(
        `runServerUpdate is a preview feature: load Stripe.js with betas: ['${SERVER_UPDATES_JS_BETA}'].`,
      );
    }
    pendingServerUpdates += 1;
    // Stripe.js reports canConfirm: false while an update is pending so the page can't pay stale totals.
    emitChange();
    const finish = () => {
      pendingServerUpdates -= 1;
    };
    const run = async (): Promise<StripeCheckoutRunServerUpdateResult> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `runServerUpdate timed out: the update did not finish within ${deps.timeoutMs / 1000} seconds.`,
              ),
            ),
          deps.timeoutMs,
        );
      });
      try {
        // new Promise(...) also turns a synchronous throw in userFunction into a rejection.
        await Promise.race([new Promise((resolve) => resolve(userFunction())), timeout]);
      } catch (error) {
        finish();
        emitChange();
        throw error;
      } finally {
        clearTimeout(timer);
      }
      try {
        await fetchSession();
      } catch (error) {
        finish();
        emitChange();
        return { type: 'error', error: buyerError(errorMessage(error)) };
      }
      finish();
      const session = currentSession();
      announce(session);
      return { type: 'success', session };
    };
    return track(run());
  };

  const confirm: StripeCheckoutLoadActionsSuccess['confirm'] = async (args = {}) => {
    if (!totalWasRead(totalReads)) throw new IntegrationError(TOTAL_NOT_READ);
    // Confirm against the totals the shopper saw: let updates already under way land first.
    await Promise.allSettled([...inFlight]);
    if (!apiSession) return { type: 'error', error: buyerError('The Checkout Session has not loaded yet.') };
    if (apiSession.status === 'complete') {
      return { type: 'error', error: buyerError('This Checkout Session is already complete.') };
    }
    if (apiSession.status === 'expired') {
      return { type: 'error', error: buyerError('This Checkout Session has expired.') };
    }
    const redirect = args.redirect ?? 'always';
    const returnUrl = args.returnUrl ?? apiSession.return_url ?? null;
    if (redirect === 'always' && !returnUrl) {
      return {
        type: 'error',
        error: buyerError('confirm() needs a returnUrl because this Checkout Session has no return_url.'),
      };
    }
    const free = amountDue() === 0;
    if (!free && !paymentElement) {
      return { type: 'error', error: buyerError('Mount a Payment Element before confirming the payment.') };
    }
    const paymentMethod = free ? null : paymentElement?.collectPaymentMethodData();
    if (paymentMethod && !paymentMethod.ok)
      return { type: 'error', error: buyerError(paymentMethod.error.message) };
    if (args.shippingAddress) {
      const shipping = await updateShippingAddress(args.shippingAddress);
      if (shipping.type === 'error') return { type: 'error', error: shipping.error };
    }

    confirming = true;
    let result: StripeCheckoutConfirmResult;
    try {
      result = await track(
        confirmPayment(paymentMethod?.ok ? paymentMethod.paymentMethodData : undefined, args.email),
      );
    } finally {
      confirming = false;
    }
    emitChange();
    if (result.type === 'success' && redirect === 'always' && returnUrl) {
      deps.navigate(returnUrl.replaceAll('{CHECKOUT_SESSION_ID}', result.session.id));
    }
    return result;
  };

  const confirmPayment = async (
    paymentMethodData: FormParams | undefined,
    email: string | undefined,
  ): Promise<StripeCheckoutConfirmResult> => {
    requestSequence += 1;
    const sequence = requestSequence;
    try {
      const raw = await http.post(sessionPath('/confirm'), {
        client_secret: clientSecret,
        payment_method_data: paymentMethodData,
        email,
      });
      const parsed = confirmResponseSchema.safeParse(raw);
      if (!parsed.success) throw new Error('The local Stripe answered confirm with an unexpected shape.');
      applySession(parsed.data.session, sequence);
      clientState = { ...clientState, lastPaymentError: null };
      return { type: 'success', session: currentSession() };
    } catch (error) {
      if (error instanceof LocalStripeApiError && error.type === 'card_error') {
        clientState = { ...clientState, lastPaymentError: { message: error.message } };
        return {
          type: 'error',
          error: {
            message: error.message,
            code: 'paymentFailed',
            paymentFailed: { declineCode: error.declineCode ?? error.code },
          },
        };
      }
      // The session may have moved on (expired, or completed in another tab): show its real state.
      if (error instanceof LocalStripeApiError && error.status >= 400 && error.status < 500) {
        await fetchSession().catch(() => undefined);
      }
      return { type: 'error', error: buyerError(errorMessage(error)) };
    }
  };

  const validateElements: StripeCheckoutLoadActionsSuccess['validateElements'] = async () => {
    const addressElements = [
      [addressByMode.shipping, 'shippingAddress'],
      [addressByMode.billing, 'billingAddress'],
    ] as const;
    if (!paymentElement && !addressByMode.shipping && !addressByMode.billing) {
      return {
        type: 'error',
        error: {
          code: 'no_elements',
          message: 'There are no mounted Elements to validate.',
          validation_errors: [],
        },
      };
    }
    const validationErrors: Extract<
      StripeCheckoutValidateElementsResult,
      { type: 'error' }
    >['error']['validation_errors'] = [];
    const payment = amountDue() === 0 ? undefined : paymentElement?.collectPaymentMethodData();
    if (payment && !payment.ok) validationErrors.push({ message: payment.error.message, element: 'payment' });
    for (const [element, name] of addressElements) {
      if (element && !element.snapshot().complete) {
        validationErrors.push({ message: 'Your address is incomplete.', element: name });
      }
    }
    const [first] = validationErrors;
    if (first) {
      return {
        type: 'error',
        error: { code: 'validation_error', message: first.message, validation_errors: validationErrors },
      };
    }
    return { type: 'success', session: currentSession() };
  };

  const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

  const actions: StripeCheckoutLoadActionsSuccess = {
    getSession: currentSession,
    runServerUpdate,
    confirm,
    validateElements,
    applyPromotionCode: async (promotionCode) => {
      const refused = refusal('update_discounts');
      if (refused) return { type: 'error', error: refused };
      const result = await clientUpdate({ promotion_code: promotionCode });
      if (result.ok) return { type: 'success', session: result.session };
      return {
        type: 'error',
        error:
          result.error.param === 'promotion_code'
            ? { message: result.error.message, code: 'invalidCode' }
            : buyerError(result.error.message),
      };
    },
    removePromotionCode: async () => {
      const refused = refusal('update_discounts');
      if (refused) return { type: 'error', error: refused };
      return toBuyerResult({ remove_promotion_code: true });
    },
    updateLineItemQuantity: async ({ lineItem, quantity }) => {
      const refused = refusal('update_line_items');
      if (refused) return { type: 'error', error: refused };
      return toBuyerResult({ line_item: lineItem, quantity });
    },
    updateShippingAddress,
    updateEmail: async (email) => {
      const value = email?.trim() ?? '';
      if (!value.includes('@') || value.endsWith('@')) {
        return {
          type: 'error',
          error: { message: 'Your email address is incomplete.', code: 'incompleteEmail' },
        };
      }
      if (!EMAIL_PATTERN.test(value)) {
        return { type: 'error', error: { message: 'Your email address is invalid.', code: 'invalidEmail' } };
      }
      const result = await clientUpdate({ email: value });
      if (result.ok) return { type: 'success', session: result.session };
      if (result.error.param === 'email') {
        return { type: 'error', error: { message: result.error.message, code: 'invalidEmail' } };
      }
      // The result type only carries email-format errors, so anything else rejects, like a network failure does.
      throw result.error;
    },
    updateBillingAddress: async (billingAddress) => updateLocalState({ billingAddress }),
    updatePhoneNumber: async (phoneNumber) => updateLocalState({ phoneNumber }),
    updateIndividualName: async (individualName) => updateLocalState({ individualName }),
    updateBusinessName: async (businessName) => updateLocalState({ businessName }),
    updateTaxIdInfo: async (taxIdInfo) => updateLocalState({ taxIdInfo }),
    updateShippingOption: async () => ({
      type: 'error',
      error: buyerError('This Checkout Session has no shipping options to choose from.'),
    }),
    addOptionalLineItem: async () => ({
      type: 'error',
      error: buyerError('Optional items are not supported by the local Stripe.'),
    }),
    removeOptionalLineItem: async () => ({
      type: 'error',
      error: buyerError('Optional items are not supported by the local Stripe.'),
    }),
  };

  const inert = (type: string) => {
    const existing = inertElements.get(type);
    if (existing) return existing;
    const element = new InertElement(type, () => inertElements.delete(type));
    inertElements.set(type, element);
    return element;
  };

  const createAddressElement = (mode: AddressMode, options: AddressElementOptions): LocalAddressElement => {
    onlyOne(`${mode}Address`, addressByMode[mode]);
    const element = new LocalAddressElement(
      mode,
      options,
      () => {
        if (addressByMode[mode] === element) addressByMode[mode] = null;
      },
      addressContext(mode),
      onAddressValue(mode),
    );
    addressByMode[mode] = element;
    return element;
  };
  const onlyOne = (type: string, existing: unknown) => {
    if (existing) throw new Error(`Can only create one Element of type ${type}.`);
  };

  return {
    on: (_event: 'change', handler: StripeCheckoutUpdateHandler) => {
      changeHandlers.add(handler);
    },
    loadActions: async () => {
      try {
        await load();
        return { type: 'success', actions };
      } catch (error) {
        return { type: 'error', error: buyerError(errorMessage(error)) };
      }
    },
    // Appearance and fonts style iframes; the local elements are plain DOM styled by the page.
    changeAppearance: () => {},
    loadFonts: () => {},

    createPaymentElement: (options) => {
      onlyOne('payment', paymentElement);
      const element = new LocalPaymentElement(
        options,
        () => {
          if (paymentElement === element) paymentElement = null;
        },
        deps.now,
        // Konbini is offered where the session offers it (the local Stripe: JPY sessions).
        () => apiSession?.payment_method_types ?? ['card'],
        paymentTextsFor(deps.locale),
        amountDue,
      );
      paymentElement = element;
      // Typing into the card fields can change canConfirm: say so, as Stripe.js emits a change.
      element.on('change', () => {
        if (apiSession && canConfirmNow(apiSession) !== announcedCanConfirm) emitChange();
      });
      return element;
    },
    createShippingAddressElement: (options) => createAddressElement('shipping', options ?? {}),
    createBillingAddressElement: (options) => createAddressElement('billing', options ?? {}),
    createExpressCheckoutElement: () => inert('expressCheckout'),
    createCurrencySelectorElement: () => inert('currencySelector'),
    createTaxIdElement: () => inert('taxId'),
    createContactDetailsElement: () => inert('contactDetails'),
    createTermsElement: () => inert('terms'),
    createLinkSignupElement: () => inert('linkSignup'),

    getPaymentElement: () => paymentElement,
    getShippingAddressElement: () => addressByMode.shipping,
    getBillingAddressElement: () => addressByMode.billing,
    getExpressCheckoutElement: () => inertElements.get('expressCheckout') ?? null,
    getCurrencySelectorElement: () => inertElements.get('currencySelector') ?? null,
    getTaxIdElement: () => inertElements.get('taxId') ?? null,
    getContactDetailsElement: () => inertElements.get('contactDetails') ?? null,
    getTermsElement: () => inertElements.get('terms') ?? null,
    getLinkSignupElement: () => inertElements.get('linkSignup') ?? null,
  };
}
