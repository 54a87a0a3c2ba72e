export { assertSchemaName, type OpenStoreOptions, openStore } from './open-store';
export type { Queryable, Store, StoreDriver } from './types';
