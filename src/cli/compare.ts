// `dcsim compare DATA`: Professional/PCC, Global/PCC and Global/TCC (or --tracks) side by side on one
// data file and one base scenario, per PY and in total; the option that pays the DCE the most is
// marked. Table, CSV (one row per option x PY, then the option's total) or JSON.
import { usageError } from '../domain/errors.js';
import { formatMoney, formatRate } from '../domain/money.js';
import { compare, DEFAULT_OPTIONS, optionLabel, parseOptions, type CompareLine, type Comparison } from '../compare.js';
import { assertDistinctFiles } from '../io/files.js';
import { sniffEntityInput } from '../io/entity-csv.js';
import { writeFileOutput } from '../io/output.js';
import { formatDiagnostic } from '../render/errors.js';
import { groupThousands } from '../render/format.js';
import { terminalSafe } from '../render/terminal.js';
import { SHOWN_RATE_PLACES } from '../report/settlement.js';
import { attachmentCents } from '../simulate.js';
import { VERSION } from '../version.js';
import { useColor, type Io } from './io.js';
import { inputFiles, naming, outputFormat, scenarioFromOptions, type CommonOptions } from './options.js';
import { noteUnusedYears, readData } from './read.js';

export interface CompareOptions extends CommonOptions {
  tracks?: string;
}

/** The compared figures, in column order: key, label, value as text. */
const METRICS: readonly { key: string; label: string; text: (l: CompareLine) => string }[] = [
  { key: 'settlement', label: 'Settlement (+ CMS pays DCE)', text: (l) => formatMoney(l.settlement) },
  { key: 'shared_savings', label: 'Shared savings / losses', text: (l) => formatMoney(l.sharedSavings) },
  { key: 'capitation_paid', label: 'Capitation paid (cash during the year)', text: (l) => formatMoney(l.capitationPaid) },
  { key: 'cms_net_savings', label: 'CMS net savings', text: (l) => formatMoney(l.cmsNetSavings) },
  { key: 'savings_rate', label: 'Savings rate', text: (l) => formatRate(l.savingsRate.toDecimalPlaces(SHOWN_RATE_PLACES)) },
];

export const COMPARE_CSV_COLUMNS: readonly string[] = ['option', 'track', 'capitation', 'performance_year', ...METRICS.map((m) => m.key), 'pays_most'];

export function compareCsv(c: Comparison, opts: { excel?: boolean } = {}): string {
  const eol = opts.excel ? '\r\n' : '\n';
  const rows = [COMPARE_CSV_COLUMNS.join(',')];
  for (const o of c.options) {
    if (!o.ok) continue;
    for (const l of [...o.years, o.total]) {
      rows.push([optionLabel(o.option), o.option.track, o.option.capitation, l.py === null ? 'total' : String(l.py), ...METRICS.map((m) => m.text(l)), String(l.paysMost)].join(','));
    }
  }
  return `${opts.excel ? '\ufeff' : ''}${rows.join(eol)}${eol}`;
}

function lineJson(l: CompareLine): Record<string, unknown> {
  const o: Record<string, unknown> = l.py === null ? {} : { performance_year: l.py };
  for (const m of METRICS) o[m.key] = m.text(l);
  o.pays_most = l.paysMost;
  return o;
}

export function compareJson(c: Comparison): Record<string, unknown> {
  const ok = c.options.filter((o) => o.ok);
  return {
    schema_version: 1,
    dcsim_version: VERSION,
    input: { path: c.population.source, rows_read: c.population.rowsRead },
    options: ok.map((o) => ({ option: optionLabel(o.option), track: o.option.track, capitation: o.option.capitation, years: o.years.map(lineJson), total: lineJson(o.total) })),
    pays_most: {
      total: c.best,
      by_year: Object.fromEntries(c.years.map((py, i) => [String(py), ok.filter((o) => o.years[i]!.paysMost).map((o) => optionLabel(o.option))])),
    },
    failed: c.options.filter((o) => !o.ok).map((o) => ({ option: optionLabel(o.option), errors: o.error.diagnostics.map((d) => ({ message: d.message, ...(d.hint ? { hint: d.hint } : {}) })) })),
    notes: c.notes,
  };
}

