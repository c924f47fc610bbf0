// A PY's aligned rows as compact columns for the bootstrap, and the exact sums of a weighted draw.
//
// A trial draws n row indices with replacement and counts how often each row was drawn (cnt[i]); the
// trial's sums are then Σ cnt[i] × value[i] over the rows, one sequential pass per PY. Rows are laid
// out in four segments (aged_disabled without / with their own benchmark_pbpm, then esrd without /
// with), so the per-entitlement sums the kernel needs are sums over a segment.
//
// Exactness: every value is an integer (cents; risk × months at the PY's largest risk scale K; own
// rate × risk × months). A column whose largest value × n stays below 2^53 is summed in one Float64
// accumulator: every partial sum is an integer below 2^53, so exact. Any other column is split into
// base-2^26 limbs, each summed alone (n × 2^26 < 2^53 for n < 2^27 rows) and combined in BigInt.
import type { Ratio } from '../domain/exact.js';
import { rateTimesCents } from '../domain/exact.js';
import { alignmentOf } from '../domain/aggregate.js';
import { dataError } from '../domain/errors.js';
import type { AttributionId } from '../domain/scenario.js';
import type { EntitlementSums, YearSums } from '../engines/kernel.js';
import type { RowTable } from './rows.js';

const TWO53 = 9007199254740992;
const MAX_ROWS = 1 << 27;

/** value[i] = Σ_k limbs[k][i] × 2^(26k); a single limb holds the value itself. */
export interface LimbColumn {
  readonly limbs: readonly Float64Array[];
}

export interface PyTable {
  readonly py: number;
  readonly n: number;
  /** risk-months are integers at scale 10^scale */
  readonly scale: number;
  /** Segment starts: aged_disabled no-own, aged_disabled own, esrd no-own, esrd own, end (= n). */
  readonly seg: readonly [number, number, number, number, number];
  readonly months: Uint8Array;
  readonly hebaUp: Uint8Array;
  readonly hebaDown: Uint8Array;
  /** Raw expenditure cents (for stop-loss thresholds). */
  readonly expenditureCents: Float64Array;
  readonly expenditure: LimbColumn;
  readonly primaryCare: LimbColumn;
  readonly participant: LimbColumn;
  /** risk × months × 10^scale */
  readonly riskMonths: LimbColumn;
  /** own rate (cents) × risk × months × 10^scale; zero outside the own-rate segments */
  readonly ownRate: LimbColumn;
  /** Row indices by expenditure, highest first (only with stop-loss attachment points). */
  readonly byExpenditure?: Uint32Array;
}

type Alloc = <T extends Float64Array | Uint8Array | Uint32Array>(ctor: new (b: ArrayBufferLike) => T, n: number, bytes: number) => T;

/** Typed arrays on SharedArrayBuffers, so a worker thread reads them without a copy. */
export const sharedAlloc: Alloc = (ctor, n, bytes) => new ctor(new SharedArrayBuffer(Math.max(1, n) * bytes));

function limbColumn(n: number, values: (number | bigint)[] | Float64Array, alloc: Alloc): LimbColumn {
  let max = 0;
  let big = 0n;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (typeof v === 'bigint') {
      if (v > big) big = v;
    } else if (v > max) max = v;
  }
  if (big === 0n && max * n < TWO53) {
    const a = alloc(Float64Array, n, 8);
    for (let i = 0; i < n; i++) a[i] = values[i] as number;
    return { limbs: [a] };
  }
  if (n >= MAX_ROWS) throw dataError(`risk: ${n} aligned rows in one PY is more than the bootstrap sums exactly (${MAX_ROWS})`);
  const top = big > BigInt(max) ? big : BigInt(max);
  const count = Math.max(1, Math.ceil(top.toString(2).length / 26));
  const limbs = Array.from({ length: count }, () => alloc(Float64Array, n, 8));
  for (let i = 0; i < n; i++) {
    let v = BigInt(values[i]!);
    for (let k = 0; k < count; k++) {
      limbs[k]![i] = Number(v & 0x3ffffffn);
      v >>= 26n;
    }
  }
  return { limbs };
}

