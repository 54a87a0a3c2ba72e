import { assertMinorUnits } from './minor-units';

const BASIS_POINTS_PER_PERCENT = 100;
const BASIS_POINTS_PER_WHOLE = 10_000;

/**
 * `percent` % of an integer minor-unit amount, rounded half-up to a whole minor unit.
 *
 * Rounding rule (the one rule used for every percentage discount):
 *   result = floor((amount * basisPoints + 5000) / 10000), basisPoints = percent * 100
 * i.e. the exact rational amount * percent / 100, with an exact half rounded up (away from zero,
 * as amounts are never negative). Examples: 10 % of 16800 -> 1680; 5 % of 105 (5.25) -> 5;
 * 12.5 % of 4 (0.5) -> 1; 50 % of 1 (0.5) -> 1; 10 % of 1 (0.1) -> 0.
 *
 * The percent is converted to integer basis points once, so at most two decimals are allowed
 * (12.5 and 0.1 + 0.2 are fine; 12.345 is rejected) and no float ever touches the amount.
 */
export function percentOf(amount: number, percent: number): number {
  assertMinorUnits(amount);
  const basisPoints = toBasisPoints(percent);
  // amount * basisPoints may exceed 2^53, so split amount = q * 10000 + r: the q part divides
  // exactly and r * basisPoints < 10^8 stays exact.
  const wholeBlocks = Math.floor(amount / BASIS_POINTS_PER_WHOLE);
  const rest = amount % BASIS_POINTS_PER_WHOLE;
  const restShare = Math.floor((rest * basisPoints + BASIS_POINTS_PER_WHOLE / 2) / BASIS_POINTS_PER_WHOLE);
  return wholeBlocks * basisPoints + restShare;
}

function toBasisPoints(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`percent must be between 0 and 100, got ${percent}`);
  }
  const scaled = percent * BASIS_POINTS_PER_PERCENT;
  const basisPoints = Math.round(scaled);
  // Tolerates representation noise (0.29 * 100 = 28.999999999999996) but not a third decimal.
  if (Math.abs(scaled - basisPoints) > 1e-6) {
    throw new RangeError(`percent may have at most two decimals, got ${percent}`);
  }
  return basisPoints;
}
