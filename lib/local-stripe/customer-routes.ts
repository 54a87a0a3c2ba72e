import type { Engine } from './engine';
import { resourceMissing } from './errors';
import { addressShape, email, toAddress } from './fields';
import { newId } from './ids';
import type { JsonObject } from './json';
import { createdFilter, matchesCreated, newestFirst, paginate, paginationShape } from './lists';
import { markDeleted } from './mark-deleted';
import {
  applyEmptyable,
  emptyable,
  expandParam,
  mergeMetadata,
  metadata,
  object,
  parseParams,
  string,
} from './params';
import { pathParam, type Route, type RouteContext } from './route';
import { answerSearch } from './search-route';
import { getOwn, type StoredCustomer } from './state';

export function getCustomer(engine: Engine, id: string, param?: string): StoredCustomer {
  const customer = getOwn(engine.state.customers, id);
  if (!customer || customer.deleted) throw resourceMissing('customer', id, param);
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
    deleted: false,
  };
  engine.state.customers[customer.id] = customer;
  engine.markDirty();
  return render(engine, customer, params.expand);
}

function retrieveCustomerRoute(context: RouteContext): JsonObject {
  const params = parseParams({ expand: expandParam() }, context.params);
  const customer = getOwn(context.engine.state.customers, pathParam(context, 'id'));
  if (!customer) throw resourceMissing('customer', pathParam(context, 'id'));
  // Like Stripe, a deleted customer is still retrievable, as `{ id, object, deleted: true }`.
  return render(context.engine, customer, params.expand);
}

function updateCustomerRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const customer = getCustomer(engine, pathParam(context, 'id'));
  const params = parseParams(
    {
      email: emptyable(email()),
      name: emptyable(string({ maxLength: 256 })),
      description: emptyable(string({ maxLength: 350 })),
      phone: emptyable(string({ maxLength: 20 })),
      metadata: emptyable(metadata()),
      address: emptyable(object(addressShape)),
      expand: expandParam(),
    },
    context.params,
  );
  customer.email = applyEmptyable(customer.email, params.email);
  customer.name = applyEmptyable(customer.name, params.name);
  customer.description = applyEmptyable(customer.description, params.description);
  customer.phone = applyEmptyable(customer.phone, params.phone);
  if (params.address !== undefined)
    customer.address = params.address === '' ? null : toAddress(params.address);
  customer.metadata = mergeMetadata(customer.metadata, params.metadata);
  engine.markDirty();
  return render(engine, customer, params.expand);
}

function deleteCustomerRoute(context: RouteContext): JsonObject {
  parseParams({}, context.params);
  const customer = getCustomer(context.engine, pathParam(context, 'id'));
  return markDeleted(context.engine, customer, 'customer');
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
      !customer.deleted &&
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

const CUSTOMER_SEARCH_FIELDS = new Set(['created', 'email', 'metadata', 'name', 'phone']);

function searchCustomersRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  return answerSearch(context, {
    resource: 'customers',
    fields: CUSTOMER_SEARCH_FIELDS,
    candidates: Object.values(engine.state.customers).filter((customer) => !customer.deleted),
    url: '/v1/customers/search',
    render: (customer) => engine.render.customer(customer),
  });
}

export const customerRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/customers', auth: 'secret', handler: createCustomerRoute },
  { method: 'GET', pattern: '/v1/customers', auth: 'secret', handler: listCustomersRoute },
  { method: 'GET', pattern: '/v1/customers/search', auth: 'secret', handler: searchCustomersRoute },
  { method: 'GET', pattern: '/v1/customers/:id', auth: 'secret', handler: retrieveCustomerRoute },
  { method: 'POST', pattern: '/v1/customers/:id', auth: 'secret', handler: updateCustomerRoute },
  { method: 'DELETE', pattern: '/v1/customers/:id', auth: 'secret', handler: deleteCustomerRoute },
];
