// Schema version 2 keeps version 1 to the cent: with every issue-10 key unset and no `heba` column,
// each of the 24 v1 CSV cells of `dcsim run` equals an independent decimal.js settlement written the
// way dcsim settled before the kernel (METHODOLOGY section 5, v1: B, D, W, Q, B* = B - D - W + Q,
// capitation, E, S = B* - E, corridor on B* or B, sequestration), and the three appended cells are
// retention_withhold 0.00, heba 0.00 and corridor_base = B* (or B).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignmentOf } from '../src/domain/aggregate.js';
import { Dec, decOf as toDec, ZERO } from './decimal-oracle.js';
import type { Group, Population, ScaledSums } from '../src/domain/population.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import type { YearRules } from '../src/engines/kernel.js';
import { renderCsv } from '../src/render/csv.js';
import { settlementReport } from '../src/report/settlement.js';
import { simulate } from '../src/usecases/simulate.js';
import { synthCsv } from '../src/usecases/synth/generate.js';
import { readFast } from './helpers.js';

const cents = (x: Dec): Dec => x.toDecimalPlaces(2, Dec.ROUND_HALF_EVEN);
const money = (x: Dec): string => (cents(x).isZero() ? '0.00' : cents(x).toFixed(2));
const rate = (x: Dec): string => (x.isZero() ? '0' : x.toFixed());

function scaled(s: ScaledSums, extra: number): Dec {
  let t = ZERO;
  s.byScale.forEach((x, k) => {
    if (x) t = t.plus(new Dec(x.value().toString()).div(new Dec(10).pow(k + extra)));
  });
  return t;
}

/** The v1 settlement of one PY in decimal.js, from the groups and the PY's resolved rules: the 24 cells. */
function referenceRow(groups: readonly Group[], py: number, policy: 'standard' | 'mltss-first', r: YearRules): string[] {
  let aligned = 0, excluded = 0, months = 0;
  let exp = ZERO, pcs = ZERO, ps = ZERO, bench = ZERO;
  for (const g of groups) {
    if (g.py !== py) continue;
    if (alignmentOf(g.flags, policy) === null) {
      excluded += g.rows;
      continue;
    }
    aligned += g.rows;
    months += g.memberMonths;
    exp = exp.plus(new Dec(g.expenditure.value().toString()).div(100));
    pcs = pcs.plus(new Dec(g.primaryCare.value().toString()).div(100));
    ps = ps.plus(new Dec(g.participant.value().toString()).div(100));
    bench = bench.plus(scaled(g.ownRate, 2));
    const rm = scaled(g.riskMonths, 0);
    if (!rm.isZero()) bench = bench.plus(rm.times(toDec(r.rates[g.entitlement]!)));
  }
  const d = (x: { n: bigint; d: bigint }) => toDec(x);
  const B = cents(bench.times(d(r.rta)));
  const D = cents(d(r.discountRate).times(B));
  const W = cents(d(r.withholdRate).times(r.withholdBase === 'discounted' ? B.minus(D) : B));
  const Q = cents(d(r.qualityScore).times(W));
  const Bs = B.minus(D).minus(W).plus(Q);
  const tcc = r.capitation.base === 'discounted';
  // the default rate: the share of expenditure in the claims the capitation reduces (TCC participant, PCC primary care)
  const claims = tcc ? ps : pcs;
  const capRate = r.capitation.rate ? d(r.capitation.rate) : exp.isZero() ? ZERO : claims.div(exp);
  const capPaid = r.capitation.rate || exp.isZero()
    ? cents(capRate.times(tcc ? B.minus(D) : B))
    : cents((tcc ? B.minus(D) : B).times(claims).div(exp));
  const fee = cents(d(r.capitation.feeReductionRate).times(tcc ? ps : pcs));
  const E = exp.minus(fee).plus(capPaid);
  const S = Bs.minus(E);
  const base = r.corridorBase === 'benchmark' ? B : Bs;
  let kept = ZERO;
  for (const b of r.bands) {
    const lo = base.times(d(b.from));
    const hi = b.to === null ? null : base.times(d(b.to));
    if (S.abs().gt(lo)) kept = kept.plus((hi === null || S.abs().lt(hi) ? S.abs() : hi).minus(lo).times(d(b.share)));
  }
  const shared = cents(S.isNeg() ? kept.neg() : kept);
  const seq = shared.gt(0) ? cents(d(r.sequestrationRate).times(shared)) : ZERO;
  const settlement = shared.minus(seq);
  return [
    String(py), String(aligned), String(excluded), String(months), rate(d(r.discountRate)), rate(d(r.withholdRate)), rate(d(r.qualityScore)),
    rate(capRate.toDecimalPlaces(10)), rate(d(r.sequestrationRate)), money(B), money(D), money(W), money(Q), money(Bs), money(capPaid), money(fee),
    money(E), money(S), rate(base.isZero() ? ZERO : S.div(base).toDecimalPlaces(10)), money(shared), money(seq), money(settlement),
    money(B.minus(E)), money(B.minus(E).minus(settlement)),
  ];
}

