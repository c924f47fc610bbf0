// simulate(): a population and a scenario in, per-PY settlements out, every PY settled by the one
// kernel (src/engines/kernel.ts). Pure: no I/O. The CLI, sweeps and tests all come through here.
import { yearAggregate } from '../domain/aggregate.js';

export { yearAggregate };
import { dataError } from '../domain/errors.js';
import type { Population } from '../domain/population.js';
import { MCO_LETTER_NOTE, MINIMUM_ALIGNED } from '../domain/rules.js';
import { valueFor, type AttributionId, type ScenarioInput } from '../domain/scenario.js';
import type { YearSums } from '../engines/kernel.js';
import { effectiveParameters } from '../engines/parameters.js';
import { leadAssumed } from '../engines/lead-assumed.js';
import type { AssumedValue } from '../domain/lead.js';
import { attachmentCents, resolveScenario, type Resolved } from '../engines/resolve.js';
import { settleAggregate, type YearSettlement } from '../engines/settlement.js';
import { LEAD_ONLY_KEYS } from '../engines/lead.js';

export { attachmentCents, resolveScenario, yearRulesOf, type Resolved } from '../engines/resolve.js';

export interface Simulation {
  readonly population: Population;
  readonly scenario: Resolved;
  readonly years: readonly YearSettlement[];
  /** Every effective parameter, keyed as in the scenario file (engines/parameters.ts). */
  readonly parameters: Record<string, unknown>;
  readonly notes: readonly string[];
}

/** The kernel's exact sums of a PY of a population under a policy (cached with the aggregate). */
export function yearSumsOf(pop: Population, py: number, policy: AttributionId = 'standard'): YearSums {
  return yearAggregate(pop, py, policy).sums;
}

/** Resolve a scenario against a population (its PYs, and its sums for risk_reference_year). */
export function resolveFor(pop: Population, input: ScenarioInput): Resolved {
  return resolveScenario(input, pop.years, (py) => yearAggregate(pop, py, input.attribution ?? 'standard').sums);
}

/** The stop-loss attachment points must be the ones the data was read with. */
export function checkAttachments(pop: Population, input: ScenarioInput): void {
  const want = attachmentCents(input);
  if (want.length && want.join() !== pop.attachments.join()) {
    throw dataError('scenario "stop_loss_attachment": the data was read without these attachment points', { hint: 'stop-loss attachment points are applied while reading: pass them to the run that reads the data (a sweep cannot vary them)' });
  }
}

/** The notes of a settled scenario besides each PY's own: the minimum-size check, the MCO letter. */
export function scenarioNotes(s: Resolved, py: number, aligned: number): string | undefined {
  // Checked when the scenario names its DCE type (a file of a few rows is not a DCE).
  const min = s.input.dce_type ? MINIMUM_ALIGNED[s.input.dce_type][py] : undefined;
  if (min !== undefined && aligned < min) {
    return `warning: PY${py}: ${aligned} aligned beneficiaries, below the ${min} minimum for a ${s.dceType.replace('_', ' ')} DCE [CMS, REACH]`;
  }
  return undefined;
}

/**
 * A reference risk score given for some PYs only: in the data's other PYs where the cap applies, an
 * entitlement with no reference is not capped (METHODOLOGY 4.1). Said once per entitlement.
 */
export function uncappedYearNotes(input: ScenarioInput, years: readonly number[]): string[] {
  const ref = input.reference_risk_score;
  if (input.risk_score_cap === undefined || ref === undefined) return [];
  const capped = years.filter((py) => valueFor(input.risk_score_cap, py) !== undefined && !(input.dce_type === 'high_needs' && py === 2023));
  const out: string[] = [];
  for (const [ent, p] of Object.entries(ref)) {
    const missing = capped.filter((py) => valueFor(p, py) === undefined);
    if (missing.length) out.push(`reference_risk_score ${ent} has no value for ${missing.map((py) => `PY${py}`).join(', ')}: the ${ent} scores of ${missing.length === 1 ? 'that PY are' : 'those PYs are'} not capped (METHODOLOGY 4.1)`);
  }
  return out;
}

/** Notes about the scenario as a whole, after the PYs' own (simulate and sweep give the same). */
export function closingNotes(input: ScenarioInput, years: readonly number[] = []): string[] {
  const out: string[] = [];
  if ((input.rules ?? 'dc') !== 'lead') {
    const unused = LEAD_ONLY_KEYS.filter((k) => input[k] !== undefined);
    if (unused.length) out.push(`${unused.join(', ')} ${unused.length === 1 ? 'applies' : 'apply'} under rules lead only: not used with rules ${input.rules ?? 'dc'}`);
  }
  if (input.risk_score_cap !== undefined && input.reference_risk_score === undefined && input.risk_reference_year === undefined) {
    out.push('risk_score_cap has no reference (reference_risk_score or risk_reference_year): no cap was applied (METHODOLOGY 4.1)');
  }
  out.push(...uncappedYearNotes(input, years));
  if (input.mco_based) out.push(MCO_LETTER_NOTE);
  return out;
}

/**
 * Rule set lead's assumed values for a scenario on the data's PYs (METHODOLOGY-2027: the [S] and [U]
 * values in effect), for the commands that print them on stderr; empty when the rule set is not
 * lead or the scenario does not resolve (the command reports that error itself).
 */
export function assumedOf(input: ScenarioInput, years: readonly number[]): AssumedValue[] {
  if (input.rules !== 'lead') return [];
  try {
    return leadAssumed(resolveScenario(input, years));
  } catch {
    return [];
  }
}

/** Settle every PY of a population under a scenario. */
export function simulate(pop: Population, input: ScenarioInput): Simulation {
  const scenario = resolveFor(pop, input);
  checkAttachments(pop, input);
  const notes: string[] = [];
  const years = scenario.years.map((ey) => {
    const agg = yearAggregate(pop, ey.py, scenario.attribution);
    const s = settleAggregate(agg, ey.rules, scenario.capitation.rateKey);
    notes.push(...s.notes);
    const warn = scenarioNotes(scenario, ey.py, s.alignedBeneficiaries);
    if (warn) notes.push(warn);
    return s;
  });
  notes.push(...closingNotes(input, pop.years));
  return { population: pop, scenario, years, parameters: effectiveParameters(scenario, years), notes };
}
