'use server';

import { headers } from 'next/headers';
import { setCurrentCustomer } from '@/lib/customers/current-customer';

/** "Shopping as": the demo's sign-in. A real shop has its own sign-in and drops this action. */
export async function selectCustomerAction(
  customerId: string | null,
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (customerId !== null && (typeof customerId !== 'string' || customerId.length > 64)) {
    return { ok: false, message: 'Unknown customer.' };
  }
  const secure = (await headers()).get('x-forwarded-proto') === 'https';
  const ok = await setCurrentCustomer(customerId, secure);
  return ok ? { ok: true } : { ok: false, message: 'Unknown customer.' };
}
