// The one settlement kernel: METHODOLOGY section 5, steps 1-11, for one PY, on exact numbers.
// Money is integer cents (BigInt), each line rounded half-even to the cent when it is computed
// (through src/domain/exact.ts), later lines computed from the rounded ones; rates are exact
// rationals and never rounded. `dcsim run`, `sweep`, `compare`, `settle` and `risk` all settle here.
import { dataError } from '../domain/errors.js';
import {
  add, cmp, div, isZero, mul, R0, R1, rateTimesCents, ratio, ratioOfCents, sub, toCents,
  type Ratio,
} from '../domain/exact.js';
import { buildLeadBenchmark, BuildGap, type LeadBenchmarkBuild, type LeadCohortLine } from '../domain/lead-benchmark.js';
import type { Entitlement } from '../domain/population.js';
import { guardedRta, type Band as RuleBand } from '../domain/rules.js';
import type { EntitlementSums, YearSums } from '../domain/sums.js';
import type { CapitationRules } from './types.js';
import { msspShared, type MsspLines, type MsspYearRules } from './mssp.js';

export type { Entitlement, EntitlementSums, YearSums, CapitationRules };
export const KERNEL_ENTITLEMENTS: readonly Entitlement[] = ['aged_disabled', 'esrd'];

export interface Band {
  readonly from: Ratio;
  readonly to: Ratio | null;
  readonly share: Ratio;
}

export interface RiskChainRules {
  readonly normalizationFactor: Readonly<Partial<Record<Entitlement, Ratio>>>;
  readonly codingIntensityFactor: Readonly<Partial<Record<Entitlement, Ratio>>>;
  readonly cap?: Ratio;
  /** The normalized score of the reference year, by entitlement. */
  readonly reference?: Readonly<Partial<Record<Entitlement, Ratio>>>;
}

export interface StopLossRules {
  /** Share reimbursed between attachment point i and the next (one for all, or one each). */
  readonly shares: readonly Ratio[];
  /** Charge per member month, dollars. */
  readonly pbpm: Ratio;
}

/** Every parameter of a PY's settlement, resolved. */
export interface YearRules {
  readonly py: number;
  readonly discountRate: Ratio;
  /** Effective, after any phase-in. */
  readonly withholdRate: Ratio;
  readonly withholdBase: 'benchmark' | 'discounted';
  readonly qualityScore: Ratio;
  readonly retentionWithholdRate: Ratio;
  readonly sequestrationRate: Ratio;
  /** As given (the guardrail, when on, is applied here); by entitlement: aged/disabled's. */
  readonly rta: Ratio;
  /** The RTA of each entitlement where the scenario gives them apart (else `rta` for both). */
  readonly rtaByEntitlement?: Readonly<Record<Entitlement, Ratio>>;
  readonly rtaGuardrail: boolean;
  /** Scenario benchmark rate per member month by entitlement, dollars. */
  readonly rates: Readonly<Partial<Record<Entitlement, Ratio>>>;
  readonly hebaUpPbpm: Ratio;
  readonly hebaDownPbpm: Ratio;
  readonly corridorBase: 'performance_benchmark' | 'benchmark';
  readonly bands: readonly Band[];
  readonly capitation: CapitationRules;
  /** Claims completion (issue 17): E starts from round(Σ expenditure × factor); absent: 1. */
  readonly completionFactor?: Ratio;
  readonly riskChain?: RiskChainRules;
  readonly stopLoss?: StopLossRules;
  /** Program mssp (METHODOLOGY-2027 section 3.3): B is settled by engines/mssp.ts instead of steps 2-11. */
  readonly mssp?: MsspYearRules;
  /** Bands for losses where they differ from `bands` (rule set lead, or corridor_loss_bands). */
  readonly lossBands?: readonly Band[];
  /** Rule set lead's lines (METHODOLOGY-2027 section 2); absent under dc and reach. */
  readonly lead?: LeadYearRules;
}

