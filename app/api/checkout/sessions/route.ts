import { createSessionSchema } from '@/lib/checkout/schemas';
import { createCheckoutSession } from '@/lib/checkout/use-cases';
import { otherMethods, route } from '@/lib/http/route';
import { SESSION_CREATE } from '@/lib/http/route-kinds';

export const POST = route(
  { body: createSessionSchema, caller: 'shopper', startsSession: true, rateLimit: SESSION_CREATE },
  async ({ deps, shopper, body, sessionStart }) => {
    const view = await createCheckoutSession(deps, shopper, body, sessionStart);
    return { id: view.sessionId, reference: view.reference };
  },
);

// Every other method answers 405 in the error contract.
export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