export async function compareTable(c: Comparison, color: boolean): Promise<string> {
  const { Chalk } = await import('chalk');
  const { default: Table } = await import('cli-table3');
  const ch = new Chalk({ level: color ? 1 : 0 });
  const ok = c.options.filter((o) => o.ok);
  const head = ['', ...c.years.map((y) => `PY${y}`), 'Total'];
  const t = new Table({
    head: head.map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...c.years.map(() => 'right' as const), 'right'],
  });
  for (const m of METRICS) {
    t.push([ch.bold(m.label), ...head.slice(1).map(() => '')]);
    for (const o of ok) {
      const cells = [...o.years, o.total].map((l) => {
        if (m.key === 'savings_rate') return `${l.savingsRate.times(100).toFixed(2)}%`;
        const s = groupThousands(m.text(l));
        const red = s.startsWith('-') ? ch.red(s) : s;
        return m.key === 'settlement' && l.paysMost ? ch.bold(`* ${red}`) : red;
      });
      t.push([`  ${optionLabel(o.option)}`, ...cells]);
    }
  }
  const first = ok[0]?.simulation.scenario;
  const lines = [
    ch.bold(`dcsim compare: ${c.options.map((o) => optionLabel(o.option)).join(' vs ')}`),
    `input: ${terminalSafe(c.population.source)} (${c.population.rowsRead} rows read)`,
    ...(first ? [`parameters: rules=${first.rules.id} attribution=${first.attribution} (every other parameter as in the base scenario; dcsim run --track T --capitation C shows each in full)`] : []),
    t.toString(),
    `* pays the DCE the most in that PY; in total: ${c.best.join(', ') || 'none'}`,
    ...c.notes.map((n) => `note: ${terminalSafe(n)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function compareCommand(data: string, opts: CompareOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY);
  for (const k of ['track', 'capitation'] as const) {
    if (opts[k] !== undefined) throw usageError(`--${k}: compare settles every option in --tracks`, 'choose the options with --tracks, e.g. --tracks professional/pcc,global/tcc');
  }
  assertDistinctFiles(inputFiles(data, opts), opts.output ? [{ what: '-o', path: opts.output }] : []);
  // An entity file (entity_id / ACO_ID in the header): each entity under each option (dcsim settle).
  const sniff = await sniffEntityInput(data, io.stdin);
  if (sniff.entity) {
    const { entityCompareCommand } = await import('./settle-compare.js');
    return entityCompareCommand(data, opts, { ...io, stdin: sniff.stdin });
  }
  const options = opts.tracks !== undefined ? parseOptions(opts.tracks) : DEFAULT_OPTIONS;
  const base = scenarioFromOptions(opts).input;
  const population = await readData(data, opts, { ...io, stdin: sniff.stdin }, { attachments: attachmentCents(base) });

  const c = naming(opts.scenario as string | undefined, population.source, () => compare(population, base, options));
  noteUnusedYears(io, [base], population.years);
  const failed = c.options.filter((o) => !o.ok);
  for (const o of failed) {
    for (const d of o.error.diagnostics) io.err(`${formatDiagnostic({ ...d, message: `${optionLabel(o.option)}: ${d.message}` })}\n`);
  }
  if (failed.length < c.options.length && format === 'xlsx') {
    for (const n of c.notes) io.err(`dcsim: note: ${n}\n`);
    const [{ compareWorkbook }, { renderXlsx }, { writeBinary }] = await Promise.all([import('./workbooks.js'), import('../render/xlsx.js'), import('./write.js')]);
    await writeBinary(await renderXlsx(compareWorkbook(c)), opts.output, io);
  } else if (failed.length < c.options.length) {
    const text = format === 'json' ? `${JSON.stringify(compareJson(c), null, 2)}\n` : format === 'csv' ? compareCsv(c, { excel: opts.excel === true }) : await compareTable(c, opts.output ? false : useColor(opts.color, io));
    if (format !== 'table') for (const n of c.notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
    if (opts.output) await writeFileOutput(opts.output, text);
    else await io.out(text);
  }
  if (failed.length) {
    io.err(`dcsim: error: ${failed.length} of ${c.options.length} option(s) could not be settled${failed.length === c.options.length ? '; nothing was written' : ''}\n`);
    return 1;
  }
  return 0;
}
