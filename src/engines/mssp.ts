// Program `mssp`: the Shared Savings Program's settlement of a given benchmark (METHODOLOGY-2027
// section 3.3, steps 1-8), run by the kernel after its step 1 (B). No discount, withhold, HEBA,
// corridor or capitation: FFS payment continues, so E is claims. Every money line is rounded
// half-even to the cent when it is computed (exact.ts); thresholds compare exact amounts ("at least").
import { dataError } from '../domain/errors.js';
import { cmp, max, min, mul, R0, R1, ratio, rateTimesCents, sub, toCents, type Ratio } from '../domain/exact.js';
import { ENHANCED_LOSS, variableMsr, type MsrRow, type MsspTrackId, type QualityStatus } from '../domain/mssp.js';
import type { ProgramEngine } from './types.js';

/** Everything an MSSP PY is settled with, resolved (engines/resolve-mssp.ts). */
export interface MsspYearRules {
  readonly track: MsspTrackId;
  readonly twoSided: boolean;
  readonly basic: boolean;
  /** A fixed MSR (= MLR), or the variable table and its interpolation. */
  readonly msr: { readonly fixed: Ratio } | { readonly table: readonly MsrRow[]; readonly interpolation: 'linear' | 'low_end'; readonly userRows: boolean };
  /** n for the variable MSR and the low-revenue rule; undefined: the PY's aligned count (filled by the caller). */
  readonly assigned?: number;
  readonly qualityStatus: QualityStatus;
  readonly qualityScore: Ratio;
  readonly maxSharingRate: Ratio;
  readonly pplRate: Ratio;
  /** A fixed shared loss rate, or ENHANCED's quality-based one. */
  readonly lossRate?: Ratio | 'quality';
  /** [revenue share, benchmark share] or [benchmark share]. */
  readonly lossCapRates: readonly Ratio[];
  /** ACO participants' Parts A and B FFS revenue, dollars. */
  readonly participantRevenue?: Ratio;
  readonly lowRevenue: boolean;
  readonly sequestrationRate: Ratio;
}

/** Why the shared amount is what it is. */
export type MsspResult =
  | 'shared_savings' | 'ppl_binding' | 'savings_below_msr' | 'low_revenue_half_rate' | 'quality_failed' | 'no_savings'
  | 'shared_losses' | 'loss_cap_binding' | 'losses_below_mlr' | 'one_sided_no_losses';

export interface MsspLines {
  readonly track: MsspTrackId;
  /** n used for the variable MSR. */
  readonly assigned: number;
  readonly msr: Ratio;
  /** Two-sided tracks only. */
  readonly mlr?: Ratio;
  /** r = r_max x phi (halved on the low-revenue branch). */
  readonly finalSharingRate: Ratio;
  /** Two-sided tracks only. */
  readonly sharedLossRate?: Ratio;
  /** The limit on the side of S: the performance payment limit (S >= 0), the loss cap (S < 0, two-sided). */
  readonly cap?: bigint;
  /** Which loss cap binds or would: the benchmark-based or the revenue-based one. */
  readonly capBasis?: 'benchmark' | 'revenue' | 'payment_limit';
  readonly result: MsspResult;
}

/** The MSR for a PY: fixed, or from the variable table (an error naming the key below its first row). */
export function msrOf(r: MsspYearRules, n: number, py: number): Ratio {
  if ('fixed' in r.msr) return r.msr.fixed;
  const m = variableMsr(n, r.msr.table, r.msr.interpolation);
  if (m === undefined) {
    const first = r.msr.table[0]!.from;
    throw dataError(`scenario "msr": a variable MSR for PY${py}'s ${n} assigned beneficiaries needs "msr_table": 42 CFR 425.604(b) gives rates from ${first} (the rows below were not retrieved)`, {
      hint: r.twoSided
        ? `give "msr_table" (e.g. "3000=0.05,4000=0.045"), or choose a fixed MSR: --msr 0|0.005|0.01|0.015|0.02`
        : 'give "msr_table" (e.g. "3000=0.05,4000=0.045"), or "assigned_beneficiaries" if the data is a sample of the ACO',
    });
  }
  return m;
}

/** phi: 1 (QPS met), q (alternative QPS only), 0 (neither). */
function qualityFactor(r: MsspYearRules): Ratio {
  return r.qualityStatus === 'met' ? R1 : r.qualityStatus === 'alt' ? r.qualityScore : R0;
}

