// YearRules for each payment option and PY, from the scenario as `dcsim run` resolves it.
// TEMPORARY adapter over resolveScenario() until the kernel's own resolution (a resolved scenario + PY
// to YearRules) lands on main; then this file calls that function and nothing else.
import type { Dec } from '../domain/decimal.js';
import { ratio, R0, type Ratio } from '../domain/exact.js';
import { scheduleValue } from '../domain/rules.js';
import type { ScenarioInput } from '../domain/scenario.js';
import { bandsFor, type YearRules } from '../engines/kernel.js';
import { resolveScenario } from '../simulate.js';

const r = (d: Dec): Ratio => ratio(d.toFixed());

/** One YearRules per PY of `years` (ascending), for the scenario `input` as it stands. */
export function yearRulesOf(input: ScenarioInput, years: readonly number[]): YearRules[] {
  const s = resolveScenario(input, years);
  return s.years.map(({ params: p }) => {
    const rates: Partial<Record<'aged_disabled' | 'esrd', Ratio>> = {};
    for (const [k, v] of Object.entries(p.rates)) rates[k as 'aged_disabled'] = r(v);
    const pcc = s.capitation.id === 'pcc';
    const cap = p.capitationRate ? { n: ratio(p.capitationRate.num.toFixed()).n * ratio(p.capitationRate.den.toFixed()).d, d: ratio(p.capitationRate.num.toFixed()).d * ratio(p.capitationRate.den.toFixed()).n } : pcc ? ratio(scheduleValue(s.rules.pccRate, p.py) ?? '0') : undefined;
    return {
      py: p.py, discountRate: r(p.discountRate), withholdRate: r(p.withholdRate), withholdBase: p.withholdBase, qualityScore: r(p.qualityScore),
      retentionWithholdRate: R0, sequestrationRate: r(p.sequestrationRate), rta: r(p.rta), rtaGuardrail: false, rates,
      hebaUpPbpm: R0, hebaDownPbpm: R0, corridorBase: p.corridorBase, bands: bandsFor(s.rules, s.track.id, p.py),
      capitation: { base: pcc ? 'benchmark' : 'discounted', reduces: pcc ? 'primaryCare' : 'participant', ...(cap ? { rate: cap } : {}), feeReductionRate: r(p.feeReductionRate) },
      ...(p.stopLoss ? { stopLoss: { shares: p.stopLoss.attachments.map((_a, i) => r(p.stopLoss!.shares[i] ?? p.stopLoss!.shares[0]!)), pbpm: r(p.stopLoss.pbpm) } } : {}),
    };
  });
}
