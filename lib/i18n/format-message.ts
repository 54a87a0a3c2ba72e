/**
 * The subset of ICU message syntax our catalogs use, for the browser (next-intl's client runtime
 * and its message parser weigh about 12 kB gzip; this is about 1 kB): `{name}` arguments (a
 * number as its digits, as next-intl prints a plain argument), `{name, select, a {...} other
 * {...}}` and `<tag>...</tag>` for rich text, with ICU's apostrophe quoting (`''` is one
 * apostrophe; `'{...}'` is literal).
 * format-message.test.ts formats every message of both catalogs with this and with next-intl and
 * requires the same text; a message using anything else (plural, dates) fails that test.
 */

type Node =
  | string
  | { kind: 'argument'; name: string }
  | { kind: 'select'; name: string; options: Record<string, Node[]> }
  | { kind: 'tag'; name: string; children: Node[] };

export type TagFunction<T> = (chunks: (string | T)[]) => T;
export type MessageValues<T = never> = Record<string, string | number | TagFunction<T>>;

const SYNTAX = new Set(['{', '}', '<', '>', "'"]);

/** Parses `message` from `start` until `until` (a closing `}` or `</tag>`), returning the end index. */
function parse(message: string, start: number, closeTag: string | null): { nodes: Node[]; end: number } {
  const nodes: Node[] = [];
  let text = '';
  let i = start;
  const flush = () => {
    if (text !== '') nodes.push(text);
    text = '';
  };
  while (i < message.length) {
    const char = message[i] as string;
    if (char === "'") {
      const next = message[i + 1];
      if (next === "'") {
        text += "'";
        i += 2;
      } else if (next !== undefined && SYNTAX.has(next)) {
        const close = message.indexOf("'", i + 1);
        const end = close === -1 ? message.length : close;
        text += message.slice(i + 1, end).replaceAll("''", "'");
        i = end + 1;
      } else {
        text += char;
        i += 1;
      }
    } else if (char === '{') {
      flush();
      const parsed = parseArgument(message, i + 1);
      nodes.push(parsed.node);
      i = parsed.end;
    } else if (char === '}' && closeTag === null) {
      flush();
      return { nodes, end: i + 1 };
    } else if (char === '<' && message[i + 1] === '/') {
      const end = message.indexOf('>', i);
      if (message.slice(i + 2, end) !== closeTag) throw new Error(`Unexpected closing tag in "${message}"`);
      flush();
      return { nodes, end: end + 1 };
    } else if (char === '<') {
      flush();
      const end = message.indexOf('>', i);
      const name = message.slice(i + 1, end);
      const children = parse(message, end + 1, name);
      nodes.push({ kind: 'tag', name, children: children.nodes });
      i = children.end;
    } else {
      text += char;
      i += 1;
    }
  }
  flush();
  return { nodes, end: i };
}

/** `name}` or `name, select, key {...} other {...}}` after an opening brace. */
function parseArgument(message: string, start: number): { node: Node; end: number } {
  const close = message.indexOf('}', start);
  const comma = message.indexOf(',', start);
  if (comma === -1 || comma > close) {
    return { node: { kind: 'argument', name: message.slice(start, close).trim() }, end: close + 1 };
  }
  const name = message.slice(start, comma).trim();
  const typeEnd = message.indexOf(',', comma + 1);
  const type = message.slice(comma + 1, typeEnd).trim();
  if (type !== 'select') throw new Error(`Unsupported argument type "${type}" in "${message}"`);
  const options: Record<string, Node[]> = {};
  let i = typeEnd + 1;
  for (;;) {
    while (/\s/.test(message[i] ?? '')) i += 1;
    if (message[i] === '}') return { node: { kind: 'select', name, options }, end: i + 1 };
    const open = message.indexOf('{', i);
    const key = message.slice(i, open).trim();
    const body = parse(message, open + 1, null);
    options[key] = body.nodes;
    i = body.end;
  }
}

const parsedMessages = new Map<string, Node[]>();

function parsed(message: string): Node[] {
  let nodes = parsedMessages.get(message);
  if (nodes === undefined) {
    nodes = parse(message, 0, null).nodes;
    parsedMessages.set(message, nodes);
  }
  return nodes;
}

function render<T>(nodes: Node[], values: MessageValues<T>): (string | T)[] {
  const parts: (string | T)[] = [];
  // A missing value shows as the placeholder itself rather than breaking the page.
  const text = (value: string | number | TagFunction<T> | undefined, name: string) => {
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' ? value : `{${name}}`;
  };
  for (const node of nodes) {
    if (typeof node === 'string') parts.push(node);
    else if (node.kind === 'argument') parts.push(text(values[node.name], node.name));
    else if (node.kind === 'select') {
      const chosen = String(text(values[node.name], node.name));
      parts.push(...render(node.options[chosen] ?? node.options.other ?? [], values));
    } else {
      const tag = values[node.name];
      const children = render(node.children, values);
      if (typeof tag === 'function') parts.push(tag(children));
      else parts.push(...children);
    }
  }
  // Adjacent strings joined, as React (and tests) read them.
  return parts.reduce<(string | T)[]>((joined, part) => {
    const last = joined.at(-1);
    if (typeof part === 'string' && typeof last === 'string') joined[joined.length - 1] = last + part;
    else joined.push(part);
    return joined;
  }, []);
}

/** A message as plain text (no tags). */
export function formatMessage(message: string, values: MessageValues = {}): string {
  return render(parsed(message), values).join('');
}

/** A message with tags: each `<tag>` becomes what `values[tag](chunks)` returns. */
export function formatRichMessage<T>(message: string, values: MessageValues<T>): (string | T)[] {
  return render(parsed(message), values);
}
