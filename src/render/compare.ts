// The compare renderers: the table (one block per figure, one row per option, one column per PY plus
// Total; the option that pays the DCE the most marked), CSV (one row per option x PY, then the
// option's total) and JSON.
import { formatCents } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import {
  COMPARE_CSV_COLUMNS, COMPARE_METRICS, COMPARE_V2_METRICS, metricValue,
  type CompareMetric, type CompareReport, type CompareReportLine, type CompareV2Metric,
} from '../report/compare.js';
import { percentText, rateText } from './format.js';
import { VERSION } from '../version.js';
import { CsvWriter } from './csv-writer.js';
import { groupThousands } from './format.js';
import type { RenderOptions } from './options.js';
import { terminalSafe } from './terminal.js';

function metricText(m: CompareMetric | CompareV2Metric, l: CompareReportLine): string {
  const v = metricValue(m, l);
  return typeof v === 'bigint' ? formatCents(v) : rateText(v);
}

export async function compareCsv(c: CompareReport, out: Sink, opts: RenderOptions): Promise<void> {
  const w = new CsvWriter(out, opts);
  w.header(COMPARE_CSV_COLUMNS);
  for (const o of c.options) {
    for (const l of [...o.years, o.total]) {
      w.text(o.label);
      for (const t of [o.track, o.capitation]) {
        w.byte(44);
        w.text(t);
      }
      // numbers are written as they are (a negative amount is not a formula)
      w.ascii(`,${l.py === null ? 'total' : String(l.py)},${COMPARE_METRICS.map((m) => metricText(m, l)).join(',')},${String(l.paysMost)},${COMPARE_V2_METRICS.map((m) => metricText(m, l)).join(',')}`);
      w.endRow();
    }
  }
  await w.flush();
}

function lineJson(l: CompareReportLine): Record<string, unknown> {
  const o: Record<string, unknown> = l.py === null ? {} : { performance_year: l.py };
  for (const m of COMPARE_METRICS) o[m.key] = metricText(m, l);
  o.pays_most = l.paysMost;
  for (const m of COMPARE_V2_METRICS) o[m.key] = metricText(m, l);
  return o;
}

/** METHODOLOGY section 10's compare object (schema_version 3: expenditure_completion appended). */
export function compareJsonObject(c: CompareReport): Record<string, unknown> {
  return {
    schema_version: 3,
    dcsim_version: VERSION,
    input: { path: c.input.path, rows_read: c.input.rowsRead },
    options: c.options.map((o) => ({ option: o.label, track: o.track, capitation: o.capitation, years: o.years.map(lineJson), total: lineJson(o.total) })),
    pays_most: {
      total: c.best,
      by_year: Object.fromEntries(c.years.map((py, i) => [String(py), c.options.filter((o) => o.years[i]!.paysMost).map((o) => o.label)])),
    },
    failed: c.failed,
    notes: c.notes,
  };
}

export async function compareJson(c: CompareReport, out: Sink): Promise<void> {
  await out.write(`${JSON.stringify(compareJsonObject(c), null, 2)}\n`);
}

export async function compareTable(c: CompareReport, out: Sink, opts: RenderOptions): Promise<void> {
  const { Chalk } = await import('chalk');
  const { default: Table } = await import('cli-table3');
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const head = ['', ...c.years.map((y) => `PY${y}`), 'Total'];
  const t = new Table({
    head: head.map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...c.years.map(() => 'right' as const), 'right'],
  });
  const shownV2 = COMPARE_V2_METRICS.filter((m) => m.shownWhenNonZero && c.options.some((o) => [...o.years, o.total].some((l) => metricValue(m, l) !== 0n)));
  for (const m of [...COMPARE_METRICS, ...shownV2]) {
    t.push([ch.bold(m.label), ...head.slice(1).map(() => '')]);
    for (const o of c.options) {
      const cells = [...o.years, o.total].map((l) => {
        if (m.kind === 'rate') return percentText(l.savingsRate);
        const s = groupThousands(metricText(m, l));
        const red = s.startsWith('-') ? ch.red(s) : s;
        return m.key === 'settlement' && l.paysMost ? ch.bold(`* ${red}`) : red;
      });
      t.push([`  ${o.label}`, ...cells]);
    }
  }
  const p = c.parameters;
  const lines = [
    ch.bold(`dcsim compare: ${p.options.join(' vs ')}`),
    `input: ${terminalSafe(c.input.path)} (${c.input.rowsRead} rows read)`,
    ...(p.rules !== undefined ? [`parameters: rules=${p.rules} attribution=${p.attribution} (every other parameter as in the base scenario; dcsim run --track T --capitation C shows each in full)`] : []),
    t.toString(),
    `* pays the DCE the most in that PY; in total: ${c.best.join(', ') || 'none'}`,
    ...c.notes.map((n) => `note: ${terminalSafe(n)}`),
  ];
  await out.write(`${lines.join('\n')}\n`);
}
