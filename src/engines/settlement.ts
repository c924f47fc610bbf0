// The settlement of one PY, line by line, in METHODOLOGY section 5's order. Every money line is
// rounded to the cent (half-even) when computed and later lines use the rounded values; rates
// are never rounded. Pure: an aggregate and resolved parameters in, the lines and an audit out.
import type { AlignmentMethod, YearAggregate } from '../domain/aggregate.js';
import { Dec, ZERO } from '../domain/decimal.js';
import { dataError } from '../domain/errors.js';
import { cents, type Share } from '../domain/money.js';
import type { Entitlement } from '../domain/population.js';
import type { Band } from '../domain/rules.js';
import type { CapitationEngine } from './types.js';

/** Everything a PY's settlement needs besides the data, already resolved. */
export interface YearParams {
  readonly py: number;
  readonly discountRate: Dec;
  /** The effective withhold rate (after any phase-in). */
  readonly withholdRate: Dec;
  readonly qualityScore: Dec;
  readonly sequestrationRate: Dec;
  readonly rta: Dec;
  readonly feeReductionRate: Dec;
  /** Scenario benchmark rate by entitlement (rows with their own rate do not use it). */
  readonly rates: Readonly<Partial<Record<Entitlement, Dec>>>;
  readonly withholdBase: 'benchmark' | 'discounted';
  readonly corridorBase: 'performance_benchmark' | 'benchmark';
  readonly bands: readonly Band[];
  /** Capitation rate from the scenario, or undefined for the engine's default. */
  readonly capitationRate?: Share;
  /** Optional stop-loss: attachment points (ascending), the share reimbursed above each, a PBPM charge. */
  readonly stopLoss?: StopLoss;
}

export interface StopLoss {
  readonly attachments: readonly Dec[];
  readonly shares: readonly Dec[];
  readonly pbpm: Dec;
}

export interface BandAudit {
  readonly from: Dec;
  readonly to: Dec | null;
  readonly share: Dec;
  /** Part of |savings| inside the band (dollars, unrounded). */
  readonly amount: Dec;
  /** Part kept by the DCE (unrounded). */
  readonly kept: Dec;
}

export interface YearSettlement {
  readonly py: number;
  readonly alignedBeneficiaries: number;
  readonly excludedBeneficiaries: number;
  readonly memberMonths: number;
  readonly alignedBy: Readonly<Record<AlignmentMethod, number>>;
  readonly discountRate: Dec;
  readonly withholdRate: Dec;
  readonly qualityScore: Dec;
  readonly capitationRate: Dec;
  readonly sequestrationRate: Dec;
  readonly benchmark: Dec;
  readonly discount: Dec;
  readonly qualityWithhold: Dec;
  readonly withholdEarned: Dec;
  readonly performanceBenchmark: Dec;
  readonly capitationPaid: Dec;
  readonly feeReduction: Dec;
  /** Stop-loss reimbursement and charge (zero without stop-loss). */
  readonly stopLossPayout: Dec;
  readonly stopLossCharge: Dec;
  readonly expenditure: Dec;
  readonly savings: Dec;
  readonly savingsRate: Dec;
  readonly sharedSavings: Dec;
  readonly sequestration: Dec;
  readonly settlement: Dec;
  readonly grossSavings: Dec;
  readonly cmsNetSavings: Dec;
  /** Intermediate values, for tracing a figure back to its inputs. */
  readonly audit: {
    readonly benchmarkUnrounded: Dec;
    readonly rates: Readonly<Partial<Record<Entitlement, Dec>>>;
    readonly ffsExpenditure: Dec;
    readonly reducedClaims: Dec;
    readonly corridorBase: Dec;
    readonly bands: readonly BandAudit[];
    readonly notes: readonly string[];
  };
}

interface DecBand {
  readonly from: Dec;
  readonly to: Dec | null;
  readonly share: Dec;
}
const decBands = new WeakMap<readonly Band[], readonly DecBand[]>();
/** A rule set's bands as Dec values, built once per band table. */
function bandsAsDec(bands: readonly Band[]): readonly DecBand[] {
  let d = decBands.get(bands);
  if (d === undefined) {
    d = bands.map((b) => ({ from: new Dec(b.from), to: b.to === null ? null : new Dec(b.to), share: new Dec(b.share) }));
    decBands.set(bands, d);
  }
  return d;
}

/**
 * Shared savings/losses: the DCE keeps `share` of the part of |S| inside each band (edges are
 * shares of the base, in dollars unrounded), like tax brackets; the sign of S is kept. Rounded.
 */
export function corridor(savings: Dec, base: Dec, bands: readonly Band[]): { shared: Dec; audit: BandAudit[] } {
  const a = savings.abs();
  let kept = ZERO;
  const audit: BandAudit[] = [];
  for (const b of bandsAsDec(bands)) {
    const lo = base.times(b.from);
    const hi = b.to === null ? null : base.times(b.to);
    let amount = ZERO;
    if (a.gt(lo)) amount = (hi === null || a.lt(hi) ? a : hi).minus(lo);
    const k = amount.times(b.share);
    kept = kept.plus(k);
    audit.push({ from: b.from, to: b.to, share: b.share, amount, kept: k });
  }
  return { shared: cents(savings.isNeg() ? kept.neg() : kept), audit };
}

