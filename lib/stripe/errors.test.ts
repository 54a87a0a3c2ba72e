import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { isStripeTimeout, mapStripeErrors, toAppError } from './errors';

const secret = 'No such price: price_internal_123 on account acct_secret';

describe('toAppError', () => {
  it.each([
    ['connection timeout', new Stripe.errors.StripeConnectionError({ message: 'Request aborted (2500ms)' })],
    ['our own deadline', new DOMException('The operation timed out.', 'TimeoutError')],
  ])('maps a %s to stripe_timeout 504', (_name, error) => {
    const mapped = toAppError(error);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped?.code).toBe('stripe_timeout');
    expect(mapped?.status).toBe(504);
    expect(mapped?.message).toBe('Stripe did not answer in time. Nothing was charged; please try again.');
    expect(mapped?.cause).toBe(error);
  });

  it.each([
    ['invalid request', new Stripe.errors.StripeInvalidRequestError({ message: secret, statusCode: 400 })],
    ['API', new Stripe.errors.StripeAPIError({ message: secret, statusCode: 500 })],
    ['rate limit', new Stripe.errors.StripeRateLimitError({ message: secret, statusCode: 429 })],
    ['authentication', new Stripe.errors.StripeAuthenticationError({ message: secret, statusCode: 401 })],
    ['permission', new Stripe.errors.StripePermissionError({ message: secret, statusCode: 403 })],
    ['idempotency', new Stripe.errors.StripeIdempotencyError({ message: secret, statusCode: 400 })],
  ])('maps a %s error to stripe_error 502 without Stripe’s message', (_name, error) => {
    const mapped = toAppError(error);
    expect(mapped?.code).toBe('stripe_error');
    expect(mapped?.status).toBe(502);
    expect(mapped?.message).not.toContain('price_internal_123');
    expect(mapped?.message).not.toContain('acct_secret');
    expect(mapped?.message).toMatch(/Nothing was charged/);
    expect(mapped?.cause).toBe(error);
  });

  it('keeps a card error’s cardholder-facing message', () => {
    const error = new Stripe.errors.StripeCardError({ message: 'Your card was declined.', statusCode: 402 });
    expect(toAppError(error)?.message).toBe('Your card was declined.');
    expect(toAppError(error)?.status).toBe(502);
  });

  it.each([
    ['a plain error', new Error('boom')],
    ['a AppError', new AppError('not_found', 'Nope.')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('returns null for %s', (_name, error) => {
    expect(toAppError(error)).toBeNull();
  });
});

describe('isStripeTimeout', () => {
  it('is true only when the outcome is unknown', () => {
    expect(isStripeTimeout(new Stripe.errors.StripeConnectionError({ message: 'socket hang up' }))).toBe(
      true,
    );
    expect(isStripeTimeout(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    expect(isStripeTimeout(new Stripe.errors.StripeAPIError({ message: 'x', statusCode: 500 }))).toBe(false);
    expect(isStripeTimeout(new Stripe.errors.StripeInvalidRequestError({ message: 'x' }))).toBe(false);
    expect(isStripeTimeout(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isStripeTimeout(null)).toBe(false);
  });
});

describe('mapStripeErrors', () => {
  it('rethrows a Stripe error as its AppError, with the original as cause', async () => {
    const stripeError = new Stripe.errors.StripeAPIError({ message: secret, statusCode: 500 });
    const error = await mapStripeErrors(() => Promise.reject(stripeError)).catch((caught) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'stripe_error', cause: stripeError });
  });

  it('passes AppErrors, other errors and results through untouched', async () => {
    const refusal = new AppError('expired', 'SPRING has expired.');
    await expect(mapStripeErrors(() => Promise.reject(refusal))).rejects.toBe(refusal);
    const bug = new TypeError('boom');
    await expect(mapStripeErrors(() => Promise.reject(bug))).rejects.toBe(bug);
    await expect(mapStripeErrors(async () => 42)).resolves.toBe(42);
  });
});
