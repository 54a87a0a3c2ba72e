import type { State } from './state';

type Collection = Record<string, unknown>;

const isCollection = (value: unknown): value is Collection =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Which parts of the state a request changed, so that neither a rollback nor a write costs the whole
 * state (it used to be cloned before every write and rewritten to disk after it).
 *
 * Every collection of the state (`sessions`, `events`, ... - any plain-object member) is replaced by
 * a proxy over the same object that, inside a scope, records each id read, written or deleted. At
 * the end of the scope the recorded entries are serialized and compared with their last committed
 * JSON (the "image"): changed ones become journal operations (`commit`), or are restored from the
 * image (`rollback`). Other members (`seq`, the `idempotency` list) are compared as values: an array
 * element by element, so a list may be replaced or edited in place.
 *
 * Changes made outside a scope (lazy expiry in a sweep, a GET that expires a session) are not known
 * entry by entry: `untrackedChange()` marks the image stale, and it is rebuilt from the state before
 * the next scope, while the persister writes the whole state once.
 */
export class StateTracker {
  private readonly images = new Map<string, Map<string, string>>();
  private readonly targets = new Map<string, Collection>();
  private readonly proxies = new Map<string, Collection>();
  private readonly values = new Map<string, unknown>();
  private touched: Map<string, Set<string>> | null = null;
  private stale = false;

  constructor(private readonly state: State) {
    this.wrapCollections();
    this.rebuild();
  }

  /** Proxies every collection; true when one was new or had been replaced (its changes are unknown). */
  private wrapCollections(): boolean {
    let replaced = false;
    const members = this.state as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(members)) {
      if (!isCollection(value) || this.proxies.get(key) === value) continue;
      replaced = true;
      const proxy = new Proxy(value, this.handler(key));
      this.targets.set(key, value);
      this.proxies.set(key, proxy);
      members[key] = proxy;
    }
    return replaced;
  }

  /**
   * Whether a collection was replaced wholesale (`state.sessions = {}`) since the last check: it is
   * tracked from now on, and the caller writes the whole state once.
   */
  collectionsReplaced(): boolean {
    if (!this.wrapCollections()) return false;
    this.stale = true;
    return true;
  }

  get inScope(): boolean {
    return this.touched !== null;
  }

  /** A change the tracker did not see: the next scope starts from a fresh image. */
  untrackedChange(): void {
    if (!this.inScope) this.stale = true;
  }

  begin(): void {
    if (this.touched !== null) throw new Error('The local Stripe state scopes do not nest');
    if (this.wrapCollections()) this.stale = true;
    if (this.stale) this.rebuild();
    this.touched = new Map();
  }

  /** Ends the scope keeping its changes; returns them as journal operations (JSON texts). */
  commit(): string[] {
    const touched = this.end();
    const ops: string[] = [];
    for (const [key, ids] of touched) {
      const target = this.targets.get(key) as Collection;
      const image = this.images.get(key) as Map<string, string>;
      for (const id of ids) {
        const head = `{"c":${JSON.stringify(key)},"id":${JSON.stringify(id)}`;
        if (Object.hasOwn(target, id)) {
          const json = JSON.stringify(target[id]);
          if (image.get(id) === json) continue;
          image.set(id, json);
          ops.push(`${head},"v":${json}}`);
        } else if (image.delete(id)) {
          ops.push(`${head},"d":1}`);
        }
      }
    }
    return [...ops, ...this.valueOps()];
  }

  /** Ends the scope undoing its changes: every entry it touched is restored from the image. */
  rollback(): void {
    const touched = this.end();
    for (const [key, ids] of touched) {
      const target = this.targets.get(key) as Collection;
      const image = this.images.get(key) as Map<string, string>;
      for (const id of ids) {
        const json = image.get(id);
        if (json === undefined) delete target[id];
        else target[id] = JSON.parse(json);
      }
    }
    const members = this.state as unknown as Record<string, unknown>;
    for (const [key, value] of this.values) members[key] = Array.isArray(value) ? [...value] : value;
  }

  private end(): Map<string, Set<string>> {
    const touched = this.touched;
    if (touched === null) throw new Error('No local Stripe state scope is open');
    this.touched = null;
    return touched;
  }

  /** Members that are not collections, compared with their committed value. */
  private valueOps(): string[] {
    const ops: string[] = [];
    const members = this.state as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(members)) {
      if (this.targets.has(key)) continue;
      const before = this.values.get(key);
      if (Array.isArray(value) && Array.isArray(before)) {
        if (value.length === before.length && value.every((element, index) => element === before[index]))
          continue;
        // Elements already on disk are named by their position in the previous list.
        const items = value.map((element) => {
          const at = before.indexOf(element);
          return at >= 0 ? at : { v: element };
        });
        ops.push(JSON.stringify({ t: key, items }));
      } else if (value === before) {
        continue;
      } else {
        ops.push(JSON.stringify({ t: key, v: value }));
      }
      this.values.set(key, Array.isArray(value) ? [...value] : value);
    }
    return ops;
  }

  private rebuild(): void {
    for (const [key, target] of this.targets) {
      this.images.set(key, new Map(Object.entries(target).map(([id, entry]) => [id, JSON.stringify(entry)])));
    }
    const members = this.state as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(members)) {
      if (!this.targets.has(key)) this.values.set(key, Array.isArray(value) ? [...value] : value);
    }
    this.stale = false;
  }

  private handler(key: string): ProxyHandler<Collection> {
    const touch = (id: string | symbol) => {
      if (this.touched === null || typeof id !== 'string') return;
      let ids = this.touched.get(key);
      if (ids === undefined) {
        ids = new Set();
        this.touched.set(key, ids);
      }
      ids.add(id);
    };
    return {
      get: (target, id, receiver) => {
        touch(id);
        return Reflect.get(target, id, receiver);
      },
      set: (target, id, value, receiver) => {
        touch(id);
        return Reflect.set(target, id, value, receiver);
      },
      deleteProperty: (target, id) => {
        touch(id);
        return Reflect.deleteProperty(target, id);
      },
      defineProperty: (target, id, descriptor) => {
        touch(id);
        return Reflect.defineProperty(target, id, descriptor);
      },
    };
  }
}

/** Applies journal operations (what `commit` returned) to a state read from disk. */
export function applyJournalOps(state: State, ops: readonly unknown[]): void {
  const members = state as unknown as Record<string, unknown>;
  for (const op of ops as Array<Record<string, unknown>>) {
    if (typeof op.c === 'string' && typeof op.id === 'string') {
      if (!isCollection(members[op.c])) members[op.c] = {};
      const collection = members[op.c] as Collection;
      if (op.d === 1) delete collection[op.id];
      else collection[op.id] = op.v;
    } else if (typeof op.t === 'string' && Array.isArray(op.items)) {
      const before = Array.isArray(members[op.t]) ? (members[op.t] as unknown[]) : [];
      members[op.t] = op.items.map((item: unknown) =>
        typeof item === 'number' ? before[item] : (item as { v: unknown }).v,
      );
    } else if (typeof op.t === 'string') {
      members[op.t] = op.v;
    } else {
      throw new Error('unknown journal operation');
    }
  }
}
