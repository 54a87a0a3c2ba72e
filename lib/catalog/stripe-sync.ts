import type Stripe from 'stripe';
import { type CatalogCurrency, listCatalogPrices, PRODUCTS, type ProductId, priceLookupKey } from './index';

/**
 * Makes Stripe's products and prices match the catalog, idempotently: a price is found by its
 * lookup_key; a missing one is created, a changed amount gets a new Price that takes the key over
 * (transfer_lookup_key), and an unchanged one is left alone. Returns what it did.
 */
export async function syncCatalogToStripe(
  stripe: Stripe,
): Promise<{ created: string[]; unchanged: string[] }> {
  const wanted = listCatalogPrices();
  const existing = await listPricesByLookupKey(
    stripe,
    wanted.map((price) => price.lookupKey),
  );
  const productIds = new Map<ProductId, string>();
  for (const price of existing.values()) {
    const catalogId = price.metadata.catalog_id;
    if (catalogId !== undefined) {
      productIds.set(
        catalogId as ProductId,
        typeof price.product === 'string' ? price.product : price.product.id,
      );
    }
  }

  const created: string[] = [];
  const unchanged: string[] = [];
  for (const { product, currency, unitAmount, lookupKey } of wanted) {
    const current = existing.get(lookupKey);
    if (current !== undefined && current.unit_amount === unitAmount && current.currency === currency) {
      unchanged.push(lookupKey);
      continue;
    }
    let stripeProductId = productIds.get(product.id);
    if (stripeProductId === undefined) {
      const createdProduct = await stripe.products.create(
        { name: product.name, description: product.description, metadata: { catalog_id: product.id } },
        { idempotencyKey: `catalog-product:${product.id}:${product.name}` },
      );
      stripeProductId = createdProduct.id;
      productIds.set(product.id, stripeProductId);
    }
    await stripe.prices.create(
      {
        product: stripeProductId,
        currency,
        unit_amount: unitAmount,
        lookup_key: lookupKey,
        transfer_lookup_key: true,
        metadata: { catalog_id: product.id },
      },
      { idempotencyKey: `catalog-price:${lookupKey}:${unitAmount}` },
    );
    created.push(lookupKey);
  }
  return { created, unchanged };
}

async function listPricesByLookupKey(
  stripe: Stripe,
  lookupKeys: string[],
): Promise<Map<string, Stripe.Price>> {
  const result = new Map<string, Stripe.Price>();
  // Stripe accepts at most 10 lookup keys per list call.
  for (let start = 0; start < lookupKeys.length; start += 10) {
    const page = await stripe.prices.list({
      lookup_keys: lookupKeys.slice(start, start + 10),
      active: true,
      limit: 100,
    });
    for (const price of page.data) {
      if (price.lookup_key !== null) result.set(price.lookup_key, price);
    }
  }
  return result;
}

const cacheHolder = globalThis as typeof globalThis & {
  __embeddedCheckoutPriceIds?: Map<CatalogCurrency, { at: number; ids: Record<string, string> }>;
};
const PRICE_CACHE_MS = 5 * 60 * 1000;

/**
 * Catalog product id -> Stripe Price id for one currency, cached briefly. Amounts are never taken
 * from Stripe: the catalog decides them, the sync makes Stripe agree.
 */
export async function resolvePriceIds(
  stripe: Stripe,
  currency: CatalogCurrency,
): Promise<Record<string, string>> {
  cacheHolder.__embeddedCheckoutPriceIds ??= new Map();
  const cached = cacheHolder.__embeddedCheckoutPriceIds.get(currency);
  if (cached !== undefined && Date.now() - cached.at < PRICE_CACHE_MS) return cached.ids;
  const keys = PRODUCTS.map((product) => priceLookupKey(product.id, currency));
  const prices = await listPricesByLookupKey(stripe, keys);
  const ids: Record<string, string> = {};
  for (const product of PRODUCTS) {
    const price = prices.get(priceLookupKey(product.id, currency));
    if (price === undefined || price.unit_amount !== product.prices[currency]) {
      throw new Error(
        `Stripe's price for ${product.id} in ${currency} is missing or differs from the catalog: run npm run stripe:sync`,
      );
    }
    ids[product.id] = price.id;
  }
  cacheHolder.__embeddedCheckoutPriceIds.set(currency, { at: Date.now(), ids });
  return ids;
}

export function clearPriceIdCache(): void {
  cacheHolder.__embeddedCheckoutPriceIds?.clear();
}
