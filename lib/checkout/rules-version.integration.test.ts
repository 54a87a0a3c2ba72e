import { describe, expect, it } from 'vitest';
import type { PromotionCodeRule } from '@/lib/discounts';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Queryable } from '@/lib/store/types';
import { loadDiscountRules, RULES_VERSION_QUERY, seedDiscountRules } from './discount-rules';

/**
 * The rules' version (migration 0012) is what lets a change skip reading the rules: it must move
 * with every write of discount_rules, become visible with it (not before: a reader would keep the old
 * rules under the new version), and not move for a write that is rolled back.
 */

const rule = (id: string, percent: number): PromotionCodeRule => ({
  id,
  kind: 'promotion_code',
  name: id.toUpperCase(),
  code: id.toUpperCase(),
  value: { type: 'percent', percent },
});

const versionOf = async (db: Queryable) =>
  (await db.query<{ version: string }>(`SELECT ${RULES_VERSION_QUERY} AS version`)).rows[0]?.version;

describe.each(TEST_DRIVERS)('the discount rules version on %s', (driver) => {
  const db = useTestStore(driver);

  it('moves with every kind of write, and only when the write commits', async () => {
    const seen = new Set<string | undefined>([await versionOf(db.store)]);
    const moved = async () => {
      const version = await versionOf(db.store);
      expect(seen.has(version)).toBe(false);
      seen.add(version);
    };
    await seedDiscountRules(db.store, [rule('version-a', 10)]);
    await moved();
    await db.store.query(`UPDATE discount_rules SET active = false WHERE id = 'version-a'`);
    await moved();
    await db.store.query(`DELETE FROM discount_rules WHERE id = 'version-a'`);
    await moved();
    await seedDiscountRules(db.store, [rule('version-b', 10)]);
    await db.store.query('TRUNCATE discount_rules');
    await moved();

    const before = await versionOf(db.store);
    await expect(
      db.store.transaction(async (tx) => {
        await seedDiscountRules(tx, [rule('version-c', 10)]);
        // Inside the writing transaction the new version and the new rules go together.
        expect(await versionOf(tx)).not.toBe(before);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await versionOf(db.store)).toBe(before);
  });

  it('the rules kept for a version are returned without a statement; another version reads them again', async () => {
    await db.store.query('TRUNCATE discount_rules');
    await seedDiscountRules(db.store, [rule('version-d', 10)]);
    const version = await versionOf(db.store);
    expect((await loadDiscountRules(db.store)).map((r) => r.id)).toEqual(['version-d']);

    let statements = 0;
    const counted: Queryable = {
      query: (sql, params) => {
        statements += 1;
        return db.store.query(sql, params);
      },
    };
    expect((await loadDiscountRules(counted, version)).map((r) => r.id)).toEqual(['version-d']);
    expect(statements).toBe(0);

    await seedDiscountRules(db.store, [rule('version-e', 20)]);
    expect((await loadDiscountRules(counted, await versionOf(db.store))).map((r) => r.id)).toEqual([
      'version-d',
      'version-e',
    ]);
    expect(statements).toBe(1);
    // No version given (fulfilment, the back office): always read.
    await loadDiscountRules(counted);
    expect(statements).toBe(2);
  });
});
