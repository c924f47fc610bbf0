// Money and rates. Money lines are Dec values rounded to the cent, half-even, once, when computed
// (METHODOLOGY section 5); rates are Dec values never rounded.
import { Dec, ZERO } from './decimal.js';

/** Round a money amount to the cent, half-even. */
export function cents(x: Dec): Dec {
  return x.toDecimalPlaces(2, Dec.ROUND_HALF_EVEN);
}

/** Integer cents (number or bigint) to a Dec amount in dollars. */
export function fromCents(c: number | bigint): Dec {
  return new Dec(c.toString()).div(100);
}

/** Fixed two-decimal string, never "-0.00". */
export function formatMoney(x: Dec): string {
  const s = cents(x).toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** A rate as a plain decimal string (no exponent, no trailing zeros). */
export function formatRate(x: Dec): string {
  if (x.isZero()) return '0';
  return x.toFixed();
}

export function sum(xs: readonly Dec[]): Dec {
  let t = ZERO;
  for (const x of xs) t = t.plus(x);
  return t;
}
