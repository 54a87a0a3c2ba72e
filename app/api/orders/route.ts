import { otherMethods, route } from '@/lib/http/route';
import { listOrdersForApi, ordersQuerySchema } from '@/lib/orders/orders-api';

/** Orders by client_reference_id for back-office systems, behind ORDERS_API_TOKEN. */
export const GET = route({ caller: 'apiToken', query: ordersQuerySchema }, ({ deps, query }) =>
  listOrdersForApi(deps.store, query),
);
export const dynamic = 'force-dynamic';

// Every other method answers 405 in the error contract.
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
