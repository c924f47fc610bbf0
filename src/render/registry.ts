// THE registry of output formats and renderers. Every command's output goes
//   report model --(kind, format)--> renderer --> Sink (src/domain/sink.ts, made by src/io/output.ts)
// and nowhere else. Two tables:
// - FORMATS: each format's name (-O NAME) and the file extensions that choose it (-o FILE.EXT);
// - RENDERERS: per model kind, a renderer for each format it supports, loaded on demand (a JSON run
//   never loads the table's libraries).
// To add a model kind: add `kind: ModelType` to ReportModels and one RENDERERS entry, e.g.
//   risk: { table: () => import('./risk.js').then((m) => m.riskTable), csv: ..., json: ... },
// To add a format: one FORMATS entry (e.g. `xlsx: { extensions: ['.xlsx'], binary: true }`), then a
// renderer for it under each kind that offers it. A (kind, format) pair with no renderer is refused
// with a usage error naming the formats the kind has.
import { usageError } from '../domain/errors.js';
import type { Sink } from '../domain/sink.js';
import type { Renderer, RenderOptions } from './options.js';
import type { BoardReport } from '../report/board.js';
import type { CompareReport } from '../report/compare.js';
import type { RiskReport } from '../report/risk.js';
import type { EnginesReport } from '../report/engines.js';
import type { EntityCheck, EntityReport, EntityStream } from '../report/entity.js';
import type { EntityComparison } from '../report/entity-compare.js';
import type { SettlementReport } from '../report/settlement.js';
import type { SweepReport } from '../report/sweep.js';

export interface FormatSpec {
  /** File extensions (lower case, with the dot) that choose this format for `-o FILE`. */
  readonly extensions: readonly string[];
}

/** Every output format, in the order help and messages list them. */
export const FORMATS = {
  table: { extensions: ['.txt'] },
  csv: { extensions: ['.csv'] },
  json: { extensions: ['.json'] },
  xlsx: { extensions: ['.xlsx'] },
  html: { extensions: ['.html', '.htm'] },
} as const satisfies Record<string, FormatSpec>;

export type Format = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as Format[];

export type { RenderOptions, Renderer } from './options.js';

/** Every model kind and its model type. */
export interface ReportModels {
  /** `dcsim run`: the settlement of one scenario. */
  settlement: SettlementReport;
  /** `dcsim run --by`: the cohort records of a settlement (--cohorts-only, --cohorts-out). */
  cohorts: SettlementReport;
  /** `dcsim run --lead-benchmark-out`: rule set lead's benchmark build by PY and cohort. */
  leadBenchmark: SettlementReport;
  sweep: SweepReport;
  compare: CompareReport;
  /** `dcsim report`: the board's HTML report. */
  board: BoardReport;
  /** `dcsim risk`: the distribution of the settlement per PY (and option). */
  risk: RiskReport;
  /** `dcsim risk --trials-out`: one row per trial. */
  riskTrials: RiskReport;
  /** `dcsim settle`: one row per entity-PY (and scenario with --vary). */
  entity: EntityReport;
  /** `dcsim settle --summary`: what the entity-years show, by PY. */
  entitySummary: EntityReport;
  /** `dcsim settle --check`: the check's summary (stderr). */
  entityCheck: EntityCheck;
  /** `dcsim compare` on an entity file: each entity under each payment option. */
  entityCompare: EntityComparison;
  /** `dcsim engines`: the registered engines, their keys and corridors. */
  engines: EnginesReport;
  /** `dcsim settle --vary -O csv|json`: the scenarios streamed, one in memory at a time. */
  entityStream: EntityStream;
}
export type ModelKind = keyof ReportModels;

type Loader<M> = () => Promise<Renderer<M>>;

