// `dcsim report` as a use case: on one population and scenario, the settlement (as `run`), the payment
// options side by side (as `compare`, the scenario's own track and capitation aside), an optional
// two-key sweep (as `sweep --vary`) and an optional distribution of the settlement (as `risk`).
import type { Population } from '../domain/population.js';
import type { ScenarioInput } from '../domain/scenario.js';
import { compare, type Comparison, type PaymentOption } from './compare.js';
import { prepareRisk, riskOutcome, type RiskOutcome, type TrialRunner } from './risk/risk.js';
import { simulate, type Simulation } from './simulate.js';
import { sweepAll, type Grid, type SweepResult } from './sweep.js';

export interface BoardRequest {
  /** Read with keepRows when `risk` is asked for. */
  readonly population: Population;
  readonly input: ScenarioInput;
  readonly options: readonly PaymentOption[];
  /** No axis, or the heatmap's two. */
  readonly grid: Grid;
  /** The bootstrap (METHODOLOGY section 12) with no trend shock, on the scenario's own option. */
  readonly risk?: { readonly trials: number; readonly seed: bigint; readonly runner: TrialRunner };
  /** report --programs: the distribution under every option (program), not the scenario's own. */
  readonly riskPerOption?: boolean;
}

export interface Board {
  readonly simulation: Simulation;
  readonly comparison: Comparison;
  /** Every grid point, in the grid's order (when the request has a grid). */
  readonly sweep?: readonly SweepResult[];
  readonly risk?: RiskOutcome;
}

export async function board(req: BoardRequest): Promise<Board> {
  const { population, input, options, grid } = req;
  const simulation = simulate(population, input);
  const { track: _t, capitation: _c, ...base } = input;
  const comparison = compare(population, base, options);
  const sweep = grid.length ? sweepAll(population, input, grid) : undefined;
  let risk: RiskOutcome | undefined;
  if (req.risk) {
    const rows = population.rows;
    if (!rows) throw new Error('board: the risk section needs the population read with keepRows');
    const { trials, seed, runner } = req.risk;
    const prepared = prepareRisk({ population, rows, input, options: req.riskPerOption ? options : null, trials, seed, trendShift: '0', trendSd: '0' });
    const run = await runner(prepared.job, trials);
    risk = riskOutcome(prepared, run.results, run.threads);
  }
  return { simulation, comparison, ...(sweep ? { sweep } : {}), ...(risk ? { risk } : {}) };
}