const YEARS = [2021, 2022, 2023, 2024, 2025];
function population(seed: number, blankEvery: number): Population {
  const text = [...synthCsv({ beneficiaries: 25, years: YEARS, seed })].join('')
    .split('\n')
    .map((l) => l.replace(/,[^,]*$/, '')) // no heba column (synth writes it last)
    .map((l, i) => (i > 0 && l && i % blankEvery === 0 ? l.replace(/,[^,]*$/, ',') : l)).join('\n');
  return readFast(text).population!;
}
const POPS = [population(3, 2), population(8, 3)];

const share = fc.integer({ min: 0, max: 9999 }).map((n) => new Dec(n).div(10000).toFixed());
const small = fc.integer({ min: 0, max: 2999 }).map((n) => new Dec(n).div(10000).toFixed());
const v1Scenario = fc.record({
  track: fc.constantFrom('professional', 'global'),
  capitation: fc.constantFrom('pcc', 'tcc'),
  rules: fc.constantFrom('dc', 'reach'),
  attribution: fc.constantFrom('standard', 'mltss-first'),
  // below 30% each, so B* stays positive (else the PY is refused, as in v1)
  discount_rate: fc.option(small, { nil: undefined }),
  withhold_rate: fc.option(small, { nil: undefined }),
  quality_score: fc.option(share, { nil: undefined }),
  pcc_rate: fc.option(share, { nil: undefined }),
  tcc_rate: fc.option(share, { nil: undefined }),
  rta: fc.option(fc.integer({ min: 9000, max: 11000 }).map((n) => new Dec(n).div(10000).toFixed()), { nil: undefined }),
  withhold_base: fc.constantFrom('benchmark', 'discounted'),
  corridor_base: fc.constantFrom('performance_benchmark', 'benchmark'),
  sequestration_rate: fc.option(share, { nil: undefined }),
  withhold_phase_in: fc.boolean(),
}, { requiredKeys: ['track', 'capitation', 'rules', 'attribution', 'withhold_base', 'corridor_base', 'withhold_phase_in'] })
  .filter((s) => !(s.track === 'professional' && s.capitation === 'tcc'));

describe('schema v1 columns unchanged (issue 10 keys unset, no heba column)', () => {
  it('property: every v1 cell equals the decimal.js settlement; the appended cells are 0.00, 0.00, the corridor base, then 0.00, 0.00, the settlement', () => {
    fc.assert(fc.property(v1Scenario, fc.constantFrom(0, 1), (raw, p) => {
      const obj: Record<string, unknown> = { benchmark_pbpm: { aged_disabled: '1012.37', esrd: '7900.55' } };
      for (const [k, v] of Object.entries(raw)) if (v !== undefined) obj[k] = v;
      const pop = POPS[p]!;
      const sim = simulate(pop, scenarioFromObject(obj, FILE_ORIGIN('s.json')));
      const rows = renderCsv(settlementReport(sim)).trimEnd().split('\n').slice(1).map((l) => l.split(','));
      sim.scenario.years.forEach((ey, i) => {
        const want = referenceRow(pop.groups, ey.py, sim.scenario.attribution, ey.rules);
        expect(rows[i]!.slice(0, 24)).toEqual(want);
        expect(rows[i]!.slice(24, 27)).toEqual(['0.00', '0.00', raw.corridor_base === 'benchmark' ? want[9] : want[13]]);
        // schema 3 (rule set lead's lines): under dc and reach admin_addon 0.00, recoupment 0.00, net_cash = settlement
        expect(rows[i]!.slice(27, 30)).toEqual(['0.00', '0.00', want[21]]);
        // then expenditure_completion: 0.00 with completion_factor 1; program mssp's lines (msr ... result) empty on REACH rows
        expect(rows[i]!.slice(30)).toEqual(['0.00', '', '', '', '', '', '']);
      });
    }), { numRuns: Number(process.env.DCSIM_PROPERTY_RUNS ?? 120) });
  });
});
