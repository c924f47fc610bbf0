// Claims run-out: the lag triangle of paid amounts (incurred month × months until CMS loaded them)
// and chain-ladder completion factors (issue 17, item 3). Pure: the CCLF reader feeds add() with each
// counted record's PY, incurred (thru) month, months from incurred month to load month and signed
// cents; completion() turns the triangle into factors as exact Ratios. For a reader: a record counted
// in expenditure (its current MBI, PY, an aligned month, loaded by --as-of) goes in as
// add(py, month of its date, monthsBetween(its date's month, CLM_IDR_LD_DT's month), signed cents);
// a record with no load date has no lag and stays out of the triangle (it still counts in the CSV).
//
// The chain ladder, as used for IBNR: for each PY, the origins are its incurred months 1..12; an
// origin (PY p, month m) is observed through development age a = (as-of month) − (p, m) in months
// (origins with a < 0 are not incurred yet and are left out). C(o, k) is the cumulative paid of
// origin o through age k (cells past a, which a reader filtering by --as-of never has, are ignored).
// Age-to-age factor f_k (age k → k + 1) = Σ C(o, k + 1) / Σ C(o, k) over the origins of the PY
// observed through k + 1 (volume-weighted). Where the PY has no such origin, or the sum at age k is
// not positive, f_k is the same sum over every earlier PY's origins ("earlier_pys"), and failing
// that 1 ("none"). Ages run to K, the largest lag in the triangle: no tail factor beyond it. The
// cumulative factor to ultimate from age a is Π f_k for k = a .. K − 1; an origin's ultimate is
// C(o, a) × that; the PY's completion factor is Σ ultimate / Σ C(o, a) (1 when nothing is paid).
import { R0, R1, add, mul, reduce, type Ratio } from '../../domain/exact.js';

export interface YearMonth {
  readonly year: number;
  readonly month: number;
}

/** Whole months from `from`'s month to `to`'s (negative when `to` is earlier). */
export function monthsBetween(from: YearMonth, to: YearMonth): number {
  return to.year * 12 + to.month - (from.year * 12 + from.month);
}

/** Paid cents by PY, incurred month (1..12) and months from incurred to load (≥ 0). */
export class LagTriangle {
  private readonly byYear = new Map<number, bigint[][]>();
  private longest = -1;

  add(py: number, incurredMonth: number, lagMonths: number, cents: bigint): void {
    if (!Number.isInteger(py)) throw new RangeError(`performance year must be an integer, got ${py}`);
    if (!Number.isInteger(incurredMonth) || incurredMonth < 1 || incurredMonth > 12) {
      throw new RangeError(`incurred month must be 1..12, got ${incurredMonth}`);
    }
    if (!Number.isInteger(lagMonths) || lagMonths < 0) throw new RangeError(`lag must be a whole number of months ≥ 0, got ${lagMonths}`);
    let rows = this.byYear.get(py);
    if (!rows) {
      rows = Array.from({ length: 12 }, () => []);
      this.byYear.set(py, rows);
    }
    const row = rows[incurredMonth - 1]!;
    while (row.length <= lagMonths) row.push(0n);
    row[lagMonths] = row[lagMonths]! + cents;
    if (lagMonths > this.longest) this.longest = lagMonths;
  }

  /** The PYs with any cell, ascending. */
  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  paid(py: number, incurredMonth: number, lagMonths: number): bigint {
    return this.byYear.get(py)?.[incurredMonth - 1]?.[lagMonths] ?? 0n;
  }

  /** The largest lag added (−1 when empty). */
  maxLag(): number {
    return this.longest;
  }

  /** Cumulative paid of an origin through age k (cells 0..k). */
  cumulative(py: number, incurredMonth: number, k: number): bigint {
    const row = this.byYear.get(py)?.[incurredMonth - 1] ?? [];
    let s = 0n;
    for (let j = 0; j <= k && j < row.length; j++) s += row[j]!;
    return s;
  }
}

export type FactorSource = 'this_py' | 'earlier_pys' | 'none';

export interface AgeFactor {
  /** From this development age (months) to the next. */
  readonly age: number;
  readonly factor: Ratio;
  /** Σ C(o, age + 1) and Σ C(o, age) over the origins used (0 and 0 for 'none'). */
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** The origins used, as [PY, incurred month]. */
  readonly origins: readonly (readonly [number, number])[];
  readonly source: FactorSource;
}

