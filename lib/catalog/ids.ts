/**
 * The catalog's identifiers and the cart limit, apart from its names, texts and prices (./index.ts)
 * so that browser code checking a cart does not download the whole catalog in both languages.
 */
export const PRODUCT_IDS = ['pour-over-kit', 'single-origin-beans', 'ceramic-mug', 'burr-grinder'] as const;
export type ProductId = (typeof PRODUCT_IDS)[number];

/** The most of one product a cart may hold (the cart line schema in lib/checkout/contract.ts enforces it). */
export const MAX_QUANTITY = 10;

export const ADD_ON_IDS = ['gift_wrap', 'express_shipping', 'extended_warranty'] as const;
export type AddOnId = (typeof ADD_ON_IDS)[number];
