// YearRules for each PY of a population under a scenario: exactly the rules `dcsim run` settles the
// data with (resolveScenario, then the kernel's yearRules). A capitation rate the scenario leaves to
// its default is the data's: for TCC the PY's participant_spend / expenditure over the aligned rows of
// the data, fixed for every trial (capitation is paid prospectively, so a trial does not move it).
import { ZERO } from '../domain/decimal.js';
import { dataError } from '../domain/errors.js';
import type { Population } from '../domain/population.js';
import type { ScenarioInput } from '../domain/scenario.js';
import type { YearRules } from '../engines/kernel.js';
import { yearRules } from '../engines/settlement.js';
import { resolveScenario, yearAggregate } from '../simulate.js';

export function yearRulesOf(input: ScenarioInput, pop: Population): YearRules[] {
  const s = resolveScenario(input, pop.years);
  return s.years.map(({ params }) => {
    let rate = params.capitationRate;
    if (rate === undefined) {
      const agg = yearAggregate(pop, params.py, s.attribution);
      const d = s.capitation.defaultRate(s.rules, { agg, benchmark: ZERO, discount: ZERO });
      if (!d) throw dataError(`scenario "${s.capitation.rateKey}": no default for PY${params.py}`);
      rate = d.rate;
    }
    return yearRules(params, s.capitation, rate);
  });
}