export const RENDERERS: { readonly [K in ModelKind]: Readonly<Partial<Record<Format, Loader<ReportModels[K]>>>> } = {
  settlement: {
    table: () => import('./table.js').then((m) => m.settlementTable),
    csv: () => import('./csv.js').then((m) => m.settlementCsv),
    json: () => import('./json.js').then((m) => m.settlementJsonRenderer),
    xlsx: () => import('./workbooks.js').then((m) => m.settlementXlsx),
  },
  cohorts: {
    csv: () => import('./csv.js').then((m) => m.cohortsCsv),
    json: () => import('./json.js').then((m) => m.cohortsJsonRenderer),
  },
  leadBenchmark: {
    csv: () => import('./lead-benchmark.js').then((m) => m.leadBenchmarkCsv),
    json: () => import('./lead-benchmark.js').then((m) => m.leadBenchmarkJsonRenderer),
  },
  sweep: {
    table: () => import('./sweep.js').then((m) => m.sweepTable),
    csv: () => import('./sweep.js').then((m) => m.sweepCsv),
    json: () => import('./sweep.js').then((m) => m.sweepJson),
    xlsx: () => import('./workbooks.js').then((m) => m.sweepXlsx),
  },
  compare: {
    table: () => import('./compare.js').then((m) => m.compareTable),
    csv: () => import('./compare.js').then((m) => m.compareCsv),
    json: () => import('./compare.js').then((m) => m.compareJson),
    xlsx: () => import('./workbooks.js').then((m) => m.compareXlsx),
  },
  board: {
    html: () => import('./html.js').then((m) => m.boardHtml),
  },
  risk: {
    table: () => import('./risk-table.js').then((m) => m.riskTable),
    csv: () => import('./risk.js').then((m) => m.riskCsv),
    json: () => import('./risk.js').then((m) => m.riskJsonRenderer),
  },
  riskTrials: {
    csv: () => import('./risk.js').then((m) => m.trialsCsv),
  },
  entity: {
    table: () => import('./entity.js').then((m) => m.entityTableRenderer),
    csv: () => import('./entity.js').then((m) => m.entityCsvRenderer),
    json: () => import('./entity.js').then((m) => m.entityJsonRenderer),
    xlsx: () => import('./workbooks.js').then((m) => m.entityXlsx),
  },
  entityStream: {
    csv: () => import('./entity-stream.js').then((m) => m.entityStreamCsv),
    json: () => import('./entity-stream.js').then((m) => m.entityStreamJson),
  },
  entitySummary: {
    table: () => import('./entity.js').then((m) => m.summaryTableRenderer),
    csv: () => import('./entity.js').then((m) => m.summaryCsvRenderer),
    json: () => import('./entity.js').then((m) => m.summaryJsonRenderer),
  },
  entityCheck: {
    table: () => import('./entity.js').then((m) => m.entityCheckRenderer),
  },
  entityCompare: {
    table: () => import('./entity-compare.js').then((m) => m.entityCompareTableRenderer),
    csv: () => import('./entity-compare.js').then((m) => m.entityCompareCsvRenderer),
    json: () => import('./entity-compare.js').then((m) => m.entityCompareJsonRenderer),
  },
  engines: {
    table: () => import('./engines.js').then((m) => m.enginesRenderer),
  },
};

