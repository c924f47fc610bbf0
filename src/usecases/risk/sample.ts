// A PY's aligned rows as compact columns for the bootstrap, and the exact sums of a weighted draw.
//
// A trial draws n row indices with replacement and counts how often each row was drawn (cnt[i]); the
// trial's sums are then Σ cnt[i] × value[i] over the rows, one sequential pass per PY. Rows are laid
// out in four segments (aged_disabled without / with their own benchmark_pbpm, then esrd without /
// with), so the per-entitlement sums the kernel needs are sums over a segment.
//
// Exactness: every value is a non-negative integer (cents; risk × months at the PY's largest risk
// scale K; own rate × risk × months). Σ cnt[i] × value[i] is first summed in one Float64 accumulator.
// While the true running sum stays below 2^53 every product and partial sum is exact; once it reaches
// 2^53 the computed sum is at least 2^53 too (rounding is monotonic and the terms are non-negative) and
// stays there. So a computed sum below 2^53 is exact, and a sum at or above it is recomputed from the
// column's base-2^26 limbs, each summed alone (n × 2^26 < 2^53 for n < 2^27 rows) and combined in
// BigInt. A column with a row value of 2^53 or more has only limbs.
import type { Ratio } from '../../domain/exact.js';
import { rateTimesCents } from '../../domain/exact.js';
import { alignmentOf } from '../../domain/aggregate.js';
import { dataError } from '../../domain/errors.js';
import type { AttributionId } from '../../domain/scenario.js';
import type { EntitlementSums, YearSums } from '../../engines/kernel.js';
import type { Xoshiro128pp } from './prng.js';
import type { RowTable } from '../../domain/population.js';

const TWO53 = 9007199254740992;
const MAX_ROWS = 1 << 27;

/** An exact integer column: value[i] (when every row's value is below 2^53), and base-2^26 limbs
 *  value[i] = Σ_k limbs[k][i] × 2^(26k), built when first needed (at once when there is no value). */
export interface ExactColumn {
  readonly value: Float64Array | null;
  limbs: Float64Array[] | null;
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
  readonly expenditure: ExactColumn;
  readonly primaryCare: ExactColumn;
  readonly participant: ExactColumn;
  /** risk × months × 10^scale */
  readonly riskMonths: ExactColumn;
  /** own rate (cents) × risk × months × 10^scale; zero outside the own-rate segments */
  readonly ownRate: ExactColumn;
  /** Row indices by expenditure, highest first (only with stop-loss attachment points). */
  readonly byExpenditure?: Uint32Array;
  /** For n < 2^22: 1 + months × 2^22 per row (Σ cnt × it packs rows and member months exactly). */
  readonly packedMonths?: Float64Array;
  /** For n < 2^22, rows with HEBA: up months + down months × 2^26 per row; absent when no row has HEBA. */
  readonly packedHeba?: Float64Array;
  /** How many segment sums needed the limbs (a sum reached 2^53): says which path ran. */
  readonly fallbacks: { count: number };
}

const PACK_ROWS = 4194304; // 2^22
const PACK_HEBA = 67108864; // 2^26

type Alloc = <T extends Float64Array | Uint8Array | Uint32Array>(ctor: new (b: ArrayBufferLike) => T, n: number, bytes: number) => T;

/** Typed arrays on SharedArrayBuffers, so a worker thread reads them without a copy. */
export const sharedAlloc: Alloc = (ctor, n, bytes) => new ctor(new SharedArrayBuffer(Math.max(1, n) * bytes));

function toLimbs(n: number, get: (i: number) => bigint): Float64Array[] {
  if (n >= MAX_ROWS) throw dataError(`risk: ${n} aligned rows in one PY is more than the bootstrap sums exactly (${MAX_ROWS})`);
  let top = 0n;
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v > top) top = v;
  }
  const count = Math.max(1, Math.ceil(top.toString(2).length / 26));
  const limbs = Array.from({ length: count }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let v = get(i);
    for (let k = 0; k < count; k++) {
      limbs[k]![i] = Number(v & 0x3ffffffn);
      v >>= 26n;
    }
  }
  return limbs;
}

