// Money and rates. Money lines are Dec values rounded to the cent, half-even, once, when computed
// (METHODOLOGY section 5); rates are Dec values never rounded.
import { Dec, ZERO } from './decimal.js';
import { formatCents } from './exact.js';

/** Round a money amount to the cent, half-even. */
export function cents(x: Dec): Dec {
  return x.toDecimalPlaces(2, Dec.ROUND_HALF_EVEN);
}

/** Integer cents (number or bigint) to a Dec amount in dollars. */
export function fromCents(c: number | bigint): Dec {
  return new Dec(c.toString()).div(100);
}

/** Fixed two-decimal string, never "-0.00": rounded to the cent (half-even), then formatCents. */
export function formatMoney(x: Dec): string {
  return formatCents(BigInt(cents(x).times(100).toFixed(0)));
}

/** A rate as a plain decimal string (no exponent, no trailing zeros). */
export function formatRate(x: Dec): string {
  if (x.isZero()) return '0';
  return x.toFixed();
}

/**
 * THE percentage formatter (tables only): a rate as a percentage with `places` decimals, rounded
 * half-even (decimal.js's configured rounding): 0.0345 -> "3.45%". With wholeBare a whole
 * percentage has no decimals: 0.25 -> "25%" (corridor bands).
 */
export function formatPercent(x: Dec, places = 2, opts: { readonly wholeBare?: boolean } = {}): string {
  const p = x.times(100);
  return `${opts.wholeBare && p.isInteger() ? p.toFixed(0) : p.toFixed(places)}%`;
}

export function sum(xs: readonly Dec[]): Dec {
  let t = ZERO;
  for (const x of xs) t = t.plus(x);
  return t;
}

/**
 * A share kept as a fraction so that a derived rate (e.g. participant_spend / expenditure)
 * multiplies exactly: x * num / den, divided last.
 */
export class Share {
  constructor(
    readonly num: Dec,
    readonly den: Dec = new Dec(1),
  ) {}
  get value(): Dec {
    return this.den.isZero() ? ZERO : this.num.div(this.den);
  }
  of(x: Dec): Dec {
    return this.den.isZero() ? ZERO : x.times(this.num).div(this.den);
  }
}
