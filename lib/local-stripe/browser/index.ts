import type { Stripe } from '@stripe/stripe-js';
import { createCheckoutElementsSdk } from './checkout-sdk';
import { DEFAULT_LOCALE } from './format-amount';
import { createLocalStripeHttp } from './http-client';

export { LOCAL_STRIPE_PUBLISHABLE_KEY } from '../keys';
export { LocalStripeApiError } from './http-client';

export interface LocalStripeJsOptions {
  publishableKey: string;
  /** Where the local Stripe's HTTP face is mounted. */
  apiBase?: string;
  fetch?: typeof fetch;
  /** runServerUpdate's limit; Stripe.js uses 20 s. */
  timeoutMs?: number;
  /** How confirm follows return_url; tests pass a spy. */
  navigate?: (url: string) => void;
  /** Clock for card expiry checks. */
  now?: () => Date;
  /** Locale for formatted amounts. */
  locale?: string;
  /** Stripe.js previews, as passed to `loadStripe`; `runServerUpdate` needs `custom_checkout_server_updates_1`. */
  betas?: readonly string[];
}

export const DEFAULT_LOCAL_STRIPE_API_BASE = '/api/local-stripe';
export const RUN_SERVER_UPDATE_TIMEOUT_MS = 20_000;

/**
 * A browser Stripe.js stand-in backed by the local Stripe over HTTP: `getStripe()` resolves to it
 * when no publishable key is configured. It implements what `@stripe/react-stripe-js/checkout` and
 * the app call (`initCheckoutElementsSdk` and the Elements it creates) and satisfies
 * react-stripe-js's `isStripe` guard; every other Stripe.js method exists but throws, so an
 * accidental use fails loudly instead of silently doing nothing.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the Stripe interface is one object literal with every Stripe.js method (most only throw); its length is Stripe.js's surface, not logic.
export function createLocalStripeJs(options: LocalStripeJsOptions): Stripe {
  const http = createLocalStripeHttp({
    apiBase: options.apiBase ?? DEFAULT_LOCAL_STRIPE_API_BASE,
    publishableKey: options.publishableKey,
    // Calling window.fetch detached from window throws "Illegal invocation", hence the wrapper.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  });
  const navigate = options.navigate ?? ((url: string) => window.location.assign(url));
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? RUN_SERVER_UPDATE_TIMEOUT_MS;
  const locale = options.locale ?? DEFAULT_LOCALE;

  const unsupported = (method: string) => (): never => {
    throw new Error(`stripe.${method}() is not supported by the local Stripe (only Checkout Elements are).`);
  };

  return {
    initCheckoutElementsSdk: (sdkOptions) =>
      createCheckoutElementsSdk({
        http,
        options: sdkOptions,
        timeoutMs,
        navigate,
        now,
        locale,
        betas: options.betas ?? [],
      }),
    // react-stripe-js registers itself through this; analytics mean nothing locally.
    registerAppInfo: () => {},

    // Checked by react-stripe-js's isStripe guard, so they must exist even though nothing calls them.
    elements: unsupported('elements'),
    createToken: unsupported('createToken'),
    createPaymentMethod: unsupported('createPaymentMethod'),
    confirmCardPayment: unsupported('confirmCardPayment'),

    initCheckoutFormSdk: unsupported('initCheckoutFormSdk'),
    createEmbeddedCheckoutPage: unsupported('createEmbeddedCheckoutPage'),
    initializePricing: unsupported('initializePricing'),
    confirmPayment: unsupported('confirmPayment'),
    confirmSetup: unsupported('confirmSetup'),
    confirmAcssDebitPayment: unsupported('confirmAcssDebitPayment'),
    confirmAcssDebitSetup: unsupported('confirmAcssDebitSetup'),
    confirmAffirmPayment: unsupported('confirmAffirmPayment'),
    confirmAfterpayClearpayPayment: unsupported('confirmAfterpayClearpayPayment'),
    confirmAlipayPayment: unsupported('confirmAlipayPayment'),
    confirmAmazonPaySetup: unsupported('confirmAmazonPaySetup'),
    confirmAuBecsDebitPayment: unsupported('confirmAuBecsDebitPayment'),
    confirmAuBecsDebitSetup: unsupported('confirmAuBecsDebitSetup'),
    confirmBacsDebitSetup: unsupported('confirmBacsDebitSetup'),
    confirmBancontactPayment: unsupported('confirmBancontactPayment'),
    confirmBancontactSetup: unsupported('confirmBancontactSetup'),
    confirmBilliePayment: unsupported('confirmBilliePayment'),
    confirmBlikPayment: unsupported('confirmBlikPayment'),
    confirmBlikSetup: unsupported('confirmBlikSetup'),
    confirmBoletoPayment: unsupported('confirmBoletoPayment'),
    confirmCardSetup: unsupported('confirmCardSetup'),
    confirmCashappPayment: unsupported('confirmCashappPayment'),
    confirmCashappSetup: unsupported('confirmCashappSetup'),
    confirmCustomerBalancePayment: unsupported('confirmCustomerBalancePayment'),
    confirmEpsPayment: unsupported('confirmEpsPayment'),
    confirmFpxPayment: unsupported('confirmFpxPayment'),
    confirmGiropayPayment: unsupported('confirmGiropayPayment'),
    confirmGrabPayPayment: unsupported('confirmGrabPayPayment'),
    confirmIdealPayment: unsupported('confirmIdealPayment'),
    confirmIdealSetup: unsupported('confirmIdealSetup'),
    confirmKlarnaPayment: unsupported('confirmKlarnaPayment'),
    confirmKonbiniPayment: unsupported('confirmKonbiniPayment'),
    confirmMobilepayPayment: unsupported('confirmMobilepayPayment'),
    confirmMultibancoPayment: unsupported('confirmMultibancoPayment'),
    confirmOxxoPayment: unsupported('confirmOxxoPayment'),
    confirmP24Payment: unsupported('confirmP24Payment'),
    confirmPayByBankPayment: unsupported('confirmPayByBankPayment'),
    confirmPayNowPayment: unsupported('confirmPayNowPayment'),
    confirmPayPalPayment: unsupported('confirmPayPalPayment'),
    confirmPayPalSetup: unsupported('confirmPayPalSetup'),
    confirmPixPayment: unsupported('confirmPixPayment'),
    confirmPromptPayPayment: unsupported('confirmPromptPayPayment'),
    confirmSepaDebitPayment: unsupported('confirmSepaDebitPayment'),
    confirmSepaDebitSetup: unsupported('confirmSepaDebitSetup'),
    confirmSofortPayment: unsupported('confirmSofortPayment'),
    confirmSofortSetup: unsupported('confirmSofortSetup'),
    confirmTwintPayment: unsupported('confirmTwintPayment'),
    confirmUsBankAccountPayment: unsupported('confirmUsBankAccountPayment'),
    confirmUsBankAccountSetup: unsupported('confirmUsBankAccountSetup'),
    confirmWechatPayPayment: unsupported('confirmWechatPayPayment'),
    collectBankAccountForPayment: unsupported('collectBankAccountForPayment'),
    collectBankAccountForSetup: unsupported('collectBankAccountForSetup'),
    collectBankAccountToken: unsupported('collectBankAccountToken'),
    collectFinancialConnectionsAccounts: unsupported('collectFinancialConnectionsAccounts'),
    createConfirmationToken: unsupported('createConfirmationToken'),
    createEphemeralKeyNonce: unsupported('createEphemeralKeyNonce'),
    createRadarSession: unsupported('createRadarSession'),
    handleCardAction: unsupported('handleCardAction'),
    handleNextAction: unsupported('handleNextAction'),
    paymentRequest: unsupported('paymentRequest'),
    processOrder: unsupported('processOrder'),
    retrieveOrder: unsupported('retrieveOrder'),
    retrievePaymentIntent: unsupported('retrievePaymentIntent'),
    retrieveSetupIntent: unsupported('retrieveSetupIntent'),
    verifyIdentity: unsupported('verifyIdentity'),
    verifyMicrodepositsForPayment: unsupported('verifyMicrodepositsForPayment'),
    verifyMicrodepositsForSetup: unsupported('verifyMicrodepositsForSetup'),
  };
}
