// The one module that imports decimal.js. Every exact computation in dcsim uses this clone:
// 40 significant digits (far beyond any settlement's needs) and banker's rounding (half-even),
// which is the rounding METHODOLOGY section 5 prescribes for money lines.
import { Decimal as DecimalJs } from 'decimal.js';

export const Dec = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
