// The settlement of one PY, line by line, in METHODOLOGY section 5's order. Every money line is
// rounded to the cent (half-even) when computed and later lines use the rounded values; rates
// are never rounded. Pure: an aggregate and resolved parameters in, the lines and an audit out.
import type { AlignmentMethod, YearAggregate } from '../domain/aggregate.js';
import type { Dec } from '../domain/decimal.js';
import { centsToDec, div, R0, ratio, toDec, type Ratio } from '../domain/exact.js';
import type { Share } from '../domain/money.js';
import type { Entitlement } from '../domain/population.js';
import type { Band } from '../domain/rules.js';
import { corridorLines, exactBands, settleYear as settleYear_, type EntitlementSums, type YearRules, type YearSums } from './kernel.js';
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

const decRatios = new WeakMap<Dec, Ratio>();
/** A Dec as an exact Ratio, cached by identity (resolved parameters share their Dec values). */
export function ratioOfDec(x: Dec): Ratio {
  let r = decRatios.get(x);
  if (r === undefined) {
    r = ratio(x);
    decRatios.set(x, r);
  }
  return r;
}

const sumsCache = new WeakMap<YearAggregate, YearSums>();
/** The aggregate of a PY as the kernel's exact sums (cached per aggregate). */
export function yearSums(agg: YearAggregate): YearSums {
  const hit = sumsCache.get(agg);
  if (hit) return hit;
  const made = makeYearSums(agg);
  sumsCache.set(agg, made);
  return made;
}

function makeYearSums(agg: YearAggregate): YearSums {
  const ent = (e: Entitlement): EntitlementSums => ({
    months: 0,
    riskMonths: ratio(agg.riskMonths[e]),
    ownRateBenchmark: e === 'aged_disabled' ? ratio(agg.ownRateBenchmark) : R0,
    riskMonthsAll: R0,
    rowsNeedingRate: agg.rowsNeedingRate[e],
  });
  return {
    py: agg.py,
    memberMonths: agg.memberMonths,
    expenditure: centsOf(agg.expenditure),
    primaryCare: centsOf(agg.primaryCare),
    participant: centsOf(agg.participant),
    entitlements: { aged_disabled: ent('aged_disabled'), esrd: ent('esrd') },
    hebaUpMonths: 0,
    hebaDownMonths: 0,
    stopLossExcess: agg.stopLossExcess.map(centsOf),
  };
}

function centsOf(x: Dec): bigint {
  return BigInt(x.times(100).toFixed(0));
}

const shareRatios = new WeakMap<Share, Ratio>();
function shareRatio(s: Share): Ratio {
  let r = shareRatios.get(s);
  if (r === undefined) {
    r = s.den.isZero() ? R0 : s.den.eq(1) ? ratioOfDec(s.num) : div(ratioOfDec(s.num), ratioOfDec(s.den));
    shareRatios.set(s, r);
  }
  return r;
}

/** The resolved parameters of a PY as the kernel's rules. */
export function yearRules(p: YearParams, cap: CapitationEngine, rate: Share | undefined): YearRules {
  const rates: Partial<Record<Entitlement, Ratio>> = {};
  for (const e of ['aged_disabled', 'esrd'] as const) {
    const r = p.rates[e];
    if (r !== undefined) rates[e] = ratioOfDec(r);
  }
  return {
    py: p.py,
    discountRate: ratioOfDec(p.discountRate),
    withholdRate: ratioOfDec(p.withholdRate),
    withholdBase: p.withholdBase,
    qualityScore: ratioOfDec(p.qualityScore),
    retentionWithholdRate: R0,
    sequestrationRate: ratioOfDec(p.sequestrationRate),
    rta: ratioOfDec(p.rta),
    rtaGuardrail: false,
    rates,
    hebaUpPbpm: R0,
    hebaDownPbpm: R0,
    corridorBase: p.corridorBase,
    bands: exactBands(p.bands),
    capitation: {
      base: cap.id === 'tcc' ? 'discounted' : 'benchmark',
      reduces: cap.id === 'tcc' ? 'participant' : 'primaryCare',
      ...(rate ? { rate: shareRatio(rate) } : {}),
      feeReductionRate: ratioOfDec(p.feeReductionRate),
    },
    ...(p.stopLoss ? { stopLoss: { shares: p.stopLoss.shares.map((x) => ratioOfDec(x)), pbpm: ratioOfDec(p.stopLoss.pbpm) } } : {}),
  };
}

export function settleYear(agg: YearAggregate, p: YearParams, cap: CapitationEngine, defaultCapRate: () => { rate: Share; note?: string }): YearSettlement {
  const notes: string[] = [];
  let rate = p.capitationRate;
  if (rate === undefined) {
    const d = defaultCapRate();
    rate = d.rate;
    if (d.note) notes.push(d.note);
  }
  const k = settleYear_(yearSums(agg), yearRules(p, cap, rate));
  const dec = centsToDec;
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
    benchmark: dec(k.benchmark),
    discount: dec(k.discount),
    qualityWithhold: dec(k.qualityWithhold),
    withholdEarned: dec(k.withholdEarned),
    performanceBenchmark: dec(k.performanceBenchmark),
    capitationPaid: dec(k.capitationPaid),
    feeReduction: dec(k.feeReduction),
    stopLossPayout: dec(k.stopLossPayout),
    stopLossCharge: dec(k.stopLossCharge),
    expenditure: dec(k.expenditure),
    savings: dec(k.savings),
    savingsRate: toDec(k.savingsRate),
    sharedSavings: dec(k.sharedSavings),
    sequestration: dec(k.sequestration),
    settlement: dec(k.settlement),
    grossSavings: dec(k.grossSavings),
    cmsNetSavings: dec(k.cmsNetSavings),
    audit: {
      benchmarkUnrounded: toDec(k.benchmarkUnrounded),
      rates: p.rates,
      ffsExpenditure: agg.expenditure,
      reducedClaims: dec(k.reducedClaims),
      corridorBase: dec(k.corridorBase),
      bands: corridor(dec(k.savings), dec(k.corridorBase), p.bands).audit,
      notes,
    },
  };
}

/**
 * The corridor on Dec values (dollars with at most two decimals for S): the kernel's corridorLines,
 * for callers still on decimal.js. Band amounts and kept parts in dollars, unrounded.
 */
export function corridor(savings: Dec, base: Dec, bands: readonly Band[]): { shared: Dec; audit: BandAudit[] } {
  const c = BigInt(savings.times(100).toFixed(0));
  const r = corridorLines(c, ratio(base.times(100)), exactBands(bands));
  return {
    shared: centsToDec(r.shared),
    audit: r.bands.map((b) => ({ from: toDec(b.from), to: b.to === null ? null : toDec(b.to), share: toDec(b.share), amount: toDec(b.amount).div(100), kept: toDec(b.kept).div(100) })),
  };
}
