import { expect, test } from '@playwright/test';
import { startServerMjs } from './spawn-server';

// Issue 15 finding 3: limits were keyed by the first X-Forwarded-For entry, which the client writes.
test('@local-stripe rotating X-Forwarded-For from one client cannot exceed the session-creation limit', async () => {
  test.setTimeout(120_000);
  const server = await startServerMjs({ RATE_LIMIT_SESSION_CREATE_PER_MINUTE: '5' });
  try {
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/checkout/sessions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `203.0.113.${index}`,
          'x-real-ip': `198.51.100.${index}`,
          'x-vercel-forwarded-for': `192.0.2.${index}`,
          'x-embedded-checkout-peer': `192.0.2.${index}`,
        },
        body: JSON.stringify({ items: [{ productId: 'ceramic-mug', quantity: 1 }], currency: 'usd' }),
      });
      statuses.push(response.status);
    }
    expect(
      statuses.slice(0, 5).every((status) => status !== 429),
      statuses.join(),
    ).toBe(true);
    expect(statuses.slice(5), statuses.join()).toEqual(Array(7).fill(429));
  } finally {
    await server.stop();
  }
});
