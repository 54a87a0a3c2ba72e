import { invalidParam } from './errors';

/** A decoded form value: Stripe's bracket notation gives nested objects and indexed arrays. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

interface Node {
  children: Map<string, Node>;
  value: string | undefined;
  pushes: number;
  name: string;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function newNode(name: string): Node {
  return { children: new Map(), value: undefined, pushes: 0, name };
}

/** `line_items[0][price_data][currency]` -> `['line_items', '0', 'price_data', 'currency']`; `expand[]` -> `['expand', '']`. */
function splitKey(key: string): string[] | undefined {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^[\]]*)\]/.exec(rest);
    if (!match) return undefined;
    parts.push(match[1] ?? '');
    rest = rest.slice(match[0].length);
  }
  return parts;
}

/** `key` under `parent` in Stripe's bracket notation: `line_items[0]`; a top-level key stays bare. */
export function nestParamName(parent: string, key: string): string {
  return parent === '' ? key : `${parent}[${key}]`;
}

function toValue(node: Node): FormValue {
  if (node.children.size === 0) return node.value ?? '';
  if (node.value !== undefined) {
    throw invalidParam(`Invalid value for ${node.name}: it is both a value and a hash.`, node.name);
  }
  const keys = [...node.children.keys()];
  if (keys.every((key) => /^\d+$/.test(key))) {
    // Arrays are sent as `a[0]`, `a[1]` (stripe-node) or `a[]` (browsers); order by index.
    return keys
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => {
        const child = node.children.get(key);
        return child ? toValue(child) : '';
      });
  }
  const out: FormObject = {};
  for (const [key, child] of node.children) out[key] = toValue(child);
  return out;
}

/** Decodes an `application/x-www-form-urlencoded` string (a body or a query) into nested values. */
export function decodeForm(encoded: string): FormObject {
  const root = newNode('');
  for (const [key, value] of new URLSearchParams(encoded)) {
    const parts = splitKey(key);
    if (!parts || parts[0] === '') throw invalidParam(`Invalid parameter name: ${key}`, key);
    let node = root;
    for (const part of parts) {
      let segment = part;
      if (segment === '') {
        segment = String(node.pushes);
        node.pushes += 1;
      } else if (/^\d+$/.test(segment)) {
        node.pushes = Math.max(node.pushes, Number(segment) + 1);
      }
      if (FORBIDDEN_KEYS.has(segment)) throw invalidParam(`Invalid parameter name: ${key}`, key);
      let child = node.children.get(segment);
      if (!child) {
        child = newNode(nestParamName(node.name, segment));
        node.children.set(segment, child);
      }
      node = child;
    }
    node.value = value;
  }
  const decoded = toValue(root);
  return typeof decoded === 'object' && !Array.isArray(decoded) ? decoded : {};
}