/** A column of exact integers; `big` holds the rows whose value is 2^53 or more (index → value). */
function exactColumn(n: number, values: Float64Array, big: ReadonlyMap<number, bigint>, alloc: Alloc, reuse = false): ExactColumn {
  if (big.size > 0) return { value: null, limbs: toLimbs(n, (i) => big.get(i) ?? BigInt(values[i]!)) };
  if (reuse) return { value: values, limbs: null };
  const a = alloc(Float64Array, n, 8);
  a.set(values.subarray(0, n));
  return { value: a, limbs: null };
}

function limbsOf(c: ExactColumn, n: number): Float64Array[] {
  if (!c.limbs) {
    const v = c.value!;
    c.limbs = toLimbs(n, (i) => BigInt(v[i]!));
  }
  return c.limbs;
}

const SAFE = TWO53 / 2;

/**
 * The aligned rows of each PY (METHODOLOGY section 3 under `policy`), as PyTables. `years` are the
 * PYs to build, ascending; `withStopLoss` adds the expenditure order that stop-loss needs.
 */
export function buildTables(rows: RowTable, years: readonly number[], policy: AttributionId, withStopLoss: boolean, alloc: Alloc = sharedAlloc): PyTable[] {
  const slotOf = new Int32Array(65536).fill(-1);
  years.forEach((py, i) => {
    slotOf[py] = i;
  });
  const aligned = new Uint8Array(8);
  for (let f = 0; f < 8; f++) aligned[f] = alignmentOf(f, policy) === null ? 0 : 1;
  // pass 1: rows per (PY, segment); pass 2: each row's place
  const P = years.length;
  const counts = new Int32Array(P * 4);
  const segOf = new Int8Array(rows.length).fill(-1);
  for (let i = 0; i < rows.length; i++) {
    const y = slotOf[rows.py[i]!]!;
    if (y < 0 || !aligned[rows.flags[i]! & 7]) continue;
    const sg = rows.entitlement[i]! * 2 + (rows.ownRate[i]! > 0 ? 1 : 0);
    segOf[i] = sg;
    counts[y * 4 + sg]!++;
  }
  const next = new Int32Array(P * 4);
  const orders = years.map((_py, y) => {
    let at = 0;
    for (let sg = 0; sg < 4; sg++) {
      next[y * 4 + sg] = at;
      at += counts[y * 4 + sg]!;
    }
    return new Uint32Array(at);
  });
  for (let i = 0; i < rows.length; i++) {
    const sg = segOf[i]!;
    if (sg < 0) continue;
    const y = slotOf[rows.py[i]!]!;
    orders[y]![next[y * 4 + sg]!++] = i;
  }
  return years.map((py, y) => {
    const order = orders[y]!;
    const n = order.length;
    const seg: [number, number, number, number, number] = [0, 0, 0, 0, n];
    for (let sg = 1; sg < 4; sg++) seg[sg] = seg[sg - 1]! + counts[y * 4 + sg - 1]!;
    let scale = 0;
    for (let j = 0; j < n; j++) scale = Math.max(scale, rows.riskScale[order[j]!]!);
    const months = alloc(Uint8Array, n, 1);
    const hebaUp = alloc(Uint8Array, n, 1);
    const hebaDown = alloc(Uint8Array, n, 1);
    const exp = alloc(Float64Array, n, 8);
    const pc = new Float64Array(n);
    const part = new Float64Array(n);
    const rm = new Float64Array(n);
    const own = new Float64Array(n);
    const bigRm = new Map<number, bigint>();
    const bigOwn = new Map<number, bigint>();
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      const m = rows.months[i]!;
      months[j] = m;
      const h = rows.heba[i]!;
      hebaUp[j] = h > 0 ? m : 0;
      hebaDown[j] = h < 0 ? m : 0;
      exp[j] = rows.expenditure[i]!;
      pc[j] = rows.primaryCare[i]!;
      part[j] = rows.participant[i]!;
      const mant = rows.riskMantissa[i]!;
      const up = 10 ** (scale - rows.riskScale[i]!);
      const r = mant * up * m;
      const rate = rows.ownRate[i]!;
      if (r < SAFE) {
        rm[j] = r;
        if (rate > 0) {
          const o = r * rate;
          if (o < SAFE) own[j] = o;
          else bigOwn.set(j, BigInt(r) * BigInt(rate));
        }
      } else {
        const rb = BigInt(mant) * 10n ** BigInt(scale - rows.riskScale[i]!) * BigInt(m);
        bigRm.set(j, rb);
        if (rate > 0) bigOwn.set(j, rb * BigInt(rate));
      }
    }
    let packedMonths: Float64Array | undefined;
    let packedHeba: Float64Array | undefined;
    if (n < PACK_ROWS) {
      packedMonths = alloc(Float64Array, n, 8);
      for (let j = 0; j < n; j++) packedMonths[j] = 1 + months[j]! * PACK_ROWS;
      if (hebaUp.some((x) => x > 0) || hebaDown.some((x) => x > 0)) {
        packedHeba = alloc(Float64Array, n, 8);
        for (let j = 0; j < n; j++) packedHeba[j] = hebaUp[j]! + hebaDown[j]! * PACK_HEBA;
      }
    }
    let byExpenditure: Uint32Array | undefined;
    if (withStopLoss) {
      byExpenditure = alloc(Uint32Array, n, 4);
      for (let j = 0; j < n; j++) byExpenditure[j] = j;
      byExpenditure.sort((a, b) => exp[b]! - exp[a]! || a - b);
    }
    const none = new Map<number, bigint>();
    return {
      py, n, scale, seg, months, hebaUp, hebaDown, expenditureCents: exp,
      expenditure: exactColumn(n, exp, none, alloc, true), primaryCare: exactColumn(n, pc, none, alloc), participant: exactColumn(n, part, none, alloc),
      riskMonths: exactColumn(n, rm, bigRm, alloc), ownRate: exactColumn(n, own, bigOwn, alloc),
      fallbacks: { count: 0 },
      ...(byExpenditure ? { byExpenditure } : {}),
      ...(packedMonths ? { packedMonths } : {}),
      ...(packedHeba ? { packedHeba } : {}),
    };
  });
}

