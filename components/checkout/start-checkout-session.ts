/**
 * Asks the server for a new Checkout Session for a cart and returns its id. One key per click: a
 * retry after a dropped connection sends the same Idempotency-Key, so it cannot create a second
 * session.
 */
export async function startCheckoutSession(cart: {
  items: readonly { productId: string; quantity: number }[];
  currency: string;
  clientReferenceId: string | null;
}): Promise<string> {
  const idempotencyKey = crypto.randomUUID();
  const send = () =>
    fetch('/api/checkout/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify({
        items: cart.items,
        currency: cart.currency,
        ...(cart.clientReferenceId === null ? {} : { clientReferenceId: cart.clientReferenceId }),
      }),
    });
  const response = await send().catch(send);
  const body = (await response.json().catch(() => null)) as {
    id?: unknown;
    error?: { message?: unknown };
  } | null;
  if (!response.ok || typeof body?.id !== 'string') {
    const message = body?.error?.message;
    throw new Error(
      typeof message === 'string' ? message : `Checkout could not start (HTTP ${response.status}).`,
    );
  }
  return body.id;
}
