import { getOrdersApiDeps } from '@/lib/orders/app-deps';
import { createOrdersApiRoute } from '@/lib/orders/orders-api-route';

/** Orders by client_reference_id for back-office systems, behind ORDERS_API_TOKEN. */
export const GET = createOrdersApiRoute(getOrdersApiDeps);
export const dynamic = 'force-dynamic';