/** Rule set lead's parameters of a PY (METHODOLOGY-2027 section 2), resolved. */
export interface LeadYearRules {
  /** A = rate x B: admin_addon_rate for higher-spending entities, else 0. */
  readonly addonRate: Ratio;
  /** benchmark: A inside the corridor base and S; separate: paid apart, a cash line. */
  readonly addonTreatment: 'benchmark' | 'separate';
  /** Pe = rate x B, max(pcc_target - pcc_base_rate, pcc_floor) (0 under TCC). */
  readonly enhancedPccRate: Ratio;
  /** Cents, added to E. */
  readonly stopLossNet: bigint;
  readonly sequestrationOnLosses: boolean;
  /** Cents, a cash line outside S. */
  readonly hppBonus: bigint;
  readonly financialGuaranteeRate: Ratio;
  /** Cents; absent: no financial guarantee reported. */
  readonly priorYearExpenditure?: bigint;
  /** Step 0: B built by cohort; `withAdjustment` for lower-spending Global (REA/PSA). */
  readonly build?: { readonly input: LeadBenchmarkBuild; readonly withAdjustment: boolean };
}

export interface RiskScores {
  readonly raw: Ratio;
  readonly normalized: Ratio;
  readonly capped: Ratio;
  readonly benchmarkScore: Ratio;
}

export interface BandLine {
  readonly from: Ratio;
  readonly to: Ratio | null;
  readonly share: Ratio;
  /** Part of |S| inside the band, cents, unrounded. */
  readonly amount: Ratio;
  /** Part kept by the DCE, cents, unrounded. */
  readonly kept: Ratio;
}

/** Every line of METHODOLOGY section 5; money in integer cents. */
export interface YearLines {
  readonly py: number;
  /** Dollars, before rounding. */
  readonly benchmarkUnrounded: Ratio;
  readonly benchmark: bigint;
  readonly discount: bigint;
  readonly qualityWithhold: bigint;
  readonly withholdEarned: bigint;
  readonly retentionWithhold: bigint;
  readonly performanceBenchmark: bigint;
  readonly heba: bigint;
  readonly capitationRate: Ratio;
  /** True when the capitation rate is the PY's share of the claims it reduces (no rate given). */
  readonly capitationRateDefaulted: boolean;
  readonly capitationPaid: bigint;
  readonly reducedClaims: bigint;
  readonly feeReduction: bigint;
  readonly stopLossPayout: bigint;
  readonly stopLossCharge: bigint;
  /** round(Σ expenditure × completion factor) − Σ expenditure: the estimate of claims not yet loaded. */
  readonly expenditureCompletion: bigint;
  readonly expenditure: bigint;
  readonly savings: bigint;
  readonly savingsRate: Ratio;
  readonly corridorBase: bigint;
  readonly sharedSavings: bigint;
  readonly sequestration: bigint;
  readonly settlement: bigint;
  readonly grossSavings: bigint;
  readonly cmsNetSavings: bigint;
  readonly rtaEffective: Ratio;
  readonly risk?: Readonly<Partial<Record<Entitlement, RiskScores>>>;
  readonly bands: readonly BandLine[];
  /** Program mssp's lines (MSR, MLR, rates, cap, result). */
  readonly mssp?: MsspLines;
  /** Rule set lead (0 elsewhere): A, inside S (treatment benchmark) or paid apart (separate). */
  readonly adminAddon: bigint;
  readonly adminAddonPaid: bigint;
  /** Pe (advance paid) and its recoupment -Pe at settlement. */
  readonly enhancedPcc: bigint;
  readonly enhancedPccRecoupment: bigint;
  readonly stopLossNet: bigint;
  readonly hppBonus: bigint;
  /** Settlement + recoupment + add-on paid + HPP bonus (= settlement under dc and reach). */
  readonly netCash: bigint;
  /** Reported only: financial_guarantee_rate x prior-year expenditure (lead, when known). */
  readonly financialGuarantee?: bigint;
  /** Step 0's intermediates by cohort, when the benchmark was built. */
  readonly leadBenchmark?: readonly LeadCohortLine[];
}

