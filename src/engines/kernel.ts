// LOCAL STUB (untracked): stands in for the kernel until it lands on main. API of /work/KERNEL-API.md.
import { add, cmp, mul, R0, ratio, ratioOfCents, sub, toCents, type Ratio } from '../domain/exact.js';
import { dataError } from '../domain/errors.js';
import { corridorBands, type RuleSet, type TrackId } from '../domain/rules.js';
export type Entitlement = 'aged_disabled' | 'esrd';
export interface EntitlementSums { readonly months: number; readonly riskMonths: Ratio; readonly ownRateBenchmark: Ratio; readonly riskMonthsAll: Ratio; readonly rowsNeedingRate: number }
export interface YearSums {
  readonly py: number; readonly memberMonths: number; readonly expenditure: bigint; readonly primaryCare: bigint; readonly participant: bigint;
  readonly entitlements: Readonly<Record<Entitlement, EntitlementSums>>; readonly hebaUpMonths: number; readonly hebaDownMonths: number; readonly stopLossExcess: readonly bigint[];
}
export interface Band { readonly from: Ratio; readonly to: Ratio | null; readonly share: Ratio }
export interface YearRules {
  readonly py: number; readonly discountRate: Ratio; readonly withholdRate: Ratio; readonly withholdBase: 'benchmark' | 'discounted'; readonly qualityScore: Ratio;
  readonly retentionWithholdRate: Ratio; readonly sequestrationRate: Ratio; readonly rta: Ratio; readonly rtaGuardrail: boolean;
  readonly rates: Readonly<Partial<Record<Entitlement, Ratio>>>; readonly hebaUpPbpm: Ratio; readonly hebaDownPbpm: Ratio;
  readonly corridorBase: 'performance_benchmark' | 'benchmark'; readonly bands: readonly Band[];
  readonly capitation: { readonly base: 'benchmark' | 'discounted'; readonly reduces: 'primaryCare' | 'participant'; readonly rate?: Ratio; readonly feeReductionRate: Ratio };
  readonly riskChain?: unknown;
  readonly stopLoss?: { readonly shares: readonly Ratio[]; readonly pbpm: Ratio };
}
export interface YearLines {
  readonly py: number; readonly benchmarkUnrounded: Ratio; readonly benchmark: bigint; readonly discount: bigint; readonly qualityWithhold: bigint; readonly withholdEarned: bigint;
  readonly retentionWithhold: bigint; readonly performanceBenchmark: bigint; readonly heba: bigint; readonly capitationRate: Ratio; readonly capitationPaid: bigint; readonly feeReduction: bigint;
  readonly stopLossPayout: bigint; readonly stopLossCharge: bigint; readonly expenditure: bigint; readonly savings: bigint; readonly savingsRate: Ratio; readonly corridorBase: bigint;
  readonly sharedSavings: bigint; readonly sequestration: bigint; readonly settlement: bigint; readonly grossSavings: bigint; readonly cmsNetSavings: bigint; readonly rtaEffective: Ratio;
}
const c2r = ratioOfCents;
export function corridorCents(savings: Ratio, base: Ratio, bands: readonly Band[]): bigint {
  const a = savings.n < 0n ? { n: -savings.n, d: savings.d } : savings;
  let kept = R0;
  for (const b of bands) {
    const lo = mul(base, b.from); const hi = b.to === null ? null : mul(base, b.to);
    if (cmp(a, lo) > 0) kept = add(kept, mul(sub(hi === null || cmp(a, hi) < 0 ? a : hi, lo), b.share));
  }
  const c = toCents(kept);
  return savings.n < 0n ? -c : c;
}
export function settleYear(s: YearSums, r: YearRules): YearLines {
  let bu = R0;
  for (const e of ['aged_disabled', 'esrd'] as const) {
    const x = s.entitlements[e];
    bu = add(bu, x.ownRateBenchmark);
    if (x.riskMonths.n !== 0n) {
      const rate = r.rates[e];
      if (!rate) throw dataError(`scenario "benchmark_pbpm": no benchmark rate for PY${s.py} ${e}`);
      bu = add(bu, mul(rate, x.riskMonths));
    }
  }
  bu = mul(bu, r.rta);
  const B = toCents(bu);
  const D = toCents(mul(r.discountRate, c2r(B)));
  const W = toCents(mul(r.withholdRate, c2r(r.withholdBase === 'discounted' ? B - D : B)));
  const Q = toCents(mul(r.qualityScore, c2r(W)));
  const R = toCents(mul(r.retentionWithholdRate, c2r(B - D - W + Q)));
  const Bs = B - D - W + Q - R;
  const H = toCents(sub(mul(r.hebaUpPbpm, ratio(s.hebaUpMonths)), mul(r.hebaDownPbpm, ratio(s.hebaDownMonths))));
  const capRate = r.capitation.rate ?? (s.expenditure === 0n ? R0 : { n: s.participant, d: s.expenditure });
  const capPaid = toCents(mul(capRate, c2r(r.capitation.base === 'discounted' ? B - D : B)));
  const fee = toCents(mul(r.capitation.feeReductionRate, c2r(r.capitation.reduces === 'participant' ? s.participant : s.primaryCare)));
  let payout = R0;
  if (r.stopLoss) {
    s.stopLossExcess.forEach((x, i) => {
      const next = s.stopLossExcess[i + 1] ?? 0n;
      payout = add(payout, mul(c2r(x - next), r.stopLoss!.shares[i] ?? r.stopLoss!.shares[0] ?? R0));
    });
  }
  const slPay = toCents(payout);
  const slCharge = r.stopLoss ? toCents(mul(r.stopLoss.pbpm, ratio(s.memberMonths))) : 0n;
  const E = s.expenditure - fee + capPaid - slPay + slCharge;
  const S = Bs + H - E;
  const base = r.corridorBase === 'benchmark' ? B : Bs + H;
  const shared = corridorCents(c2r(S), c2r(base), r.bands);
  const seq = shared > 0n ? toCents(mul(r.sequestrationRate, c2r(shared))) : 0n;
  const settlement = shared - seq;
  return {
    py: s.py, benchmarkUnrounded: bu, benchmark: B, discount: D, qualityWithhold: W, withholdEarned: Q, retentionWithhold: R, performanceBenchmark: Bs, heba: H,
    capitationRate: capRate, capitationPaid: capPaid, feeReduction: fee, stopLossPayout: slPay, stopLossCharge: slCharge, expenditure: E, savings: S,
    savingsRate: Bs === 0n ? R0 : { n: S, d: Bs }, corridorBase: base, sharedSavings: shared, sequestration: seq, settlement, grossSavings: B - E, cmsNetSavings: B - E - settlement, rtaEffective: r.rta,
  };
}
export function bandsFor(rules: RuleSet, track: TrackId, py: number): readonly Band[] {
  return corridorBands(rules, track, py).map((b) => ({ from: ratio(b.from), to: b.to === null ? null : ratio(b.to), share: ratio(b.share) }));
}
