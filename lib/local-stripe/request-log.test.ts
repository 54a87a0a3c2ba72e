import { afterEach, beforeEach, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import { call, makeLocal } from './test-harness';

let local: LocalStripe;

beforeEach(() => {
  local = makeLocal();
});

afterEach(async () => {
  await local.close();
});

const count = async (params: Record<string, string> = {}) => {
  const response = await call(local, 'GET', '/v1/test_helpers/requests', params);
  expect(response.status).toBe(200);
  return response.body.count;
};

test('counts the API requests answered, filtered by path, method and key type, never the test controls', async () => {
  expect(await count()).toBe(0);
  await call(local, 'GET', '/v1/products');
  await call(local, 'POST', '/v1/products', { name: 'Mug' });
  await call(local, 'GET', '/v1/checkout/sessions/cs_test_missing');
  await call(local, 'POST', '/v1/test_helpers/faults', { path: '/v1/nothing', kind: 'server_error' });

  expect(await count()).toBe(3);
  expect(await count({ path: '/v1/products' })).toBe(2);
  expect(await count({ path: '/v1/products', method: 'POST' })).toBe(1);
  expect(await count({ path: '^/v1/checkout/sessions/cs_' })).toBe(1);
  expect(await count({ key_type: 'publishable' })).toBe(0);
  expect(await count({ key_type: 'secret' })).toBe(3);
});

test('an unknown filter value is a 400', async () => {
  const response = await call(local, 'GET', '/v1/test_helpers/requests', { key_type: 'other' });
  expect(response.status).toBe(400);
});
