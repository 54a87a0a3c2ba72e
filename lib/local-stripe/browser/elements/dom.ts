/** Tiny DOM helpers for the plain (iframe-free) local Elements. */

let nextId = 0;

/** Ids for label/field pairing; unique per page so two mounted elements never collide. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `local-stripe-${prefix}-${nextId}`;
}

type Attributes = Record<string, string | boolean | undefined>;

export function createNode<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) node.append(child);
  return node;
}

export interface TextField {
  wrapper: HTMLDivElement;
  input: HTMLInputElement;
  setError(message: string | null): void;
}

/**
 * A labelled textbox with an inline error. The error text is an `aria-live` region referenced by
 * `aria-describedby`, not `role="alert"`: the page shows confirm's error in its own alert, and two
 * alerts with one message would make role-based queries ambiguous.
 */
export function createTextField(options: {
  label: string;
  hint?: string;
  autocomplete?: string;
  inputMode?: string;
  placeholder?: string;
  value?: string;
}): TextField {
  const id = uniqueId('field');
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const input = createNode('input', {
    id,
    type: 'text',
    autocomplete: options.autocomplete,
    inputmode: options.inputMode,
    placeholder: options.placeholder,
    spellcheck: 'false',
    'aria-describedby': options.hint ? `${hintId} ${errorId}` : errorId,
  });
  input.value = options.value ?? '';
  const error = createNode('div', { id: errorId, class: 'local-stripe-error', 'aria-live': 'polite' });
  const wrapper = createNode('div', { class: 'local-stripe-field' }, [
    createNode('label', { for: id }, [options.label]),
    ...(options.hint ? [createNode('span', { id: hintId, class: 'local-stripe-hint' }, [options.hint])] : []),
    input,
    error,
  ]);
  return {
    wrapper,
    input,
    setError(message) {
      error.textContent = message ?? '';
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}
