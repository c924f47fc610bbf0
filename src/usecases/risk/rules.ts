// YearRules for each PY of a population under a scenario: exactly the rules `dcsim run` settles the
// data with (resolveFor, then each PY's kernel rules, engines/resolve.ts). A capitation rate the
// scenario leaves to its default is the data's: the PY's share of expenditure in the claims the
// capitation reduces (TCC participant_spend, PCC primary_care_spend) over the aligned rows of the
// data, fixed for every trial (capitation is paid prospectively, so a trial
// does not move it).
import { R0 } from '../../domain/exact.js';
import type { Population } from '../../domain/population.js';
import type { ScenarioInput } from '../../domain/scenario.js';
import type { YearRules } from '../../engines/kernel.js';
import { withAssigned } from '../../engines/mssp.js';
import { resolveFor, yearAggregate, yearRulesOf as rulesOfPy, yearSumsOf } from '../simulate.js';

export function yearRulesOf(input: ScenarioInput, pop: Population): YearRules[] {
  const s = resolveFor(pop, input);
  return s.years.map(({ py }) => {
    // MSSP: n (the variable MSR's) is the data's aligned count, fixed for every trial (a trial draws n rows).
    const r = withAssigned(rulesOfPy(s, py), yearAggregate(pop, py, s.attribution).aligned);
    if (r.capitation.rate !== undefined) return r;
    const sums = yearSumsOf(pop, py, s.attribution);
    const claims = r.capitation.reduces === 'participant' ? sums.participant : sums.primaryCare;
    const rate = sums.expenditure === 0n ? R0 : { n: claims, d: sums.expenditure };
    return { ...r, capitation: { ...r.capitation, rate } };
  });
}
