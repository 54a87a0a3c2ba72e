import type { Engine } from './engine';
import { resourceMissing } from './errors';
import { addressShape, email, toAddress } from './fields';
import { newId } from './ids';
import type { JsonObject } from './json';
import { createdFilter, matchesCreated, newestFirst, paginate, paginationShape } from './lists';
import { expandParam, mergeMetadata, metadata, object, parseParams, string } from './params';
import { pathParam, type Route, type RouteContext } from './route';
import { getOwn, type StoredCustomer } from './state';

export function getCustomer(engine: Engine, id: string, param?: string): StoredCustomer {
  const customer = getOwn(engine.state.customers, id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

function render(engine: Engine, customer: StoredCustomer, expand: string[] | undefined): JsonObject {
  return engine.render.expand(engine.render.customer(customer), expand ?? []);
}

function createCustomerRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      email: email(),
      name: string({ maxLength: 256 }),
      description: string({ maxLength: 350 }),
      phone: string({ maxLength: 20 }),
      metadata: metadata(),
      address: object(addressShape),
      expand: expandParam(),
    },
    context.params,
  );
  const customer: StoredCustomer = {
    id: newId.customer(),
    seq: engine.seq(),
    created: engine.now(),
    email: params.email ?? null,
    name: params.name ?? null,
    description: params.description ?? null,
    phone: params.phone ?? null,
    metadata: mergeMetadata({}, params.metadata),
    address: params.address ? toAddress(params.address) : null,
    invoice_prefix: newId.invoicePrefix(),
  };
  engine.state.customers[customer.id] = customer;
  engine.markDirty();
  return render(engine, customer, params.expand);
}

function retrieveCustomerRoute(context: RouteContext): JsonObject {
  const params = parseParams({ expand: expandParam() }, context.params);
  return render(context.engine, getCustomer(context.engine, pathParam(context, 'id')), params.expand);
}

function listCustomersRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      ...paginationShape,
      email: string({ maxLength: 512 }),
      created: createdFilter(),
      expand: expandParam(),
    },
    context.params,
  );
  // Stripe's `email` filter on list is case-sensitive.
  const items = newestFirst(Object.values(engine.state.customers)).filter(
    (customer) =>
      (params.email === undefined || customer.email === params.email) &&
      matchesCreated(customer.created, params.created),
  );
  const list = paginate(
    items,
    params,
    '/v1/customers',
    (customer) => engine.render.customer(customer),
    'customer',
  );
  return engine.render.expand(list, params.expand ?? []);
}

export const customerRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/customers', auth: 'secret', handler: createCustomerRoute },
  { method: 'GET', pattern: '/v1/customers', auth: 'secret', handler: listCustomersRoute },
  { method: 'GET', pattern: '/v1/customers/:id', auth: 'secret', handler: retrieveCustomerRoute },
];