/** An exact integer product of non-negative safe integers, as a number when it is below 2^53. */
function product(a: number, b: number): number | bigint {
  const p = a * b;
  return p < TWO53 / 2 ? p : BigInt(a) * BigInt(b);
}

/**
 * The aligned rows of each PY (METHODOLOGY section 3 under `policy`), as PyTables. `years` are the
 * PYs to build, ascending; `withStopLoss` adds the expenditure order that stop-loss needs.
 */
export function buildTables(rows: RowTable, years: readonly number[], policy: AttributionId, withStopLoss: boolean, alloc: Alloc = sharedAlloc): PyTable[] {
  const slot = new Map(years.map((py, i) => [py, i]));
  // rows of each PY by segment, in file order
  const lists = years.map(() => [[], [], [], []] as number[][]);
  for (let i = 0; i < rows.length; i++) {
    const y = slot.get(rows.py[i]!);
    if (y === undefined || alignmentOf(rows.flags[i]!, policy) === null) continue;
    lists[y]![rows.entitlement[i]! * 2 + (rows.ownRate[i]! > 0 ? 1 : 0)]!.push(i);
  }
  return years.map((py, y) => {
    const segs = lists[y]!;
    const order = segs.flat();
    const n = order.length;
    const seg: [number, number, number, number, number] = [0, 0, 0, 0, n];
    for (let s = 1; s < 4; s++) seg[s] = seg[s - 1]! + segs[s - 1]!.length;
    let scale = 0;
    for (const i of order) scale = Math.max(scale, rows.riskScale[i]!);
    const months = alloc(Uint8Array, n, 1);
    const hebaUp = alloc(Uint8Array, n, 1);
    const hebaDown = alloc(Uint8Array, n, 1);
    const exp = alloc(Float64Array, n, 8);
    const pc = new Float64Array(n);
    const part = new Float64Array(n);
    const rm: (number | bigint)[] = new Array<number | bigint>(n);
    const own: (number | bigint)[] = new Array<number | bigint>(n);
    order.forEach((i, j) => {
      const m = rows.months[i]!;
      months[j] = m;
      const h = rows.heba[i]!;
      hebaUp[j] = h > 0 ? m : 0;
      hebaDown[j] = h < 0 ? m : 0;
      exp[j] = rows.expenditure[i]!;
      pc[j] = rows.primaryCare[i]!;
      part[j] = rows.participant[i]!;
      const mant = product(rows.riskMantissa[i]!, 10 ** (scale - rows.riskScale[i]!));
      const r = typeof mant === 'bigint' ? mant * BigInt(m) : product(mant, m);
      rm[j] = r;
      const rate = rows.ownRate[i]!;
      own[j] = rate > 0 ? (typeof r === 'bigint' ? r * BigInt(rate) : product(r, rate)) : 0;
    });
    let byExpenditure: Uint32Array | undefined;
    if (withStopLoss) {
      byExpenditure = alloc(Uint32Array, n, 4);
      for (let j = 0; j < n; j++) byExpenditure[j] = j;
      byExpenditure.sort((a, b) => exp[b]! - exp[a]! || a - b);
    }
    return {
      py, n, scale, seg, months, hebaUp, hebaDown, expenditureCents: exp,
      expenditure: limbColumn(n, exp, alloc), primaryCare: limbColumn(n, pc, alloc), participant: limbColumn(n, part, alloc),
      riskMonths: limbColumn(n, rm, alloc), ownRate: limbColumn(n, own, alloc),
      ...(byExpenditure ? { byExpenditure } : {}),
    };
  });
}

/** Σ cnt[i] × column[i] over [a, b), exact. */
function dotLimbs(col: LimbColumn, cnt: Uint32Array, a: number, b: number): bigint {
  let total = 0n;
  col.limbs.forEach((limb, k) => {
    let s = 0;
    for (let i = a; i < b; i++) s += cnt[i]! * limb[i]!;
    total += k === 0 ? BigInt(s) : BigInt(s) << BigInt(26 * k);
  });
  return total;
}