/** "a, b or c". */
export function orList(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

/** The formats a kind can be written as, in FORMATS order. */
export function formatsOf(kind: ModelKind): Format[] {
  return FORMAT_NAMES.filter((f) => RENDERERS[kind][f] !== undefined);
}

/** Data rows a worksheet holds (1,048,576 rows, one the header). */
export const SHEET_MAX_ROWS = 1_048_575;

/** Refuse up front (before any settling or rendering) an xlsx whose sheet would pass SHEET_MAX_ROWS. */
export function checkSheetRows(format: Format, a: number, b: number, aWhat: string, bWhat: string, opts: { outputFormat?: string; output?: string } = {}): void {
  if (format !== 'xlsx' || a * b <= SHEET_MAX_ROWS) return;
  throw usageError(`${typedFormat(format, opts)}: ${a.toLocaleString('en-US')} ${aWhat} x ${b.toLocaleString('en-US')} ${bWhat} is ${(a * b).toLocaleString('en-US')} rows; a worksheet holds at most ${SHEET_MAX_ROWS.toLocaleString('en-US')}`, 'write CSV instead (-O csv), or use fewer values or larger steps');
}

/** What writes each model kind, in the words of the command line (for messages). */
export const KIND_WORDS: { readonly [K in ModelKind]: string } = {
  settlement: 'dcsim run',
  cohorts: 'the cohort rows (--by)',
  sweep: 'dcsim sweep',
  compare: 'dcsim compare',
  board: 'dcsim report',
  risk: 'dcsim risk',
  riskTrials: '--trials-out',
  entity: 'dcsim settle',
  entitySummary: 'dcsim settle --summary',
  entityCompare: 'dcsim compare on an entity file',
  entityStream: 'dcsim settle --vary',
  entityCheck: 'dcsim settle --check',
  engines: 'dcsim engines',
  leadBenchmark: '--lead-benchmark-out',
};

/**
 * Refuse, before any work, a format the kind has no renderer for: the message names what was typed
 * (-O FORMAT, or the -o file whose extension chose it) and the formats that would work.
 */
export function checkWritable(kind: ModelKind, format: Format, opts: { outputFormat?: string; output?: string } = {}): void {
  if (RENDERERS[kind][format] !== undefined) return;
  const ok = formatsOf(kind);
  throw usageError(`${typedFormat(format, opts)}: ${KIND_WORDS[kind]} writes ${orList(ok)}, not ${format}`, `use ${orList(ok.map((f) => `-O ${f}`))}, or ${extensionHint(ok)}`);
}

/** How the user chose a format: "-O xlsx", or "-o out.xlsx" when the extension chose it. */
function typedFormat(format: Format, opts: { outputFormat?: string; output?: string }): string {
  return opts.outputFormat === undefined && opts.output ? `-o ${opts.output}` : `-O ${format}`;
}

/** -O NAME as a format; a usage error (exit 2) for an unknown name. */
export function formatNamed(name: string): Format {
  if (Object.hasOwn(FORMATS, name)) return name as Format;
  throw usageError(`-O ${name}: unknown output format`, `use ${orList(FORMAT_NAMES.map((f) => `-O ${f}`))}`);
}

/** The extensions that choose a format, in that order: ['.csv', '.json', '.txt'] (sorted by name). */
export function extensionsOf(formats: readonly Format[] = FORMAT_NAMES): string[] {
  return formats.flatMap((f) => FORMATS[f].extensions as readonly string[]).sort();
}

/** The format a file's extension chooses (case-insensitive), or undefined. */
export function formatOfPath(path: string): Format | undefined {
  const m = /\.[a-z0-9]+$/i.exec(path);
  const ext = m?.[0].toLowerCase();
  if (ext === undefined) return undefined;
  return FORMAT_NAMES.find((f) => (FORMATS[f].extensions as readonly string[]).includes(ext));
}

/** "name the file .csv, .json or .txt". */
export function extensionHint(formats: readonly Format[] = FORMAT_NAMES): string {
  return `name the file ${orList(extensionsOf(formats))}`;
}

/** Render a model of `kind` as `format` into `out` (not committed). */
export async function render<K extends ModelKind>(kind: K, model: ReportModels[K], format: Format, out: Sink, opts: RenderOptions = {}): Promise<void> {
  const load = (RENDERERS[kind] as Partial<Record<Format, Loader<ReportModels[K]>>>)[format];
  if (load === undefined) checkWritable(kind, format);
  const renderer = await load!();
  await renderer(model, out, opts);
}

/**
 * Render into memory (for an output small enough to hold: a file is then opened, written and
 * committed in one go, so an interrupted run leaves its temporary file open for the least time).
 */
export async function renderToMemory<K extends ModelKind>(kind: K, model: ReportModels[K], format: Format, opts: RenderOptions = {}): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  const sink: Sink = {
    name: 'memory',
    write: async (c) => void parts.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c)),
    commit: async () => undefined,
    abort: async () => undefined,
  };
  await render(kind, model, format, sink, opts);
  return parts;
}
