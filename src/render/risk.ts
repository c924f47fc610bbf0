// `dcsim risk` as JSON and CSV (the table is risk-table.ts). Money is a string with two decimals,
// never "-0.00"; p_loss is an exact decimal string (rounded half-even past 10 places).
import { formatCents, formatRatio } from '../domain/exact.js';
import { STAT_KEYS, TRIAL_COLUMNS, TRIAL_FIELDS, type RiskReport, type RiskStatsModel, type StatValue } from '../report/risk.js';
import { VERSION } from '../version.js';
import type { Sink } from '../domain/sink.js';
import { csvTable, type CsvOptions } from './csv.js';
import { CsvWriter } from './csv-writer.js';
import type { RenderOptions } from './options.js';
import { neutralize } from './format.js';

export function statText(v: StatValue): string {
  return v.kind === 'money' ? formatCents(v.cents) : v.kind === 'share' ? formatRatio(v.value, 10) : '';
}

function statsJson(s: RiskStatsModel): Record<string, string | null> {
  return Object.fromEntries(STAT_KEYS.map((k) => [k, s.values[k]!.kind === 'none' ? null : statText(s.values[k]!)]));
}

export function riskJson(r: RiskReport): Record<string, unknown> {
  return {
    schema_version: r.schemaVersion,
    kind: r.kind,
    dcsim_version: VERSION,
    input: { path: r.input.path, rows_read: r.input.rowsRead },
    trials: r.trials,
    seed: r.seed,
    trend_shift: r.trendShift,
    trend_sd: r.trendSd,
    scenario: r.parameters,
    years: r.rows.map((y) => ({
      performance_year: y.py,
      ...(r.compared ? { option: y.option } : {}),
      aligned_beneficiaries: y.aligned,
      settlement: statsJson(y.settlement),
      savings: statsJson(y.savings),
    })),
  };
}

export function renderRiskJson(r: RiskReport): string {
  return `${JSON.stringify(riskJson(r), null, 2)}\n`;
}

export const RISK_CSV_COLUMNS: readonly string[] = [
  'performance_year', 'option', 'aligned_beneficiaries',
  ...STAT_KEYS.map((k) => `settlement_${k}`),
  ...STAT_KEYS.map((k) => `savings_${k}`),
];

export function renderRiskCsv(r: RiskReport, opts: CsvOptions = {}): string {
  const rows = r.rows.map((y) => [
    String(y.py), neutralize(y.option), String(y.aligned),
    ...STAT_KEYS.map((k) => statText(y.settlement.values[k]!)),
    ...STAT_KEYS.map((k) => statText(y.savings.values[k]!)),
  ]);
  return csvTable(RISK_CSV_COLUMNS, rows, opts);
}

/** --trials-out: one row per trial (1-based), PY and option, money in cents as dollars (the one CSV writer). */
export async function trialsCsv(r: RiskReport, out: Sink, opts: RenderOptions): Promise<void> {
  const { years, options, values } = r.trialLines;
  const w = new CsvWriter(out, opts);
  w.header(TRIAL_COLUMNS);
  const F = TRIAL_FIELDS.length;
  let at = 0;
  for (let t = 0; t < r.trials; t++) {
    for (const py of years) {
      for (const label of options) {
        w.int(t + 1);
        w.byte(44);
        w.int(py);
        w.byte(44);
        w.text(label);
        for (let f = 0; f < F; f++) {
          w.byte(44);
          w.cents(values[at + f]!);
        }
        w.endRow();
        at += F;
      }
    }
    await w.settle();
  }
  await w.flush();
}

/** The registry's renderers of the risk model. */
export async function riskCsv(r: RiskReport, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(renderRiskCsv(r, opts));
}
export async function riskJsonRenderer(r: RiskReport, out: Sink): Promise<void> {
  await out.write(renderRiskJson(r));
}
