/** A request body in Stripe's shape: nested objects become `parent[child]` keys. */
export type FormValue = string | number | boolean | null | undefined | FormParams;
export interface FormParams {
  [key: string]: FormValue;
}

/**
 * Encodes params as `application/x-www-form-urlencoded` with Stripe's bracket notation
 * (`shipping_details[address][city]=Tokyo`), the body format every Stripe API endpoint takes.
 * `null` and `undefined` are left out so optional fields can be passed through unconditionally.
 */
export function encodeForm(params: FormParams): string {
  const search = new URLSearchParams();
  const append = (prefix: string, value: FormValue): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) append(`${prefix}[${key}]`, child);
      return;
    }
    search.append(prefix, String(value));
  };
  for (const [key, value] of Object.entries(params)) append(key, value);
  return search.toString();
}
