// The lag report model (`dcsim cclf … --lag-report FILE`): the lag triangle's cells, the chain-ladder
// age-to-age factors per PY with the sums and origins behind them, the cumulative factors to ultimate,
// and each PY's completion factor (the value for the `completion_factor` scenario key). Built from the
// triangle and its completion (usecases/cclf/lag.ts); ultimate money rounded once to the cent here
// by domain's toCents.
import { toCents, type Ratio } from '../domain/exact.js';
import type { Completion, FactorSource, LagTriangle } from '../usecases/cclf/lag.js';

export interface LagReport {
  /** The as-of month, YYYY-MM. */
  readonly asOf: string;
  readonly lastAge: number;
  readonly triangle: readonly { py: number; month: number; lag: number; paid: bigint; cumulative: bigint }[];
  readonly factors: readonly { py: number; age: number; factor: Ratio; numerator: bigint; denominator: bigint; origins: number; source: FactorSource }[];
  readonly toUltimate: readonly { py: number; age: number; factor: Ratio }[];
  readonly completion: readonly { py: number; observed: bigint; ultimate: bigint; factor: Ratio; agesUsed: readonly number[] }[];
}

export function lagReport(tri: LagTriangle, c: Completion): LagReport {
  const triangle: { py: number; month: number; lag: number; paid: bigint; cumulative: bigint }[] = [];
  const toUltimate: { py: number; age: number; factor: Ratio }[] = [];
  for (const y of c.years) {
    for (const o of y.origins) {
      let cum = 0n;
      for (let lag = 0; lag <= Math.min(o.age, c.lastAge); lag++) {
        const paid = tri.paid(y.py, o.month, lag);
        cum += paid;
        triangle.push({ py: y.py, month: o.month, lag, paid, cumulative: cum });
      }
    }
    // the cumulative factor from each age: the last age's is 1; each earlier one is f_k times the next
    const cumulative: Ratio[] = [];
    let f: Ratio = { n: 1n, d: 1n };
    cumulative[c.lastAge] = f;
    for (let k = c.lastAge - 1; k >= 0; k--) {
      const a = y.factors[k]!.factor;
      f = { n: a.n * f.n, d: a.d * f.d };
      cumulative[k] = f;
    }
    for (let k = 0; k <= c.lastAge; k++) toUltimate.push({ py: y.py, age: k, factor: cumulative[k]! });
  }
  return {
    asOf: `${String(c.asOf.year).padStart(4, '0')}-${String(c.asOf.month).padStart(2, '0')}`,
    lastAge: c.lastAge,
    triangle,
    factors: c.years.flatMap((y) => y.factors.map((a) => ({
      py: y.py, age: a.age, factor: a.factor, numerator: a.numerator, denominator: a.denominator, origins: a.origins.length, source: a.source,
    }))),
    toUltimate,
    completion: c.years.map((y) => ({
      py: y.py, observed: y.observed, ultimate: toCents({ n: y.ultimate.n, d: y.ultimate.d * 100n }), factor: y.factor, agesUsed: y.agesUsed,
    })),
  };
}
