// The report model of `dcsim risk`: per PY (and payment option), the distribution of the settlement
// and of S over the trials, with typed values (cents as bigint, a share as an exact ratio). The column
// names here are the JSON keys and, prefixed `settlement_` / `savings_`, the CSV columns.
import { formatCents, toCents, type Ratio } from '../domain/exact.js';
import { PERCENTILES } from '../domain/statistics.js';
import type { ScenarioInput } from '../domain/scenario.js';
import type { PaymentOption } from '../usecases/compare.js';
import type { RiskOutcome } from '../usecases/risk/risk.js';
import type { Distribution } from '../usecases/risk/stats.js';

/** The statistics of one amount, in output order. */
export const STAT_KEYS = ['on_data', 'mean', 'sd', 'p_loss', ...PERCENTILES.map((p) => `p${String(p).padStart(2, '0')}`), 'expected_shortfall'] as const;

/** 'none': a statistic that is undefined (the standard deviation of one trial): empty in CSV, null in JSON. */
export type StatValue = { readonly kind: 'money'; readonly cents: bigint } | { readonly kind: 'share'; readonly value: Ratio } | { readonly kind: 'none' };

export interface RiskStatsModel {
  readonly values: Readonly<Record<string, StatValue>>;
  readonly histogram: { readonly min: bigint; readonly max: bigint; readonly counts: readonly number[] };
}

export interface RiskRowModel {
  readonly py: number;
  /** "track/capitation" */
  readonly option: string;
  readonly aligned: number;
  readonly settlement: RiskStatsModel;
  readonly savings: RiskStatsModel;
}

export interface RiskReport {
  readonly kind: 'risk';
  readonly schemaVersion: 1;
  readonly input: { readonly path: string; readonly rowsRead: number };
  readonly trials: number;
  readonly seed: number;
  readonly trendShift: string;
  readonly trendSd: string;
  /** with --compare: the options, and each row names its option in JSON */
  readonly compared: boolean;
  readonly parameters: Readonly<Record<string, string>>;
  readonly rows: readonly RiskRowModel[];
  /** every trial, for --trials-out: [trial][PY][option][TRIAL_FIELDS] in cents */
  readonly trialLines: { readonly years: readonly number[]; readonly options: readonly string[]; readonly values: Float64Array };
}

/** The amounts kept per trial, PY and option, in the order of the trial lines' values (risk/trials.ts FIELDS). */
export const TRIAL_FIELDS = ['benchmark', 'expenditure', 'savings', 'shared_savings', 'settlement'] as const;

/** --trials-out's columns: one row per trial, PY and option. */
export const TRIAL_COLUMNS = ['trial', 'performance_year', 'option', ...TRIAL_FIELDS] as const;

export function statsModel(d: Distribution): RiskStatsModel {
  const m = (cents: bigint): StatValue => ({ kind: 'money', cents });
  const values: Record<string, StatValue> = { on_data: m(d.onData), mean: m(d.mean), sd: d.sd === null ? { kind: 'none' } : m(d.sd), p_loss: { kind: 'share', value: d.pLoss } };
  PERCENTILES.forEach((p, i) => {
    values[`p${String(p).padStart(2, '0')}`] = m(d.percentiles[i]!);
  });
  values.expected_shortfall = m(d.expectedShortfall);
  return { values, histogram: { min: d.min, max: d.max, counts: d.histogram } };
}

/** The parameters a risk report shows: the options compared (or the track and capitation), the rule
 *  set, the attribution and any stop-loss attachment points. */
export function riskParameters(input: ScenarioInput, options: readonly PaymentOption[] | null): Record<string, string> {
  return {
    ...(options ? { options: options.map((o) => (o.program ? `${o.program.program}/${o.program.track}` : `${o.track}/${o.capitation}`)).join(',') } : { track: input.track ?? 'global', capitation: input.capitation ?? 'pcc' }),
    // with --programs each program has its own rules
    ...(options?.some((o) => o.program) ? {} : { rules: input.rules ?? 'dc' }),
    attribution: input.attribution ?? 'standard',
    ...(input.stop_loss_attachment ? { stop_loss_attachment: input.stop_loss_attachment.map((a) => formatCents(toCents(a))).join(',') } : {}),
  };
}

/** The report of the risk use case's outcome (a type-only import: report/ runs no use case). */
export function riskReport(o: RiskOutcome, parameters: Readonly<Record<string, string>>): RiskReport {
  const label = (x: RiskOutcome['options'][number]): string => (x.program ? `${x.program.program}/${x.program.track}` : `${x.track}/${x.capitation}`);
  return {
    kind: 'risk',
    schemaVersion: 1,
    input: { path: o.source, rowsRead: o.rowsRead },
    trials: o.trials,
    seed: Number(o.seed),
    trendShift: o.trendShift,
    trendSd: o.trendSd,
    compared: o.compared,
    parameters,
    rows: o.rows.map((r) => ({ py: r.py, option: label(r.option), aligned: r.aligned, settlement: statsModel(r.settlement), savings: statsModel(r.savings) })),
    trialLines: { years: o.years, options: o.options.map(label), values: o.results },
  };
}