/** Σ cnt[i] × column[i] over [a, b) by limbs, exact. */
function dotLimbs(limbs: readonly Float64Array[], cnt: Uint32Array, a: number, b: number): bigint {
  let total = 0n;
  limbs.forEach((limb, k) => {
    let s = 0;
    for (let i = a; i < b; i++) s += cnt[i]! * limb[i]!;
    total += BigInt(s) << BigInt(26 * k);
  });
  return total;
}

/** A Float64 sum `fast` of the column over [a, b) if it is below 2^53 (then exact), else the limbs' sum. */
function exactSum(t: PyTable, col: ExactColumn, fast: number, cnt: Uint32Array, a: number, b: number): bigint {
  if (col.value && fast < TWO53) return BigInt(fast);
  t.fallbacks.count++;
  return dotLimbs(limbsOf(col, t.n), cnt, a, b);
}

function dotValue(col: ExactColumn, cnt: Uint32Array, a: number, b: number): number {
  const v = col.value;
  if (!v) return TWO53;
  let s = 0;
  for (let i = a; i < b; i++) s += cnt[i]! * v[i]!;
  return s;
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
export function drawCounts(g: Xoshiro128pp, n: number, t: number, cnt: Uint32Array): void {
  g.fillCounts(n, t, n, cnt);
}

interface SegmentSums {
  months: number;
  rows: number;
  hebaUp: number;
  hebaDown: number;
  expenditure: bigint;
  primaryCare: bigint;
  participant: bigint;
  riskMonths: bigint;
  ownRate: bigint;
}

/**
 * Σ cnt[i] × each column over each of the four segments. When every column has its row values (the
 * usual case) one fused pass does it; a sum that reaches 2^53 is redone from limbs (file comment).
 */
function segmentSums(t: PyTable, cnt: Uint32Array): SegmentSums[] {
  const single = t.packedMonths !== undefined && [t.expenditure, t.primaryCare, t.participant, t.riskMonths, t.ownRate].every((c) => c.value !== null);
  const out: SegmentSums[] = [];
  for (let s = 0; s < 4; s++) {
    const a = t.seg[s]!;
    const b = t.seg[s + 1]!;
    if (!single) {
      out.push({
        months: dotSmall(t.months, cnt, a, b), rows: count(cnt, a, b), hebaUp: dotSmall(t.hebaUp, cnt, a, b), hebaDown: dotSmall(t.hebaDown, cnt, a, b),
        expenditure: exactSum(t, t.expenditure, dotValue(t.expenditure, cnt, a, b), cnt, a, b),
        primaryCare: exactSum(t, t.primaryCare, dotValue(t.primaryCare, cnt, a, b), cnt, a, b),
        participant: exactSum(t, t.participant, dotValue(t.participant, cnt, a, b), cnt, a, b),
        riskMonths: exactSum(t, t.riskMonths, dotValue(t.riskMonths, cnt, a, b), cnt, a, b),
        ownRate: exactSum(t, t.ownRate, dotValue(t.ownRate, cnt, a, b), cnt, a, b),
      });
      continue;
    }
    const pm = t.packedMonths!;
    const ex = t.expenditure.value!;
    const pc = t.primaryCare.value!;
    const pa = t.participant.value!;
    const rm = t.riskMonths.value!;
    const ow = t.ownRate.value!;
    let spm = 0;
    let se = 0;
    let sc = 0;
    let sp = 0;
    let srm = 0;
    let so = 0;
    for (let i = a; i < b; i++) {
      const c = cnt[i]!;
      spm += c * pm[i]!;
      se += c * ex[i]!;
      sc += c * pc[i]!;
      sp += c * pa[i]!;
      srm += c * rm[i]!;
      so += c * ow[i]!;
    }
    // unpack: Σ cnt × (1 + months × 2^22) = rows + member months × 2^22, both exact
    const sm = Math.floor(spm / PACK_ROWS);
    const sr = spm - sm * PACK_ROWS;
    let su = 0;
    let sd = 0;
    const ph = t.packedHeba;
    if (ph) {
      let sh = 0;
      for (let i = a; i < b; i++) sh += cnt[i]! * ph[i]!;
      sd = Math.floor(sh / PACK_HEBA);
      su = sh - sd * PACK_HEBA;
    }
    out.push({ months: sm, rows: sr, hebaUp: su, hebaDown: sd, expenditure: exactSum(t, t.expenditure, se, cnt, a, b), primaryCare: exactSum(t, t.primaryCare, sc, cnt, a, b), participant: exactSum(t, t.participant, sp, cnt, a, b), riskMonths: exactSum(t, t.riskMonths, srm, cnt, a, b), ownRate: exactSum(t, t.ownRate, so, cnt, a, b) });
  }
  return out;
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
  const d = 10n ** BigInt(t.scale);
  const seg = segmentSums(t, cnt);
  const ent = (no: SegmentSums, own: SegmentSums): EntitlementSums => ({
    months: no.months + own.months,
    riskMonths: { n: no.riskMonths, d },
    ownRateBenchmark: { n: own.ownRate, d: d * 100n },
    riskMonthsAll: { n: no.riskMonths + own.riskMonths, d },
    rowsNeedingRate: no.rows,
  });
  let expenditure = seg.reduce((a, x) => a + x.expenditure, 0n);
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
    memberMonths: seg.reduce((a, x) => a + x.months, 0),
    expenditure,
    primaryCare: seg.reduce((a, x) => a + x.primaryCare, 0n),
    participant: seg.reduce((a, x) => a + x.participant, 0n),
    entitlements: { aged_disabled: ent(seg[0]!, seg[1]!), esrd: ent(seg[2]!, seg[3]!) },
    hebaUpMonths: seg.reduce((a, x) => a + x.hebaUp, 0),
    hebaDownMonths: seg.reduce((a, x) => a + x.hebaDown, 0),
    stopLossExcess,
  };
}
