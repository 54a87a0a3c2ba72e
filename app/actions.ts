'use server';

import { headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { ensureBrowserId, setCurrentCustomer } from '@/lib/http/identity';

/** Which sentence the page shows (in its language) for a refused sign-in. */
type SignInRefusal = 'signInUnavailable' | 'unknownCustomer';

/**
 * "Shopping as": the demo's sign-in. A real shop has its own sign-in and drops this action. Any
 * client can call a server action, so it checks the configuration itself rather than relying on
 * the page not rendering the select.
 */
export async function selectCustomerAction(
  customerId: string | null,
): Promise<{ ok: true } | { ok: false; reason: SignInRefusal; message: string }> {
  if (!getConfig().demoSignIn) {
    return {
      ok: false,
      reason: 'signInUnavailable',
      message: 'Signing in as a demo customer is not available in this shop.',
    };
  }
  if (customerId !== null && (typeof customerId !== 'string' || customerId.length > 64)) {
    return { ok: false, reason: 'unknownCustomer', message: 'Unknown customer.' };
  }
  // Sets the cookie's Secure flag only; the binding and the customer come from our own cookies.
  const secure = (await headers()).get('x-forwarded-proto') === 'https';
  const browserId = await ensureBrowserId(secure);
  const result = await setCurrentCustomer(customerId, browserId, secure);
  return result === 'signed_in' || result === 'signed_out'
    ? { ok: true }
    : { ok: false, reason: 'unknownCustomer', message: 'Unknown customer.' };
}
