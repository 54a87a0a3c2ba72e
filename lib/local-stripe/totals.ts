import { allocateLargestRemainder, percentOf } from './money';

export interface TotalsLine {
  id: string;
  unitAmount: number;
  quantity: number;
  product: string;
}

export interface TotalsCoupon {
  amountOff: number | null;
  percentOff: number | null;
  /** Product ids the coupon is restricted to; null applies it to every line. */
  appliesTo: readonly string[] | null;
}

export interface LineTotals {
  id: string;
  subtotal: number;
  discount: number;
  total: number;
}

export interface Totals {
  subtotal: number;
  discount: number;
  total: number;
  lines: LineTotals[];
}

/**
 * Stripe's Checkout totals for one coupon: the discount is computed once on the eligible
 * subtotal (percent rounded half up; amount off capped at that subtotal, so totals never go
 * below zero) and allocated over the eligible lines by largest remainder, so line discounts
 * add up exactly to the order's.
 */
export function computeTotals(lines: readonly TotalsLine[], coupon: TotalsCoupon | null): Totals {
  const subtotals = lines.map((line) => line.unitAmount * line.quantity);
  const subtotal = subtotals.reduce((a, b) => a + b, 0);
  const eligible = lines.map((line) => coupon !== null && (coupon.appliesTo?.includes(line.product) ?? true));
  const weights = subtotals.map((amount, index) => (eligible[index] ? amount : 0));
  const eligibleSubtotal = weights.reduce((a, b) => a + b, 0);

  let discount = 0;
  if (coupon !== null && eligibleSubtotal > 0) {
    if (coupon.percentOff !== null) discount = percentOf(eligibleSubtotal, coupon.percentOff);
    else if (coupon.amountOff !== null) discount = coupon.amountOff;
    discount = Math.min(discount, eligibleSubtotal);
  }
  const lineDiscounts = discount > 0 ? allocateLargestRemainder(discount, weights) : lines.map(() => 0);

  return {
    subtotal,
    discount,
    total: subtotal - discount,
    lines: lines.map((line, index) => {
      const lineSubtotal = subtotals[index] ?? 0;
      const lineDiscount = lineDiscounts[index] ?? 0;
      return {
        id: line.id,
        subtotal: lineSubtotal,
        discount: lineDiscount,
        total: lineSubtotal - lineDiscount,
      };
    }),
  };
}
