// `dcsim risk` as a use case (METHODOLOGY section 12): the aligned rows of each PY resampled with
// replacement, an optional PY-wide trend shock, every trial settled by the kernel under each payment
// option, and the distribution of the settlement and of S per PY and option. Pure but for the trial
// runner it is handed (one thread here, or a worker thread too: src/io/risk-threads.ts).
import { optionInput, type PaymentOption } from '../compare.js';
import { abs, cmp, ratio } from '../../domain/exact.js';
import { usageError } from '../../domain/errors.js';
import type { Population, RowTable } from '../../domain/population.js';
import type { ScenarioInput } from '../../domain/scenario.js';
import { attachmentCents } from '../simulate.js';
import { yearRulesOf } from './rules.js';
import { buildTables, FACTOR_SCALE } from './sample.js';
import { distribution, type Distribution } from './stats.js';
import { F_SAVINGS, F_SETTLEMENT, FIELDS, onData, resultSize, type RiskJob } from './trials.js';

/** The most trials a flag takes (--trials, report --risk). */
export const MAX_TRIALS = 100_000_000;
/** The memory a run's trials may hold (results, states, and the statistics' copies). */
export const MAX_RISK_BYTES = 2 ** 31;
/** The largest trend shift or standard deviation taken: a share, 10 = 1000%. */
export const MAX_TREND = 10;

/** Bytes one trial holds: its results (8 a figure), its generator state (16), its done flag, and the two copies the statistics make of one column (16). */
export function trialBytes(job: RiskJob): number {
  return resultSize(job, 1) * 8 + 16 + 1 + 16;
}

/** Refuse, before any allocation, a trial count whose results would not fit in MAX_RISK_BYTES. */
export function checkTrialMemory(job: RiskJob, trials: number): void {
  if (trials > MAX_TRIALS) throw usageError(`${trials.toLocaleString('en-US')} trials: at most ${MAX_TRIALS.toLocaleString('en-US')}`);
  const per = trialBytes(job);
  if (trials * per <= MAX_RISK_BYTES) return;
  const most = Math.floor(MAX_RISK_BYTES / per);
  const gb = (trials * per) / 1e9;
  throw usageError(
    `${trials.toLocaleString('en-US')} trials would hold about ${gb >= 10 ? gb.toFixed(0) : gb.toFixed(1)} GB in memory (${per} bytes a trial for ${job.tables.length} PY(s) x ${job.rules[0]?.length ?? 0} option(s)); at most ${most.toLocaleString('en-US')} trials for this data`,
    `e.g. ${Math.min(most, 100_000).toLocaleString('en-US').replace(/,/g, '')} trials; percentiles settle well before a million`,
  );
}

export interface RiskRequest {
  readonly population: Population;
  readonly rows: RowTable;
  readonly input: ScenarioInput;
  /** The options to settle side by side (--compare), or null for the scenario's own track and capitation. */
  readonly options: readonly PaymentOption[] | null;
  readonly trials: number;
  readonly seed: bigint;
  /** decimal text; ε ~ Normal(trendShift, trendSd) */
  readonly trendShift: string;
  readonly trendSd: string;
}

/** Runs trials [0, trials) of a job; says how many threads did. */
export type TrialRunner = (job: RiskJob, trials: number) => Promise<{ readonly results: Float64Array; readonly threads: number }>;

export interface RiskYear {
  readonly py: number;
  readonly option: PaymentOption;
  readonly aligned: number;
  readonly settlement: Distribution;
  readonly savings: Distribution;
}

export interface RiskOutcome {
  readonly source: string;
  readonly rowsRead: number;
  readonly trials: number;
  readonly seed: bigint;
  readonly trendShift: string;
  readonly trendSd: string;
  readonly compared: boolean;
  readonly options: readonly PaymentOption[];
  readonly years: readonly number[];
  /** per PY, then per option */
  readonly rows: readonly RiskYear[];
  /** every trial's lines: [trial][PY][option][FIELDS] */
  readonly results: Float64Array;
  readonly threads: number;
  /** row draws made: trials × Σ aligned rows */
  readonly draws: number;
}