/** The shared loss rate lambda: fixed (BASIC C-E), or 1 - r_max x q within 40-75% with the QPS or alternative QPS met, else 75% (ENHANCED). */
export function lossRateOf(r: MsspYearRules): Ratio | undefined {
  if (r.lossRate === undefined) return undefined;
  if (r.lossRate !== 'quality') return r.lossRate;
  if (r.qualityStatus === 'fail') return ENHANCED_LOSS.failed;
  const x = sub(R1, mul(r.maxSharingRate, r.qualityScore));
  return min(max(x, ENHANCED_LOSS.min), ENHANCED_LOSS.max);
}

/** Steps 3-8 on B and E (cents): S, the MSR/MLR, the sharing or loss, sequestration, settlement. */
export function msspShared(B: bigint, E: bigint, r: MsspYearRules, n: number, py: number): { savings: bigint; shared: bigint; sequestration: bigint; lines: MsspLines } {
  const S = B - E;
  const m = msrOf(r, n, py);
  const phi = qualityFactor(r);
  const full = mul(r.maxSharingRate, phi);
  const lambda = r.twoSided ? lossRateOf(r) : undefined;
  const threshold = mul(m, ratio(B)); // cents, exact
  const base = { track: r.track, assigned: n, msr: m, ...(r.twoSided ? { mlr: m } : {}), ...(lambda ? { sharedLossRate: lambda } : {}) };
  let shared = 0n;
  let lines: MsspLines;
  if (S >= 0n) {
    const ppl = rateTimesCents(r.pplRate, B);
    const meets = S > 0n && cmp(ratio(S), threshold) >= 0;
    const lowRevenue = !meets && S > 0n && r.basic && r.lowRevenue && n >= 5000;
    const rate = lowRevenue ? { n: full.n, d: full.d * 2n } : full;
    let result: MsspResult;
    if (S === 0n) result = 'no_savings';
    else if (!meets && !lowRevenue) result = 'savings_below_msr';
    else if (phi.n === 0n) result = 'quality_failed';
    else {
      const raw = rateTimesCents(rate, S);
      shared = raw > ppl ? ppl : raw;
      result = raw > ppl ? 'ppl_binding' : lowRevenue ? 'low_revenue_half_rate' : 'shared_savings';
    }
    lines = { ...base, finalSharingRate: rate, cap: ppl, capBasis: 'payment_limit', result };
  } else if (!r.twoSided) {
    lines = { ...base, finalSharingRate: full, result: 'one_sided_no_losses' };
  } else {
    const byBenchmark = rateTimesCents(r.lossCapRates[r.lossCapRates.length - 1]!, B);
    let cap = byBenchmark;
    let capBasis: 'benchmark' | 'revenue' = 'benchmark';
    if (r.lossCapRates.length > 1 && r.participantRevenue !== undefined) {
      const byRevenue = toCents(mul(r.lossCapRates[0]!, r.participantRevenue));
      if (byRevenue < byBenchmark) {
        cap = byRevenue;
        capBasis = 'revenue';
      }
    }
    let result: MsspResult;
    if (cmp(ratio(-S), threshold) < 0) result = 'losses_below_mlr';
    else {
      const L = rateTimesCents(lambda!, -S);
      shared = -(L > cap ? cap : L);
      result = L > cap ? 'loss_cap_binding' : 'shared_losses';
    }
    lines = { ...base, finalSharingRate: full, cap, capBasis, result };
  }
  const sequestration = shared > 0n ? rateTimesCents(r.sequestrationRate, shared) : 0n;
  return { savings: S, shared, sequestration, lines };
}

export const msspProgram: ProgramEngine = {
  id: 'mssp',
  title: 'Medicare Shared Savings Program',
  summary: 'shared savings above the MSR at the track rate x quality, up to the payment limit; two-sided tracks share losses beyond the MLR up to the loss cap (42 CFR part 425)',
  parameters: ['mssp_track', 'msr', 'msr_table', 'msr_interpolation', 'quality_status', 'quality_score', 'assigned_beneficiaries', 'participant_revenue', 'low_revenue', 'max_sharing_rate', 'ppl_rate', 'loss_cap_rates', 'sequestration_rate'],
  settlesOwn: true,
};

/** The rules with n defaulted to a PY's aligned count (assigned_beneficiaries not given). */
export function withAssigned<T extends { readonly mssp?: MsspYearRules }>(rules: T, aligned: number): T {
  return rules.mssp && rules.mssp.assigned === undefined ? { ...rules, mssp: { ...rules.mssp, assigned: aligned } } : rules;
}