/** The benchmark before rounding: RTA x (Σ own-rate rows + Σ_entitlement rate x risk-months). */
export function benchmarkOf(agg: YearAggregate, p: YearParams): Dec {
  let b = agg.ownRateBenchmark;
  for (const ent of ['aged_disabled', 'esrd'] as const) {
    const rm = agg.riskMonths[ent];
    if (rm.isZero()) continue;
    const rate = p.rates[ent];
    if (rate === undefined) {
      throw dataError(`scenario "benchmark_pbpm": no benchmark rate for PY${agg.py} ${ent}: ${agg.rowsNeedingRate[ent]} aligned rows have no benchmark_pbpm`, {
        hint: `give the scenario "benchmark_pbpm" ({"${ent}": {"${agg.py}": "1000.00"}}), or "historical_pbpm", "regional_pbpm" and "historical_weight"`,
      });
    }
    b = b.plus(rate.times(rm));
  }
  return b.times(p.rta);
}

/**
 * Stop-loss: CMS reimburses share_i of each beneficiary's expenditure between attachment point i
 * and the next (tiers, like the corridors); the DCE pays pbpm x member months. Each rounded.
 * The parts come from Σ max(0, expenditure - A_i) over aligned rows, summed while reading.
 */
export function stopLossLines(agg: YearAggregate, sl: StopLoss | undefined): { payout: Dec; charge: Dec } {
  if (!sl) return { payout: ZERO, charge: ZERO };
  let payout = ZERO;
  sl.attachments.forEach((_a, i) => {
    const above = agg.stopLossExcess[i] ?? ZERO;
    const aboveNext = agg.stopLossExcess[i + 1] ?? ZERO;
    const share = sl.shares[i] ?? sl.shares[0] ?? ZERO;
    payout = payout.plus(above.minus(aboveNext).times(share));
  });
  return { payout: cents(payout), charge: cents(sl.pbpm.times(agg.memberMonths)) };
}

export function settleYear(agg: YearAggregate, p: YearParams, cap: CapitationEngine, defaultCapRate: () => { rate: Share; note?: string }): YearSettlement {
  const notes: string[] = [];
  const benchmarkUnrounded = benchmarkOf(agg, p);
  const B = cents(benchmarkUnrounded);
  const D = cents(p.discountRate.times(B));
  const withholdBase = p.withholdBase === 'discounted' ? B.minus(D) : B;
  const W = cents(p.withholdRate.times(withholdBase));
  const Q = cents(p.qualityScore.times(W));
  const Bstar = B.minus(D).minus(W).plus(Q);

  let rate = p.capitationRate;
  if (rate === undefined) {
    const d = defaultCapRate();
    rate = d.rate;
    if (d.note) notes.push(d.note);
  }
  const ctx = { agg, benchmark: B, discount: D };
  const capitationPaid = cap.paid(rate, ctx);
  const reducedClaims = cap.reducedClaims(agg);
  const feeReduction = cents(p.feeReductionRate.times(reducedClaims));
  const { payout, charge } = stopLossLines(agg, p.stopLoss);
  const E = agg.expenditure.minus(feeReduction).plus(capitationPaid).minus(payout).plus(charge);
  const S = Bstar.minus(E);
  const base = p.corridorBase === 'benchmark' ? B : Bstar;
  if (base.lte(0) && !S.isZero()) {
    throw dataError(`PY${agg.py}: the corridor base (${p.corridorBase}) is ${base.toFixed(2)}, not positive, so savings have no rate`, {
      hint: 'check discount_rate and withhold_rate: together they take the whole benchmark',
    });
  }
  const savingsRate = base.isZero() ? ZERO : S.div(base);
  const { shared, audit } = corridor(S, base, p.bands);
  const seq = shared.isPos() ? cents(p.sequestrationRate.times(shared)) : ZERO;
  const settlement = shared.minus(seq);
  const gross = B.minus(E);
  return {
    py: agg.py,
    alignedBeneficiaries: agg.aligned,
    excludedBeneficiaries: agg.excluded,
    memberMonths: agg.memberMonths,
    alignedBy: agg.alignedBy,
    discountRate: p.discountRate,
    withholdRate: p.withholdRate,
    qualityScore: p.qualityScore,
    capitationRate: rate.value,
    sequestrationRate: p.sequestrationRate,
    benchmark: B,
    discount: D,
    qualityWithhold: W,
    withholdEarned: Q,
    performanceBenchmark: Bstar,
    capitationPaid,
    feeReduction,
    stopLossPayout: payout,
    stopLossCharge: charge,
    expenditure: E,
    savings: S,
    savingsRate,
    sharedSavings: shared,
    sequestration: seq,
    settlement,
    grossSavings: gross,
    cmsNetSavings: gross.minus(settlement),
    audit: { benchmarkUnrounded, rates: p.rates, ffsExpenditure: agg.expenditure, reducedClaims, corridorBase: base, bands: audit, notes },
  };
}
