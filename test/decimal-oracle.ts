// The tests' independent oracle for exact decimals: decimal.js (40 significant digits, half-even),
// sharing no code with src/domain/exact.ts. dcsim itself computes in integer cents and Ratio; tests
// check it against these Dec computations and printers.
import { Decimal as DecimalJs } from 'decimal.js';

export const Dec = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);

/** An exact n/d (a Ratio's parts) as a Dec: exact for finite decimals. */
export function decOf(r: { readonly n: bigint; readonly d: bigint }): Dec {
  return new Dec(r.n.toString()).div(new Dec(r.d.toString()));
}

/** Integer cents as a Dec in dollars. */
export function decOfCents(c: bigint | number): Dec {
  return new Dec(c.toString()).div(100);
}

/** Money text as the output contract writes it: rounded half-even to the cent, "-1234.50", never "-0.00". */
export function decMoney(x: Dec): string {
  const c = x.toDecimalPlaces(2, Dec.ROUND_HALF_EVEN);
  return c.isZero() ? '0.00' : c.toFixed(2);
}

/** A rate as plain decimal text, no exponent, no trailing zeros ("0" for zero). */
export function decRate(x: Dec): string {
  return x.isZero() ? '0' : x.toFixed();
}

/** A rate as a percentage with two decimals, half-even (decimal.js keeps a negative's sign: "-0.00%");
 *  with wholeBare a whole percentage has none ("25%"). */
export function decPercent(x: Dec, opts: { readonly wholeBare?: boolean } = {}): string {
  const p = x.times(100);
  return `${opts.wholeBare && p.isInteger() ? p.toFixed(0) : p.toFixed(2)}%`;
}
