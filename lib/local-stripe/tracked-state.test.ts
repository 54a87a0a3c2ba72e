import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emptyState, type State } from './state';
import { applyJournalOps, StateTracker } from './tracked-state';

const customer = (id: string, email: string) => ({
  id,
  seq: 1,
  created: 1,
  email,
  name: null,
  description: null,
  phone: null,
  metadata: {},
  address: null,
  invoice_prefix: 'ABC',
});

function seeded(): State {
  const state = emptyState();
  state.customers.cus_a = customer('cus_a', 'a@example.com');
  state.customers.cus_b = customer('cus_b', 'b@example.com');
  state.idempotency = [{ key: 'k1', fingerprint: 'f', created: 1, status: 200, headers: {}, body: '{}' }];
  state.seq = 2;
  return state;
}

const plain = (state: State) => JSON.parse(JSON.stringify(state)) as State;

describe('StateTracker', () => {
  test('rollback restores what the scope touched: nested edits, additions, deletions, other members', () => {
    const state = seeded();
    const before = plain(state);
    const tracker = new StateTracker(state);
    tracker.begin();
    const a = state.customers.cus_a;
    if (a === undefined) throw new Error('seeded');
    a.email = 'changed@example.com';
    a.metadata.k = 'v';
    state.customers.cus_new = customer('cus_new', 'new@example.com');
    delete state.customers.cus_b;
    state.seq = 9;
    state.idempotency.push({ key: 'k2', fingerprint: 'f', created: 2, status: 200, headers: {}, body: '{}' });
    tracker.rollback();
    expect(plain(state)).toEqual(before);
  });

  test('a collection replaced as a whole is noticed, and tracked from then on', () => {
    const state = seeded();
    const tracker = new StateTracker(state);
    expect(tracker.collectionsReplaced()).toBe(false);
    state.customers = { cus_c: customer('cus_c', 'c@example.com') };
    expect(tracker.collectionsReplaced()).toBe(true);
    expect(tracker.collectionsReplaced()).toBe(false);
    tracker.begin();
    const c = state.customers.cus_c;
    if (c === undefined) throw new Error('replaced');
    c.email = 'changed@example.com';
    const ops = tracker.commit().map((op) => JSON.parse(op) as { c?: string; id?: string });
    expect(ops).toContainEqual(expect.objectContaining({ c: 'customers', id: 'cus_c' }));
  });

  test('a read-only scope commits nothing', () => {
    const state = seeded();
    const tracker = new StateTracker(state);
    tracker.begin();
    expect(state.customers.cus_a?.email).toBe('a@example.com');
    expect(Object.values(state.customers)).toHaveLength(2);
    expect(tracker.commit()).toEqual([]);
  });

  test('committed operations replayed on the previous state give the new state (random edits)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('set' as const),
              id: fc.constantFrom('cus_a', 'cus_b', 'cus_c'),
              email: fc.emailAddress(),
            }),
            fc.record({
              kind: fc.constant('delete' as const),
              id: fc.constantFrom('cus_a', 'cus_b', 'cus_c'),
            }),
            fc.record({
              kind: fc.constant('edit' as const),
              id: fc.constantFrom('cus_a', 'cus_b'),
              email: fc.emailAddress(),
            }),
            fc.record({ kind: fc.constant('idempotency' as const), key: fc.string({ maxLength: 4 }) }),
          ),
          { maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 4 }),
        (edits, scopes) => {
          const state = seeded();
          const disk = plain(state);
          const tracker = new StateTracker(state);
          edits.forEach((edit, index) => {
            if (index % scopes === 0) tracker.begin();
            if (edit.kind === 'set') state.customers[edit.id] = customer(edit.id, edit.email);
            if (edit.kind === 'delete') delete state.customers[edit.id];
            const existing = edit.kind === 'edit' ? state.customers[edit.id] : undefined;
            if (existing !== undefined && edit.kind === 'edit') existing.email = edit.email;
            if (edit.kind === 'idempotency') {
              state.seq += 1;
              state.idempotency = [
                ...state.idempotency.slice(-2),
                { key: edit.key, fingerprint: 'f', created: 3, status: 200, headers: {}, body: '{}' },
              ];
            }
            if (index % scopes === scopes - 1 || index === edits.length - 1) {
              applyJournalOps(
                disk,
                tracker.commit().map((op) => JSON.parse(op)),
              );
            }
          });
          expect(disk).toEqual(plain(state));
        },
      ),
    );
  });
});