export interface Origin {
  readonly month: number;
  /** Development months observed at the as-of date. */
  readonly age: number;
  /** C(o, age). */
  readonly observed: bigint;
  /** Π f_k from age to the last age (1 when fully developed). */
  readonly toUltimate: Ratio;
  /** observed × toUltimate, in cents (exact). */
  readonly ultimate: Ratio;
}

export interface YearCompletion {
  readonly py: number;
  /** f_0 .. f_{K−1}. */
  readonly factors: readonly AgeFactor[];
  /** The incurred months of the PY up to the as-of month. */
  readonly origins: readonly Origin[];
  readonly observed: bigint;
  readonly ultimate: Ratio;
  /** ultimate / observed (1 when observed ≤ 0): the PY's `completion_factor`. */
  readonly factor: Ratio;
  /** The development ages whose factor comes from this PY's own origins. */
  readonly agesUsed: readonly number[];
}

export interface Completion {
  readonly asOf: YearMonth;
  /** K: the largest development age (months) in the triangle. */
  readonly lastAge: number;
  readonly years: readonly YearCompletion[];
}

function originsOf(tri: LagTriangle, py: number, asOf: YearMonth): { month: number; age: number }[] {
  const out: { month: number; age: number }[] = [];
  for (let m = 1; m <= 12; m++) {
    const age = monthsBetween({ year: py, month: m }, asOf);
    if (age >= 0) out.push({ month: m, age });
  }
  return out;
}

/** Σ C(o, k + 1) / Σ C(o, k) over `origins` observed through k + 1, or undefined when unusable. */
function volumeWeighted(tri: LagTriangle, origins: readonly { py: number; month: number; age: number }[], k: number): Omit<AgeFactor, 'source' | 'age'> | undefined {
  const used = origins.filter((o) => o.age >= k + 1);
  if (used.length === 0) return undefined;
  let num = 0n;
  let den = 0n;
  for (const o of used) {
    num += tri.cumulative(o.py, o.month, k + 1);
    den += tri.cumulative(o.py, o.month, k);
  }
  if (den <= 0n) return undefined;
  return { factor: reduce({ n: num, d: den }), numerator: num, denominator: den, origins: used.map((o) => [o.py, o.month] as const) };
}

/** The chain ladder of every PY in the triangle, evaluated at the as-of month. */
export function completion(tri: LagTriangle, asOf: YearMonth): Completion {
  const K = Math.max(0, tri.maxLag());
  const years: YearCompletion[] = [];
  const earlier: { py: number; month: number; age: number }[] = [];
  for (const py of tri.years()) {
    const own = originsOf(tri, py, asOf).map((o) => ({ py, ...o }));
    const factors: AgeFactor[] = [];
    for (let k = 0; k < K; k++) {
      const mine = volumeWeighted(tri, own, k);
      const pooled = mine ? undefined : volumeWeighted(tri, earlier, k);
      factors.push(
        mine ? { age: k, ...mine, source: 'this_py' }
          : pooled ? { age: k, ...pooled, source: 'earlier_pys' }
          : { age: k, factor: R1, numerator: 0n, denominator: 0n, origins: [], source: 'none' },
      );
    }
    const toUltimate: Ratio[] = new Array<Ratio>(K + 1);
    toUltimate[K] = R1;
    for (let k = K - 1; k >= 0; k--) toUltimate[k] = reduce(mul(factors[k]!.factor, toUltimate[k + 1]!));
    let observed = 0n;
    let ultimate: Ratio = R0;
    const origins: Origin[] = own.map((o) => {
      const c = tri.cumulative(py, o.month, o.age);
      const f = toUltimate[Math.min(o.age, K)]!;
      const u = reduce(mul({ n: c, d: 1n }, f));
      observed += c;
      ultimate = reduce(add(ultimate, u));
      return { month: o.month, age: o.age, observed: c, toUltimate: f, ultimate: u };
    });
    const factor = observed > 0n ? reduce({ n: ultimate.n, d: ultimate.d * observed }) : R1;
    years.push({
      py, factors, origins, observed, ultimate, factor,
      agesUsed: factors.filter((f) => f.source === 'this_py').map((f) => f.age),
    });
    earlier.push(...own);
  }
  return { asOf, lastAge: K, years };
}