const bandCache = new WeakMap<readonly RuleBand[], readonly Band[]>();
/** A rule-set band table as exact Ratios, built once per table. */
export function exactBands(bands: readonly RuleBand[]): readonly Band[] {
  let b = bandCache.get(bands);
  if (b === undefined) {
    b = bands.map((x) => ({ from: ratio(x.from), to: x.to === null ? null : ratio(x.to), share: ratio(x.share) }));
    bandCache.set(bands, b);
  }
  return b;
}

function clamp(x: Ratio, lo: Ratio, hi: Ratio): Ratio {
  return cmp(x, lo) < 0 ? lo : cmp(x, hi) > 0 ? hi : x;
}

/** METHODOLOGY 4.1 for one entitlement: raw → normalized → capped → benchmark score. */
export function riskScores(e: EntitlementSums, ent: Entitlement, chain: RiskChainRules): RiskScores {
  const raw = e.months === 0 ? R1 : div(e.riskMonthsAll, ratio(e.months));
  const normalized = div(raw, chain.normalizationFactor[ent] ?? R1);
  const ref = chain.reference?.[ent];
  const capped = chain.cap !== undefined && ref !== undefined
    ? clamp(normalized, mul(sub(R1, chain.cap), ref), mul(add(R1, chain.cap), ref))
    : normalized;
  return { raw, normalized, capped, benchmarkScore: mul(capped, chain.codingIntensityFactor[ent] ?? R1) };
}

/** Step 1 before rounding: Σ_entitlement (own-rate rows + rate × risk-months) × score factor × RTA;
 *  or, under lead with a benchmark build, Σ_cohort row benchmarks (METHODOLOGY-2027 step 0). */
function benchmarkOf(s: YearSums, r: YearRules, rta: Ratio): { b: Ratio; risk?: Partial<Record<Entitlement, RiskScores>>; cohorts?: LeadCohortLine[] } {
  const build = r.lead?.build;
  if (build) {
    try {
      const { total, cohorts } = buildLeadBenchmark(build.input, s.py, build.withAdjustment, (e) => s.entitlements[e].months);
      return { b: total, cohorts };
    } catch (e) {
      if (!(e instanceof BuildGap)) throw e;
      throw dataError(`scenario "lead_benchmark_build": ${e.path}: ${e.message} (PY${s.py})`, { hint: 'the build needs every base year, every PY from 2027 to the PY, and the months (see docs/lead.md)' });
    }
  }
  let b = R0;
  const risk: Partial<Record<Entitlement, RiskScores>> = {};
  for (const ent of KERNEL_ENTITLEMENTS) {
    const e = s.entitlements[ent];
    let part = e.ownRateBenchmark;
    if (!isZero(e.riskMonths)) {
      const rate = r.rates[ent];
      if (rate === undefined) {
        throw dataError(`scenario "benchmark_pbpm": no benchmark rate for PY${s.py} ${ent}: ${e.rowsNeedingRate} aligned rows have no benchmark_pbpm`, {
          hint: `give the scenario "benchmark_pbpm" ({"${ent}": {"${s.py}": "RATE"}}: the entity's ${ent} rate in dollars per member month), or "historical_pbpm", "regional_pbpm" and "historical_weight"`,
        });
      }
      part = add(part, mul(rate, e.riskMonths));
    }
    if (r.riskChain && e.months > 0) {
      const sc = riskScores(e, ent, r.riskChain);
      risk[ent] = sc;
      // Spread the population-level adjustment pro rata: × benchmark_score / raw.
      if (!isZero(sc.raw)) part = mul(part, div(sc.benchmarkScore, sc.raw));
    }
    // (an RTA by entitlement applies to its own part, guarded as the whole would be)
    const own = r.rtaByEntitlement?.[ent];
    b = add(b, own === undefined ? part : mul(part, r.rtaGuardrail ? guardedRta(own) : own));
  }
  const total = r.rtaByEntitlement ? b : mul(b, rta);
  return r.riskChain ? { b: total, risk } : { b: total };
}

