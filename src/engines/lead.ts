// Rule set `lead` in resolution (METHODOLOGY-2027 sections 1, 2 and 5): the PY range, the spending
// class, and each PY's LEAD lines for the kernel (admin add-on, Enhanced PCC, stop-loss net, HPP bonus,
// sequestration on losses, financial guarantee, the optional benchmark build). Pure.
import { dataError } from '../domain/errors.js';
import { max, R0, ratio, sub, toCents, type Ratio } from '../domain/exact.js';
import { LEAD_TERMS } from '../domain/lead.js';
import type { RuleSet } from '../domain/rules.js';
import type { ScenarioInput, ScenarioKey } from '../domain/scenario.js';
import type { LeadYearRules, YearSums } from './kernel.js';
import type { TrackEngine } from './types.js';

/** Keys that settle only under rule set lead (given under dc or reach they are not used: a note). */
export const LEAD_ONLY_KEYS: readonly ScenarioKey[] = [
  'spending_class', 'admin_addon_rate', 'admin_addon_treatment', 'pcc_base_rate', 'pcc_target', 'pcc_floor', 'stop_loss_net',
  'sequestration_on_losses', 'financial_guarantee_rate', 'prior_year_expenditure', 'hpp_bonus', 'lead_benchmark_build',
];

/** The last PY of ACO REACH: dc and reach refuse later PYs with a hint naming --rules lead. */
export const REACH_LAST_PY = 2026;

/** A hint for a PY after REACH under dc or reach (no numbers: the values are not known there). */
export function afterReachHint(py: number): string {
  return `ACO REACH ends with PY${REACH_LAST_PY}: settle PY${py} with --rules lead (LEAD, PY2027-2036; dcsim engines lists its values and docs/lead.md their sources)`;
}

/** Every PY of the data within the rule set's PYs (lead: 2027-2036), else an error naming `rules`. */
export function checkYears(rules: RuleSet, years: readonly number[]): void {
  const span = rules.years;
  if (!span) return;
  const outside = years.filter((py) => py < span.first || py > span.last);
  if (outside.length === 0) return;
  const py = outside[0]!;
  throw dataError(`scenario "rules": rule set "${rules.id}" covers PY${span.first}-${span.last}; the data has PY${py}`, {
    hint: py <= REACH_LAST_PY ? `settle PY${py} with --rules reach (or dc), and PY${span.first} on with --rules ${rules.id}, in separate runs` : `keep the data within PY${span.first}-${span.last}`,
  });
}

/** Global under lead needs spending_class; Professional may give it (it then sets the add-on). */
export function spendingClassOf(input: ScenarioInput, rules: RuleSet, track: TrackEngine): 'lower' | 'higher' | undefined {
  const c = input.spending_class;
  if (rules.discountHigher && c === undefined && track.id === 'global') {
    throw dataError(`scenario "spending_class": rule set "${rules.id}" needs spending_class on the global track (lower or higher)`, {
      hint: 'lower- or higher-spending than regional FFS sets the discount path and the admin add-on; CMS\'s test is not published, so say which: --spending-class lower',
    });
  }
  return c;
}

/** A dollar amount given as a scenario value, in cents; more than two decimals is an error naming the key. */
function cents(key: ScenarioKey, r: Ratio, py: number): bigint {
  const c = toCents(r);
  if (c * r.d !== r.n * 100n) throw dataError(`scenario "${key}": the PY${py} value has more than two decimals`, { hint: 'dollars and cents, e.g. 125000.50' });
  return c;
}

interface LeadValues {
  readonly admin_addon_rate?: Ratio;
  readonly pcc_target?: Ratio;
  readonly pcc_floor?: Ratio;
  readonly stop_loss_net?: Ratio;
  readonly financial_guarantee_rate?: Ratio;
  readonly prior_year_expenditure?: Ratio;
  readonly hpp_bonus?: Ratio;
}

/**
 * A PY's LEAD lines. `pccBaseRate`: the base PCC rate under pcc (undefined under tcc: no Enhanced
 * PCC, an assumption). `priorExpenditure`: the data's previous PY's Σ expenditure, if in the data.
 */
export function leadYearRules(p: {
  readonly input: ScenarioInput;
  readonly py: number;
  readonly values: LeadValues;
  readonly track: TrackEngine;
  readonly spendingClass: 'lower' | 'higher' | undefined;
  readonly pccBaseRate: Ratio | undefined;
  readonly sumsOf?: ((py: number) => YearSums) | undefined;
  readonly years: readonly number[];
}): LeadYearRules {
  const { input, py, values: v } = p;
  const higher = p.spendingClass === 'higher';
  const target = v.pcc_target ?? ratio(LEAD_TERMS.pcc_target.value);
  const floor = v.pcc_floor ?? ratio(LEAD_TERMS.pcc_floor.value);
  const enhancedPccRate = p.pccBaseRate === undefined ? R0 : max(sub(target, p.pccBaseRate), floor);
  let prior: bigint | undefined;
  if (v.prior_year_expenditure !== undefined) prior = cents('prior_year_expenditure', v.prior_year_expenditure, py);
  else if (p.sumsOf && p.years.includes(py - 1)) prior = p.sumsOf(py - 1).expenditure;
  return {
    addonRate: higher ? (v.admin_addon_rate ?? ratio(LEAD_TERMS.admin_addon_rate.value)) : R0,
    addonTreatment: input.admin_addon_treatment ?? 'benchmark',
    enhancedPccRate,
    stopLossNet: v.stop_loss_net === undefined ? 0n : cents('stop_loss_net', v.stop_loss_net, py),
    sequestrationOnLosses: input.sequestration_on_losses ?? false,
    hppBonus: v.hpp_bonus === undefined ? 0n : cents('hpp_bonus', v.hpp_bonus, py),
    financialGuaranteeRate: v.financial_guarantee_rate ?? ratio(LEAD_TERMS.financial_guarantee_rate.value),
    ...(prior !== undefined ? { priorYearExpenditure: prior } : {}),
    ...(input.lead_benchmark_build ? { build: { input: input.lead_benchmark_build, withAdjustment: p.track.id === 'global' && p.spendingClass === 'lower' } } : {}),
  };
}
