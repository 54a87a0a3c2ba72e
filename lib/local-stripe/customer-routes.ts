import type { Engine } from './engine';
import { resourceMissing } from './errors';
import { addressShape, email, toAddress } from './fields';
import { newId } from './ids';
import type { JsonObject } from './json';
import { answerList } from './lists';
import { expandParam, mergeMetadata, metadata, object, parseParams, string } from './params';
import { type Route, type RouteContext, resourceRoutes, retrieveRoute } from './route';
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

function listCustomersRoute(context: RouteContext): JsonObject {
  return answerList(context, {
    url: '/v1/customers',
    kind: 'customer',
    filters: { email: string({ maxLength: 512 }) },
    items: Object.values(context.engine.state.customers),
    // Stripe's `email` filter on list is case-sensitive.
    keep: (customer, params) => params.email === undefined || customer.email === params.email,
    render: (customer) => context.engine.render.customer(customer),
  });
}

export const customerRoutes: Route[] = resourceRoutes('/v1/customers', {
  create: createCustomerRoute,
  list: listCustomersRoute,
  retrieve: retrieveRoute(getCustomer, render),
});
