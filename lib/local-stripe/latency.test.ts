import { afterEach, expect, test, vi } from 'vitest';
import type { LocalStripe } from './local-stripe';
import { call, makeLocal } from './test-harness';

let local: LocalStripe | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await local?.close();
});

/** Whether the promise has settled after the pending microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

test('latencyMs answers every API call that much later, and test controls at once', async () => {
  vi.useFakeTimers();
  local = makeLocal({ latencyMs: 150 });
  const products = call(local, 'GET', '/v1/products');
  expect(await settled(products)).toBe(false);
  await vi.advanceTimersByTimeAsync(149);
  expect(await settled(products)).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect(await settled(products)).toBe(true);
  expect((await products).status).toBe(200);

  const control = call(local, 'GET', '/v1/test_helpers/requests');
  expect(await settled(control)).toBe(true);
});

test('without latencyMs the answer does not wait for a timer', async () => {
  vi.useFakeTimers();
  local = makeLocal();
  expect(await settled(call(local, 'GET', '/v1/products'))).toBe(true);
});