/** Shared savings/losses: the DCE keeps each band's share of |S| inside it (edges are shares of
 *  the base), like tax brackets; the sign of S is kept; rounded to the cent. S and base in cents. */
export function corridorLines(savings: bigint, base: Ratio, bands: readonly Band[]): { shared: bigint; bands: BandLine[] } {
  const a = ratio(savings < 0n ? -savings : savings);
  let kept = R0;
  const lines: BandLine[] = [];
  for (const band of bands) {
    const lo = mul(base, band.from);
    const hi = band.to === null ? null : mul(base, band.to);
    let amount = R0;
    if (cmp(a, lo) > 0) amount = sub(hi === null || cmp(a, hi) < 0 ? a : hi, lo);
    const k = mul(amount, band.share);
    kept = add(kept, k);
    lines.push({ from: band.from, to: band.to, share: band.share, amount, kept: k });
  }
  const cents = toCents({ n: kept.n, d: kept.d * 100n });
  return { shared: savings < 0n ? -cents : cents, bands: lines };
}

/** The corridor alone: shared savings/losses of S (dollars) on a base (dollars), rounded to the cent. */
export function corridorCents(savings: Ratio, base: Ratio, bands: readonly Band[]): bigint {
  return corridorLines(toCents(savings), mul(base, ratio(100)), bands).shared;
}

function stopLossPayout(excess: readonly bigint[], sl: StopLossRules | undefined): bigint {
  if (!sl || excess.length === 0) return 0n;
  let payout = R0;
  for (let i = 0; i < excess.length; i++) {
    const band = excess[i]! - (excess[i + 1] ?? 0n);
    const share = sl.shares[i] ?? sl.shares[0] ?? R0;
    payout = add(payout, mul(share, ratio(band)));
  }
  return toCents({ n: payout.n, d: payout.d * 100n });
}

