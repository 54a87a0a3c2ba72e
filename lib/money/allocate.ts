import { assertMinorUnits } from './minor-units';

/**
 * Splits `amount` minor units over `weights` by the largest-remainder (Hamilton) method:
 * every part first gets floor(amount * weight / totalWeight), then the units left over go one
 * each to the parts with the largest remainders, earlier index first on equal remainders.
 *
 * Guarantees: the parts sum exactly to `amount`, none is negative, and each part is the floor or
 * the ceiling of its exact proportional share (so within 1 minor unit of it).
 *
 * Weights must be non-negative safe integers (typically line amounts in minor units) so the
 * arithmetic is exact; the products are taken in BigInt because amount * weight can pass 2^53.
 * When every weight is zero there is no proportion to follow, so the amount is split evenly
 * (as if all weights were equal). An empty list can only receive 0.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  assertMinorUnits(amount);
  weights.forEach((weight, index) => {
    assertMinorUnits(weight, `weights[${index}]`);
  });
  if (weights.length === 0) {
    if (amount === 0) return [];
    throw new RangeError(`cannot allocate ${amount} over no weights`);
  }

  const allZero = weights.every((weight) => weight === 0);
  const effective = weights.map((weight) => BigInt(allZero ? 1 : weight));
  const totalWeight = effective.reduce((sum, weight) => sum + weight, 0n);
  const bigAmount = BigInt(amount);

  const parts = effective.map((weight) => (bigAmount * weight) / totalWeight);
  const remainders = effective.map((weight) => (bigAmount * weight) % totalWeight);
  let leftover = Number(bigAmount - parts.reduce((sum, part) => sum + part, 0n));

  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));

  const result = parts.map(Number);
  for (const { index } of byRemainder) {
    if (leftover === 0) break;
    result[index] = (result[index] ?? 0) + 1;
    leftover -= 1;
  }
  return result;
}
