// The statistics of a simulated amount over the trials, exactly: every trial's amount is integer cents,
// sums are BigInts, and the only roundings (mean, sd, expected shortfall: half-even to the cent) are
// the domain's. Percentiles are nearest-rank: the p-th is the ⌈p × N / 100⌉-th smallest of N.
import { toCents, type Ratio } from '../../domain/exact.js';
import { PERCENTILES, roundedSqrt } from '../../domain/statistics.js';

export { PERCENTILES };
/** The expected shortfall's tail: the worst 5% of trials (the ⌈0.05 N⌉ lowest). */
export const TAIL_PERCENT = 5;
export const HISTOGRAM_BINS = 24;

export interface Distribution {
  readonly onData: bigint;
  readonly trials: number;
  readonly mean: bigint;
  /** sample standard deviation (divisor N − 1): null for one trial, where it is undefined */
  readonly sd: bigint | null;
  /** trials with the amount below zero, as a share of N (exact) */
  readonly pLoss: Ratio;
  /** nearest-rank percentiles, in PERCENTILES order */
  readonly percentiles: readonly bigint[];
  readonly expectedShortfall: bigint;
  readonly min: bigint;
  readonly max: bigint;
  /** trial counts in HISTOGRAM_BINS equal bins from min to max */
  readonly histogram: readonly number[];
}

/** The nearest rank of percentile p among n values (1-based). */
export function nearestRank(p: number, n: number): number {
  return Math.max(1, Math.ceil((p * n) / 100));
}

/** Statistics of `values` (cents, one per trial; read, not changed). */
export function distribution(values: Float64Array, onData: bigint): Distribution {
  const N = values.length;
  if (N === 0) throw new RangeError('no trials');
  const sorted = Float64Array.from(values).sort();
  let sum = 0n;
  let sumSq = 0n;
  let losses = 0;
  for (let i = 0; i < N; i++) {
    const v = BigInt(sorted[i]!);
    sum += v;
    sumSq += v * v;
    if (sorted[i]! < 0) losses++;
  }
  const bn = BigInt(N);
  const mean = toCents({ n: sum, d: bn * 100n });
  const sd = N < 2 ? null : roundedSqrt(bn * sumSq - sum * sum, bn * (bn - 1n));
  const tail = nearestRank(TAIL_PERCENT, N);
  let tailSum = 0n;
  for (let i = 0; i < tail; i++) tailSum += BigInt(sorted[i]!);
  const min = sorted[0]!;
  const max = sorted[N - 1]!;
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (max - min) / HISTOGRAM_BINS;
  for (let i = 0; i < N; i++) {
    const b = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((sorted[i]! - min) / width)) : 0;
    histogram[b]!++;
  }
  return {
    onData,
    trials: N,
    mean,
    sd,
    pLoss: { n: BigInt(losses), d: bn },
    percentiles: PERCENTILES.map((p) => BigInt(sorted[nearestRank(p, N) - 1]!)),
    expectedShortfall: toCents({ n: tailSum, d: BigInt(tail) * 100n }),
    min: BigInt(min),
    max: BigInt(max),
    histogram,
  };
}