/** METHODOLOGY section 5, steps 1-11, for one PY. Throws a data error naming the key when a rate is missing. */
export function settleYear(s: YearSums, r: YearRules): YearLines {
  const rtaEffective = r.rtaGuardrail ? guardedRta(r.rta) : r.rta;
  const { b: benchmarkUnrounded, risk, cohorts } = benchmarkOf(s, r, rtaEffective);
  const lead = r.lead;
  const B = toCents(benchmarkUnrounded);
  if (r.mssp) {
    // METHODOLOGY-2027 3.3: E is claims (FFS continues); n is the PY's assigned count.
    if (r.mssp.assigned === undefined) throw dataError(`PY${s.py}: program mssp needs the assigned beneficiaries (assigned_beneficiaries)`);
    // (claims completed as under every program: round(expenditure x completion_factor), once)
    const claims = r.completionFactor ? rateTimesCents(r.completionFactor, s.expenditure) : s.expenditure;
    const lines = { ...settleMsspYear(s.py, B, benchmarkUnrounded, claims, r.mssp, r.mssp.assigned, rtaEffective), expenditureCompletion: claims - s.expenditure };
    return risk ? { ...lines, risk } : lines;
  }
  const D = rateTimesCents(r.discountRate, B);
  const W = rateTimesCents(r.withholdRate, r.withholdBase === 'discounted' ? B - D : B);
  const Q = rateTimesCents(r.qualityScore, W);
  const R = rateTimesCents(r.retentionWithholdRate, B - D - W + Q);
  const Bstar = B - D - W + Q - R;
  const H = toCents(sub(mul(r.hebaUpPbpm, ratio(s.hebaUpMonths)), mul(r.hebaDownPbpm, ratio(s.hebaDownMonths))));
  // METHODOLOGY-2027 step 4: the admin add-on A = rate x B, in the corridor base and S when its
  // treatment is `benchmark`, else paid apart (step 11); step 5: Enhanced PCC Pe, outside E.
  const addon = lead ? rateTimesCents(lead.addonRate, B) : 0n;
  const A = lead?.addonTreatment === 'benchmark' ? addon : 0n;
  const enhancedPcc = lead ? rateTimesCents(lead.enhancedPccRate, B) : 0n;

  const cap = r.capitation;
  const reducedClaims = cap.reduces === 'participant' ? s.participant : s.primaryCare;
  const capitationRate = cap.rate ?? (s.expenditure === 0n ? R0 : { n: reducedClaims, d: s.expenditure });
  const capitationPaid = rateTimesCents(capitationRate, cap.base === 'discounted' ? B - D : B);
  const feeReduction = rateTimesCents(cap.feeReductionRate, reducedClaims);
  const stopLossPayoutC = stopLossPayout(s.stopLossExcess, r.stopLoss);
  const stopLossCharge = r.stopLoss ? toCents(mul(r.stopLoss.pbpm, ratio(s.memberMonths))) : 0n;
  const stopLossNet = lead?.stopLossNet ?? 0n;
  // claims completion: Σ expenditure × factor rounded once to the cent (half-even), kept as its own line
  const completed = r.completionFactor ? rateTimesCents(r.completionFactor, s.expenditure) : s.expenditure;
  const E = completed - feeReduction + capitationPaid - stopLossPayoutC + stopLossCharge + stopLossNet;

  const S = Bstar + H + A - E;
  const byBenchmark = r.corridorBase === 'benchmark';
  const base = byBenchmark ? B : Bstar + H + A;
  const rateBase = byBenchmark ? B : Bstar;
  checkRateBases(s.py, r.corridorBase, ratioOfCents(base), ratioOfCents(rateBase), S);
  const savingsRate = rateBase === 0n ? R0 : { n: rateBase < 0n ? -S : S, d: rateBase < 0n ? -rateBase : rateBase };
  const { shared, bands } = corridorLines(S, ratio(base), S < 0n ? (r.lossBands ?? r.bands) : r.bands);
  // Step 9: on positive shared savings; under lead's option on losses too (the loss owed shrinks).
  const sequestration = shared > 0n || (shared < 0n && lead?.sequestrationOnLosses) ? rateTimesCents(r.sequestrationRate, shared) : 0n;
  const settlement = shared - sequestration;
  const gross = B - E;
  const adminAddonPaid = addon - A;
  const hppBonus = lead?.hppBonus ?? 0n;
  const fg = lead?.priorYearExpenditure !== undefined ? rateTimesCents(lead.financialGuaranteeRate, lead.priorYearExpenditure) : undefined;
  return {
    py: s.py,
    benchmarkUnrounded,
    benchmark: B,
    discount: D,
    qualityWithhold: W,
    withholdEarned: Q,
    retentionWithhold: R,
    performanceBenchmark: Bstar,
    heba: H,
    capitationRate,
    capitationRateDefaulted: cap.rate === undefined,
    capitationPaid,
    reducedClaims,
    feeReduction,
    stopLossPayout: stopLossPayoutC,
    stopLossCharge,
    expenditureCompletion: completed - s.expenditure,
    expenditure: E,
    savings: S,
    savingsRate,
    corridorBase: base,
    sharedSavings: shared,
    sequestration,
    settlement,
    grossSavings: gross,
    cmsNetSavings: gross - settlement,
    rtaEffective,
    ...(risk ? { risk } : {}),
    bands,
    adminAddon: addon,
    adminAddonPaid,
    enhancedPcc,
    enhancedPccRecoupment: -enhancedPcc,
    stopLossNet,
    hppBonus,
    netCash: settlement - enhancedPcc + adminAddonPaid + hppBonus,
    ...(fg !== undefined ? { financialGuarantee: fg } : {}),
    ...(cohorts ? { leadBenchmark: cohorts } : {}),
  };
}

/**
 * The one rule on a savings rate's denominators, for `run` and `settle` alike (amounts in dollars):
 * with savings S not 0, a corridor base that is not positive, or a zero performance benchmark B*
 * (the savings rate S / B*), is refused: the rate, the band and the payment would be made up.
 */