/** (1 + x) × 10^12 exactly, for a decimal x with at most 12 places. */
function factorOf(x: string, flag: string): number {
  let r;
  try {
    r = ratio(x);
  } catch {
    throw usageError(`${flag} ${x}: expected a decimal number`, `${flag} X with X a plain decimal (a share of expenditure, not a percentage)`);
  }
  if (cmp(abs(r), ratio(MAX_TREND)) > 0) throw usageError(`${flag} ${x}: at most ${MAX_TREND} in magnitude (a share of the cost: 0.03 is 3%)`, `e.g. ${flag} 0.03`);
  const scaled = (r.n * BigInt(FACTOR_SCALE)) / r.d;
  if (scaled * r.d !== r.n * BigInt(FACTOR_SCALE)) throw usageError(`${flag} ${x}: at most 12 decimal places`);
  return Number(scaled);
}

export function trendFactors(shift: string, sd: string): { shiftFactor: number; sdFactor: number } {
  const s = factorOf(shift, '--trend-shift');
  if (s <= -FACTOR_SCALE) throw usageError(`--trend-shift ${shift}: must be above -1 (a factor 1 + shift above 0)`);
  const d = factorOf(sd, '--trend-sd');
  if (d < 0) throw usageError(`--trend-sd ${sd}: must not be negative`);
  return { shiftFactor: FACTOR_SCALE + s, sdFactor: d };
}

function column(results: Float64Array, trials: number, width: number, at: number): Float64Array {
  const v = new Float64Array(trials);
  for (let t = 0; t < trials; t++) v[t] = results[t * width + at]!;
  return v;
}

/** Everything before the trials: rules per option and PY, the tables, the data's own settlement.
 *  Synchronous, so a scenario that cannot settle the data fails here, before any trial. */
export interface PreparedRisk {
  readonly req: RiskRequest;
  readonly options: readonly PaymentOption[];
  readonly job: RiskJob;
  readonly data: Float64Array;
}

export function prepareRisk(req: RiskRequest): PreparedRisk {
  const pop = req.population;
  const input = req.input;
  const options = req.options ?? [{ track: input.track ?? 'global', capitation: input.capitation ?? 'pcc' }];
  const attachments = attachmentCents(input);
  const byOption = options.map((o) => yearRulesOf(optionInput(input, o), pop));
  const { shiftFactor, sdFactor } = trendFactors(req.trendShift, req.trendSd);
  const tables = buildTables(req.rows, pop.years, input.attribution ?? 'standard', attachments.length > 0);
  const job: RiskJob = {
    tables,
    rules: pop.years.map((_py, y) => byOption.map((rs) => rs[y]!)),
    seed: req.seed.toString(),
    shiftFactor,
    sdFactor,
    attachments,
  };
  checkTrialMemory(job, req.trials);
  return { req, options, job, data: onData(job) };
}

/** The statistics of the trials' results. */
export function riskOutcome(p: PreparedRisk, results: Float64Array, threads: number): RiskOutcome {
  const { req, options, job, data } = p;
  const pop = req.population;
  const O = options.length;
  const width = pop.years.length * O * FIELDS.length;
  const rows: RiskYear[] = [];
  pop.years.forEach((py, y) => {
    options.forEach((option, o) => {
      const at = (y * O + o) * FIELDS.length;
      rows.push({
        py,
        option,
        aligned: job.tables[y]!.n,
        settlement: distribution(column(results, req.trials, width, at + F_SETTLEMENT), BigInt(data[at + F_SETTLEMENT]!)),
        savings: distribution(column(results, req.trials, width, at + F_SAVINGS), BigInt(data[at + F_SAVINGS]!)),
      });
    });
  });
  return {
    source: pop.source,
    rowsRead: pop.rowsRead,
    trials: req.trials,
    seed: req.seed,
    trendShift: req.trendShift,
    trendSd: req.trendSd,
    compared: req.options !== null,
    options,
    years: pop.years,
    rows,
    results,
    threads,
    draws: req.trials * job.tables.reduce((n, t) => n + t.n, 0),
  };
}

export async function riskSimulation(req: RiskRequest, runner: TrialRunner): Promise<RiskOutcome> {
  const p = prepareRisk(req);
  const { results, threads } = await runner(p.job, req.trials);
  return riskOutcome(p, results, threads);
}

