// Medicaid cost-shift tracking (METHODOLOGY section 7): per PY, Medicaid spend and PMPM of the
// aligned duals that carry medicaid_spend, the PMPM change from the previous PY, and a flag where
// Medicare savings coincide with Medicaid PMPM growth above a threshold. No Medicaid data: nulls.
import { centsPer, cmp, div, R0, ratio, type Ratio } from '../domain/exact.js';
import { valueFor } from '../domain/scenario.js';
import { yearAggregate } from '../domain/aggregate.js';
import type { Simulation } from '../usecases/simulate.js';

export interface MedicaidYear {
  readonly py: number;
  /** Integer cents. */
  readonly spend: bigint | null;
  /** Spend / member months, rounded to the cent (integer cents). */
  readonly pmpm: bigint | null;
  /** pmpm / previous PY's pmpm - 1 (a rate, exact), or null for the first PY or without data. */
  readonly change: Ratio | null;
  /** Medicare savings (S > 0) with Medicaid PMPM growth above the threshold. */
  readonly flag: boolean | null;
  readonly threshold: Ratio;
}

export function medicaidYears(sim: Simulation): MedicaidYear[] {
  const out: MedicaidYear[] = [];
  let prev: bigint | null = null;
  sim.years.forEach((y) => {
    const agg = yearAggregate(sim.population, y.py, sim.scenario.attribution);
    const m = agg.medicaidDuals;
    const threshold = valueFor(sim.scenario.input.cost_shift_threshold, y.py) ?? R0;
    if (m.rows === 0) {
      out.push({ py: y.py, spend: null, pmpm: null, change: null, flag: null, threshold });
      prev = null;
      return;
    }
    const spend = m.spend;
    const pmpm = centsPer(spend, m.months);
    // pmpm / prev - 1 = (pmpm - prev) / prev
    const change = prev !== null && prev !== 0n ? div(ratio(pmpm - prev), ratio(prev)) : null;
    const flag = change === null ? false : y.savings > 0n && cmp(change, threshold) > 0;
    out.push({ py: y.py, spend, pmpm, change, flag, threshold });
    prev = pmpm;
  });
  return out;
}