export function checkRateBases(py: number, corridorBase: 'performance_benchmark' | 'benchmark', base: Ratio, rateBase: Ratio, savingsCents: bigint): void {
  if (savingsCents === 0n) return;
  if (cmp(base, R0) <= 0) {
    throw dataError(`PY${py}: the corridor base (${corridorBase}) is ${ratioText(toCents(base))}, not positive, so savings have no rate`, {
      hint: corridorBase === 'benchmark' ? 'the benchmark B must be positive' : 'B* + HEBA must be positive: check the benchmark, the downward HEBA, discount_rate and withhold_rate',
    });
  }
  if (isZero(rateBase)) {
    throw dataError(`PY${py}: the performance benchmark (B*) is 0.00, so savings have no rate`, {
      hint: 'the savings rate is S / B*: give the entity-year its benchmark, or check discount_rate and withhold_rate',
    });
  }
}

function ratioText(c: bigint): string {
  const neg = c < 0n;
  const s = (neg ? -c : c).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/**
 * Steps 7-10 alone, for entity-level data where B*, H and E are given (up to 4 decimals): S = B* + H - E
 * rounded to the cent; the corridor on base B* + H (or `base`); sequestration on positive shared
 * savings; the settlement. The savings rate is S / B* (HEBA not in the denominator).
 */
export function settleFromPerformanceBenchmark(p: {
  readonly performanceBenchmark: Ratio;
  readonly heba: Ratio;
  readonly expenditure: Ratio;
  readonly bands: readonly Band[];
  readonly sequestrationRate: Ratio;
  readonly base?: Ratio;
  /** the PY, for the refusal of a base that is not positive (checkRateBases) */
  readonly py?: number;
}): { savings: bigint; savingsRate: Ratio; corridorBase: Ratio; sharedSavings: bigint; sequestration: bigint; settlement: bigint } {
  const savings = toCents(sub(add(p.performanceBenchmark, p.heba), p.expenditure));
  const corridorBase = p.base ?? add(p.performanceBenchmark, p.heba);
  if (p.py !== undefined) checkRateBases(p.py, p.base ? 'benchmark' : 'performance_benchmark', corridorBase, p.performanceBenchmark, savings);
  const { shared } = corridorLines(savings, mul(corridorBase, ratio(100)), p.bands);
  const sequestration = shared > 0n ? rateTimesCents(p.sequestrationRate, shared) : 0n;
  const savingsRate = isZero(p.performanceBenchmark) ? R0 : div(ratioOfCents(savings), p.performanceBenchmark);
  return { savings, savingsRate, corridorBase, sharedSavings: shared, sequestration, settlement: shared - sequestration };
}

/** The kernel's lines of an MSSP PY from B (step 1 done) and the PY's claims. */
function settleMsspYear(py: number, B: bigint, benchmarkUnrounded: Ratio, claims: bigint, r: MsspYearRules, n: number, rtaEffective: Ratio): Omit<YearLines, 'expenditureCompletion'> {
  const { savings: S, shared, sequestration, lines } = msspShared(B, claims, r, n, py);
  const settlement = shared - sequestration;
  return {
    py, benchmarkUnrounded, benchmark: B,
    discount: 0n, qualityWithhold: 0n, withholdEarned: 0n, retentionWithhold: 0n, performanceBenchmark: B, heba: 0n,
    capitationRate: R0, capitationRateDefaulted: false, capitationPaid: 0n, reducedClaims: 0n, feeReduction: 0n,
    stopLossPayout: 0n, stopLossCharge: 0n,
    expenditure: claims, savings: S, savingsRate: B === 0n ? R0 : B < 0n ? { n: -S, d: -B } : { n: S, d: B },
    corridorBase: B, sharedSavings: shared, sequestration, settlement,
    grossSavings: B - claims, cmsNetSavings: B - claims - settlement, rtaEffective, bands: [], mssp: lines,
    adminAddon: 0n, adminAddonPaid: 0n, enhancedPcc: 0n, enhancedPccRecoupment: 0n, stopLossNet: 0n, hppBonus: 0n, netCash: settlement,
  };
}
