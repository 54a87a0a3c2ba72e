/**
 * Amounts are integer minor units; anything else (a float, NaN, an amount beyond 2^53) would make
 * totals drift silently, so it is rejected loudly at the boundary instead.
 */
export function assertMinorUnits(value: number, label = 'amount'): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${label} must be a non-negative safe integer of minor units, got ${value}`);
  }
}