function dotSmall(col: Uint8Array, cnt: Uint32Array, a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += cnt[i]! * col[i]!;
  return s;
}

function count(cnt: Uint32Array, a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += cnt[i]!;
  return s;
}

/** Draw n indices uniformly with replacement; cnt (length n, zeroed) receives how often each was drawn. */
export function drawCounts(g: { below(n: number, t: number): number }, n: number, t: number, cnt: Uint32Array): void {
  for (let k = 0; k < n; k++) cnt[g.below(n, t)]!++;
}

/** The PY-wide trend factor 1 + ε as an exact ratio F / 10^12 (F a safe integer). */
export const FACTOR_SCALE = 1_000_000_000_000;
const FACTOR_SCALE_N = 1_000_000_000_000n;

/**
 * The exact sums of one draw: cnt[i] copies of row i (cnt = null: every row once, the data itself).
 * `factor` (F, the trend factor × 10^12, or null for none) scales each drawn expenditure: Σ expenditure
 * × F / 10^12 is rounded half-even to the cent once; a stop-loss excess is Σ max(0, e × F/10^12 − A)
 * over the drawn rows, computed exactly as (F × Σ_{e > T} e) / 10^12 − A × #{e > T}, T = ⌊A × 10^12 / F⌋,
 * and rounded once. Primary care and participant spend are not scaled (METHODOLOGY section 12).
 */
export function sumsOf(t: PyTable, cnt: Uint32Array, factor: number | null, attachments: readonly number[]): YearSums {
  const [s0, s1, s2, s3, end] = t.seg;
  const d = 10n ** BigInt(t.scale);
  const ent = (a: number, b: number, c: number): EntitlementSums => {
    const rmNo = dotLimbs(t.riskMonths, cnt, a, b);
    const rmOwn = dotLimbs(t.riskMonths, cnt, b, c);
    return {
      months: dotSmall(t.months, cnt, a, c),
      riskMonths: { n: rmNo, d },
      ownRateBenchmark: { n: dotLimbs(t.ownRate, cnt, b, c), d: d * 100n },
      riskMonthsAll: { n: rmNo + rmOwn, d },
      rowsNeedingRate: count(cnt, a, b),
    };
  };
  let expenditure = dotLimbs(t.expenditure, cnt, 0, end);
  const F = factor === null ? null : BigInt(factor);
  const scaled: Ratio | null = F === null ? null : { n: F, d: FACTOR_SCALE_N };
  if (scaled) expenditure = rateTimesCents(scaled, expenditure);
  const stopLossExcess = attachments.map((A) => {
    const order = t.byExpenditure!;
    const T = F === null ? A : F === 0n ? Infinity : Number((BigInt(A) * FACTOR_SCALE_N) / F);
    let sum = 0n;
    let acc = 0;
    let k = 0;
    for (let j = 0; j < t.n; j++) {
      const i = order[j]!;
      const e = t.expenditureCents[i]!;
      if (!(e > T)) break;
      const c = cnt[i]!;
      if (c === 0) continue;
      k += c;
      const p = c * e;
      if (acc + p >= TWO53 / 2) {
        sum += BigInt(acc) + BigInt(c) * BigInt(e);
        acc = 0;
      } else acc += p;
    }
    sum += BigInt(acc);
    const above = scaled ? rateTimesCents(scaled, sum) : sum;
    return above - BigInt(A) * BigInt(k);
  });
  return {
    py: t.py,
    memberMonths: dotSmall(t.months, cnt, 0, end),
    expenditure,
    primaryCare: dotLimbs(t.primaryCare, cnt, 0, end),
    participant: dotLimbs(t.participant, cnt, 0, end),
    entitlements: { aged_disabled: ent(s0, s1, s2), esrd: ent(s2, s3, end) },
    hebaUpMonths: dotSmall(t.hebaUp, cnt, 0, end),
    hebaDownMonths: dotSmall(t.hebaDown, cnt, 0, end),
    stopLossExcess,
  };
}
