/** Kept out of the 'use client' provider: a server component importing from it would get a client reference, not the string. */
export const CURRENCY_COOKIE = 'ec_currency';
