// The bootstrap's trials: draw, sum, settle through the one kernel. Pure (no I/O, no threads): a
// thread runs runTrials() on a range of trial numbers, and because trial t always draws from stream t
// (prng.ts), any split of the range gives the same numbers.
//
// Within a trial, PYs are taken in ascending order; for each PY the stream gives first the trend
// shock's normal deviate (only when trend_sd > 0), then the n row indices.
import { dataError } from '../domain/errors.js';
import { settleYear, type YearRules, type YearSums } from '../engines/kernel.js';
import { normal, streamAt, threshold } from './prng.js';
import { drawCounts, FACTOR_SCALE, sumsOf, type PyTable } from './sample.js';

/** Per (trial, PY, option): benchmark, expenditure, savings, shared savings, settlement, in cents. */
export const FIELDS = ['benchmark', 'expenditure', 'savings', 'shared_savings', 'settlement'] as const;
export const F_SAVINGS = 2;
export const F_SETTLEMENT = 4;

export interface RiskJob {
  readonly tables: readonly PyTable[];
  /** rules[y][o]: PY y (as in tables), option o */
  readonly rules: readonly (readonly YearRules[])[];
  /** decimal text of a 64-bit seed (a BigInt does not cross every transport) */
  readonly seed: string;
  /** F of the trend factor at ε = trend_shift: (1 + trend_shift) × 10^12, an integer */
  readonly shiftFactor: number;
  /** trend_sd × 10^12 (0: no shock is drawn) */
  readonly sdFactor: number;
  /** stop-loss attachment points, cents */
  readonly attachments: readonly number[];
}

export function resultSize(job: RiskJob, trials: number): number {
  return trials * job.tables.length * (job.rules[0]?.length ?? 0) * FIELDS.length;
}

function cents(x: bigint): number {
  const v = Number(x);
  if (!Number.isSafeInteger(v)) throw dataError(`risk: a trial's amount ${x} cents is beyond what the statistics hold exactly`);
  return v;
}

/** The settlement lines a trial keeps, written at out[at..at+5). */
function record(out: Float64Array, at: number, sums: YearSums, rules: YearRules): void {
  const l = settleYear(sums, rules);
  out[at] = cents(l.benchmark);
  out[at + 1] = cents(l.expenditure);
  out[at + 2] = cents(l.savings);
  out[at + 3] = cents(l.sharedSavings);
  out[at + 4] = cents(l.settlement);
}

/** The data itself (every row once, no shock), settled per PY and option: the `on_data` figures. */
export function onData(job: RiskJob): Float64Array {
  const out = new Float64Array(resultSize(job, 1));
  const O = job.rules[0]?.length ?? 0;
  job.tables.forEach((t, y) => {
    const sums = sumsOf(t, new Uint32Array(t.n).fill(1), null, job.attachments);
    job.rules[y]!.forEach((r, o) => record(out, (y * O + o) * FIELDS.length, sums, r));
  });
  return out;
}

/**
 * Trials [from, to) into a Float64Array laid out [trial - from][PY][option][field]. `tick(k)` is called
 * after each trial with the number done so far.
 */
export function runTrials(job: RiskJob, from: number, to: number, tick?: (done: number) => void): Float64Array {
  const P = job.tables.length;
  const O = job.rules[0]?.length ?? 0;
  const W = P * O * FIELDS.length;
  const out = new Float64Array(resultSize(job, to - from));
  const counts = job.tables.map((t) => new Uint32Array(Math.max(1, t.n)));
  const bounds = job.tables.map((t) => (t.n > 0 ? threshold(t.n) : 0));
  const start = streamAt(BigInt(job.seed), from);
  for (let tr = from; tr < to; tr++) {
    const g = start.clone();
    start.jump();
    for (let y = 0; y < P; y++) {
      const t = job.tables[y]!;
      let F: number | null = job.shiftFactor === FACTOR_SCALE ? null : job.shiftFactor;
      if (job.sdFactor > 0) F = Math.max(0, job.shiftFactor + Math.round(job.sdFactor * normal(g)));
      const cnt = counts[y]!;
      if (t.n > 0) drawCounts(g, t.n, bounds[y]!, cnt);
      const sums = sumsOf(t, cnt, F, job.attachments);
      cnt.fill(0);
      const rules = job.rules[y]!;
      for (let o = 0; o < O; o++) record(out, (tr - from) * W + (y * O + o) * FIELDS.length, sums, rules[o]!);
    }
    tick?.(tr - from + 1);
  }
  return out;
}
