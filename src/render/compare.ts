// The compare renderers: the table (one block per figure, one row per option, one column per PY plus
// Total; the option that pays the DCE the most marked), CSV (one row per option x PY, then the
// option's total) and JSON.
import { formatCents } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import {
  COMPARE_CSV_COLUMNS, COMPARE_METRICS, COMPARE_PROGRAM_CSV_COLUMNS, COMPARE_PROGRAM_METRICS, COMPARE_V2_METRICS, metricValue, programMetricValue,
  type CompareMetric, type CompareProgramMetric, type CompareReport, type CompareReportLine, type CompareReportOption, type CompareV2Metric,
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

/** A program metric as text ('' where it does not apply). */
function programText(m: CompareProgramMetric, o: CompareReportOption, l: CompareReportLine): string {
  const v = programMetricValue(m, o, l);
  return v === undefined ? '' : typeof v === 'bigint' ? formatCents(v) : typeof v === 'string' ? v : rateText(v);
}

export async function compareCsv(c: CompareReport, out: Sink, opts: RenderOptions): Promise<void> {
  const w = new CsvWriter(out, opts);
  w.header(c.programs ? COMPARE_PROGRAM_CSV_COLUMNS : COMPARE_CSV_COLUMNS);
  for (const o of c.options) {
    for (const l of [...o.years, o.total]) {
      w.text(o.label);
      for (const t of [o.track, o.capitation]) {
        w.byte(44);
        w.text(t);
      }
      // numbers are written as they are (a negative amount is not a formula)
      w.ascii(`,${l.py === null ? 'total' : String(l.py)},${COMPARE_METRICS.map((m) => metricText(m, l)).join(',')},${String(l.paysMost)},${COMPARE_V2_METRICS.map((m) => metricText(m, l)).join(',')}`);
      if (c.programs) {
        for (const m of COMPARE_PROGRAM_METRICS) {
          w.byte(44);
          if (m.kind === 'text') w.text(programText(m, o, l));
          else w.ascii(programText(m, o, l));
        }
      }
      w.endRow();
    }
  }
  await w.flush();
}

function lineJson(l: CompareReportLine, opt: CompareReportOption, programs: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = l.py === null ? {} : { performance_year: l.py };
  for (const m of COMPARE_METRICS) o[m.key] = metricText(m, l);
  o.pays_most = l.paysMost;
  for (const m of COMPARE_V2_METRICS) o[m.key] = metricText(m, l);
  if (programs) for (const m of COMPARE_PROGRAM_METRICS) if (m.key !== 'program') o[m.key] = programText(m, opt, l) || null;
  return o;
}

/** METHODOLOGY section 10's compare object (schema_version 3: expenditure_completion appended; --programs adds its lines). */
export function compareJsonObject(c: CompareReport): Record<string, unknown> {
  return {
    schema_version: 3,
    dcsim_version: VERSION,
    input: { path: c.input.path, rows_read: c.input.rowsRead },
    options: c.options.map((o) => ({
      option: o.label, ...(c.programs ? { program: o.program ?? null } : {}), track: o.track, capitation: o.capitation,
      years: o.years.map((l) => lineJson(l, o, c.programs)), total: lineJson(o.total, o, c.programs),
    })),
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
  if (c.programs) {
    // METHODOLOGY-2027 section 4: each program's lines, those that some program has
    for (const m of COMPARE_PROGRAM_METRICS) {
      if (m.key === 'program') continue;
      const cell = (o: CompareReportOption, l: CompareReportLine): string => {
        const v = programMetricValue(m, o, l);
        return v === undefined ? '' : typeof v === 'bigint' ? groupThousands(formatCents(v)) : typeof v === 'string' ? v : percentText(v);
      };
      if (!c.options.some((o) => [...o.years, o.total].some((l) => { const v = programMetricValue(m, o, l); return v !== undefined && v !== 0n; }))) continue;
      t.push([ch.bold(m.label), ...head.slice(1).map(() => '')]);
      for (const o of c.options) t.push([`  ${o.label}`, ...[...o.years, o.total].map((l) => cell(o, l))]);
    }
  }
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
    ...(c.programs ? ['each program settles its own scenario (dcsim run --program P with its track shows each in full); the benchmark is each program\'s own: see docs/mssp.md']
      : p.rules !== undefined ? [`parameters: rules=${p.rules} attribution=${p.attribution} (every other parameter as in the base scenario; dcsim run --track T --capitation C shows each in full)`] : []),
    t.toString(),
    `* pays the DCE the most in that PY; in total: ${c.best.join(', ') || 'none'}`,
    ...c.notes.map((n) => `note: ${terminalSafe(n)}`),
  ];
  await out.write(`${lines.join('\n')}\n`);
}
