import type { Locale } from '@/lib/i18n/locales';
import type { Currency } from '@/lib/money';
import type { AddOnId, ProductId } from './ids';

/**
 * The merchant's catalog: the source of truth for names and prices. Stripe receives copies of these
 * (synchronised by lookup_key); the server never trusts a price from the browser or from a session.
 * Prices are integer minor units per currency.
 */

export type CatalogCurrency = Currency;

export { ADD_ON_IDS, type AddOnId, MAX_QUANTITY, PRODUCT_IDS, type ProductId } from './ids';

/** The shopper-facing text of an item in one language. */
export interface CatalogText {
  name: string;
  description: string;
}

/**
 * `name` and `description` are English (also what Stripe's copies carry); `translations` holds the
 * other languages' text, so pages name items from our catalog in the shopper's language.
 */
export interface Product extends CatalogText {
  id: ProductId;
  image: string;
  prices: Record<CatalogCurrency, number>;
  translations: Readonly<Record<Exclude<Locale, 'en'>, CatalogText>>;
}

export interface AddOn extends CatalogText {
  id: AddOnId;
  prices: Record<CatalogCurrency, number>;
  translations: Readonly<Record<Exclude<Locale, 'en'>, CatalogText>>;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'pour-over-kit',
    name: 'Pour-over coffee kit',
    description: 'Dripper, glass server and 100 filters.',
    translations: {
      ja: {
        name: 'ハンドドリップ コーヒーキット',
        description: 'ドリッパー、ガラスサーバー、フィルター100枚のセットです。',
      },
    },
    image: '/products/pour-over-kit.svg',
    prices: { usd: 4800, jpy: 7200 },
  },
  {
    id: 'single-origin-beans',
    name: 'Single-origin beans 250 g',
    description: 'Washed Ethiopian, light roast, roasted this week.',
    translations: {
      ja: {
        name: 'シングルオリジン コーヒー豆 250グラム',
        description: 'エチオピア産ウォッシュト、浅煎り。今週焙煎しました。',
      },
    },
    image: '/products/single-origin-beans.svg',
    prices: { usd: 1800, jpy: 2700 },
  },
  {
    id: 'ceramic-mug',
    name: 'Ceramic mug',
    description: 'Hand-thrown stoneware, 300 ml.',
    translations: {
      ja: { name: '陶器のマグカップ', description: 'ろくろで仕上げた炻器、容量300ミリリットル。' },
    },
    image: '/products/ceramic-mug.svg',
    prices: { usd: 2400, jpy: 3600 },
  },
  {
    id: 'burr-grinder',
    name: 'Burr grinder',
    description: 'Conical steel burrs, 40 grind settings.',
    translations: {
      ja: { name: '臼式コーヒーミル', description: '円錐形のスチール臼、40段階の挽き目調整。' },
    },
    image: '/products/burr-grinder.svg',
    prices: { usd: 12000, jpy: 18000 },
  },
];

export const ADD_ONS: readonly AddOn[] = [
  {
    id: 'gift_wrap',
    name: 'Gift wrap',
    description: 'Wrapped in recycled paper with a card.',
    translations: { ja: { name: 'ギフトラッピング', description: '再生紙で包装し、カードを添えます。' } },
    prices: { usd: 500, jpy: 750 },
  },
  {
    id: 'express_shipping',
    name: 'Express shipping',
    description: 'Delivered in 1-2 business days.',
    translations: { ja: { name: 'お急ぎ便', description: '1〜2営業日でお届けします。' } },
    prices: { usd: 1500, jpy: 2250 },
  },
  {
    id: 'extended_warranty',
    name: 'Extended warranty',
    description: 'Two more years of cover on the whole order.',
    translations: { ja: { name: '延長保証', description: 'ご注文の商品すべての保証を2年間延長します。' } },
    prices: { usd: 2000, jpy: 3000 },
  },
];

/** An item's name and description in a locale. */
export function catalogText(item: Product | AddOn, locale: Locale): CatalogText {
  return locale === 'en' ? { name: item.name, description: item.description } : item.translations[locale];
}

/**
 * The catalog's name of a line, by our line key (`product:ceramic-mug`, `add_on:gift_wrap`); null
 * for a key the catalog does not know.
 */
export function catalogNameOfLineKey(key: string, locale: Locale): string | null {
  const [kind, id = ''] = key.split(':');
  if (kind === 'product' && isProductId(id)) return catalogText(getProduct(id), locale).name;
  if (kind === 'add_on' && isAddOnId(id)) return catalogText(getAddOn(id), locale).name;
  return null;
}

const productsById = new Map(PRODUCTS.map((product) => [product.id, product]));
const addOnsById = new Map(ADD_ONS.map((addOn) => [addOn.id, addOn]));

export function isProductId(value: string): value is ProductId {
  return productsById.has(value as ProductId);
}

export function isAddOnId(value: string): value is AddOnId {
  return addOnsById.has(value as AddOnId);
}

export function getProduct(id: ProductId): Product {
  const product = productsById.get(id);
  if (product === undefined) throw new Error(`Unknown product ${id}`);
  return product;
}

export function getAddOn(id: AddOnId): AddOn {
  const addOn = addOnsById.get(id);
  if (addOn === undefined) throw new Error(`Unknown add-on ${id}`);
  return addOn;
}

/**
 * The stable key a price carries in Stripe. One Stripe Price per product and currency; a changed
 * amount gets a new Price with the same key (`transfer_lookup_key`), so the key always names the
 * current price.
 */
export function priceLookupKey(productId: ProductId, currency: CatalogCurrency): string {
  return `embedded-checkout:${productId}:${currency}`;
}

/** Every price the catalog defines, for the Stripe sync. */
export function listCatalogPrices(): {
  product: Product;
  currency: CatalogCurrency;
  unitAmount: number;
  lookupKey: string;
}[] {
  return PRODUCTS.flatMap((product) =>
    (Object.keys(product.prices) as CatalogCurrency[]).map((currency) => ({
      product,
      currency,
      unitAmount: product.prices[currency],
      lookupKey: priceLookupKey(product.id, currency),
    })),
  );
}
