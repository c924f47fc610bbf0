// `dcsim settle FILE|-`: replay entity-level settlements (CMS's published per-entity results, or an
// entity's own totals) through the one kernel, with what-ifs, --vary, --check and --summary; and the
// entity-file path of `dcsim compare`. Wiring only: read, call the use case, render, write.
import { DcsimError, usageError } from '../domain/errors.js';
import { ratio, type Ratio } from '../domain/exact.js';
import { readEntityFile } from '../io/entity-csv.js';
import { assertDistinctFiles } from '../io/files.js';
import { writeAll, writeFileOutput } from '../io/output.js';
import { renderToMemory } from '../render/registry.js';
import type { EntityFile } from '../usecases/settle/row.js';
import { MAX_LINES, settleEntities, type SettleAxis, type SettleGrid } from '../usecases/settle/settle.js';
import { checkSettleKeys, SETTLE_KEYS, type WhatIf } from '../usecases/settle/whatif.js';
import { checkGrid, gridSize, parseVary, type Grid } from '../usecases/sweep.js';
import { stdoutOf, useColor, type Io } from './io.js';
import { inputFiles, outputFormat, scenarioFromOptions, type CommonOptions } from './options.js';
import { counted, entityYears } from '../render/format.js';
import { commandFormats } from '../render/registry.js';

export interface SettleOptions extends CommonOptions {
  vary?: string[];
  check?: boolean;
  tolerance?: string;
  strict?: boolean;
  summary?: boolean;
}

/** Read the entity file ("-" for stdin). */
export function readEntities(data: string, opts: CommonOptions, io: Io): Promise<EntityFile> {
  return readEntityFile(data, { maxErrors: opts.maxErrors ?? 20 }, io.stdin);
}

/** Say on stderr which layout was recognised and which columns are ignored (once settled). */
export function announce(file: EntityFile, io: Io): void {
  io.err(`dcsim: ${file.source}: ${entityYears(file.rows)}, ${file.layout === 'puf' ? "CMS's PUF column names (ACO REACH Financial and Quality Results)" : 'section 11 column names'}\n`);
  if (file.unknownColumns.length) {
    const shown = file.unknownColumns.slice(0, 8).join(', ');
    io.err(`dcsim: note: ignoring ${counted(file.unknownColumns.length, 'column')} settle does not use: ${shown}${file.unknownColumns.length > 8 ? ', ...' : ''}\n`);
  }
}

/** The text to -o FILE (atomically, through src/io/output.ts) or to stdout. The one place settle writes. */
export async function emit(text: string | Uint8Array, opts: CommonOptions, io: Io): Promise<void> {
  if (opts.output) await writeFileOutput(opts.output, text);
  else await writeAll(stdoutOf(io), [text]);
}

/** The what-ifs from --scenario and the flags (only the keys settle uses). */
export function whatIfFromOptions(opts: Record<string, unknown>): WhatIf {
  const { input, fromFlags } = scenarioFromOptions(opts);
  return checkSettleKeys(input, opts.scenario !== undefined ? String(opts.scenario) : 'the scenario', fromFlags);
}

function settleAxis(spec: string): SettleAxis {
  const a = parseVary(spec);
  if (!(SETTLE_KEYS as readonly string[]).includes(a.key)) throw usageError(`--vary ${a.column}: "${a.key}" is not used at entity level`, `settle varies ${SETTLE_KEYS.join(', ')}`);
  return a as SettleAxis;
}

function settleGrid(vary: readonly string[] | undefined): SettleGrid {
  const grid = (vary ?? []).map(settleAxis);
  checkGrid(grid as unknown as Grid);
  return grid;
}

function tolerance(text: string | undefined): Ratio {
  const t = text ?? '0.01';
  if (!/^\d*\.?\d+$/.test(t.trim())) throw usageError(`--tolerance ${t}: expected an amount of dollars (default 0.01, one cent)`);
  return ratio(t.trim());
}

export async function settleCommand(data: string, opts: SettleOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY, '-o', commandFormats('settle'));
  const whatIf = whatIfFromOptions(opts);
  const grid = settleGrid(opts.vary);
  if ((opts.tolerance !== undefined || opts.strict) && !opts.check) throw usageError('--tolerance and --strict go with --check', 'dcsim settle FILE --check --tolerance DOLLARS');
  if (opts.check && (Object.keys(whatIf).length || grid.length)) throw usageError('--check compares with the published amounts: it cannot be combined with what-ifs or --vary', 'run the what-if without --check');
  const tol = opts.check ? tolerance(opts.tolerance) : undefined;
  assertDistinctFiles(inputFiles(data, opts), opts.output ? [{ what: '-o', path: opts.output }] : []);
  const file = await readEntities(data, opts, io);
  if (opts.check && !file.columns.has('published_shared_savings') && !file.columns.has('published_settlement')) {
    throw new DcsimError([{ file: file.source, line: 1, message: '--check: no published amounts to compare with', hint: 'add published_shared_savings and/or published_settlement (CMS PUF: SHARED_SAVINGS, SHARED_SAVINGS_SEQ)' }], 1);
  }
  const scenarios = gridSize(grid as unknown as Grid);
  const lines = scenarios * file.rows.length;
  if (lines > MAX_LINES) throw usageError(`--vary: ${scenarios} scenarios x ${file.rows.length} rows is ${lines} lines; settle writes at most ${MAX_LINES.toLocaleString('en-US')}`, 'use a larger step or a narrower range');
  const report = settleEntities(file, { whatIf, grid, ...(tol !== undefined ? { tolerance: tol } : {}), maxErrors: opts.maxErrors ?? 20 });
  announce(file, io);

  const r = await import('../render/entity.js');
  const csv = { excel: opts.excel === true };
  const color = opts.output ? false : useColor(opts.color, io);
  const text = Buffer.concat(await renderToMemory(opts.summary ? 'entitySummary' : 'entity', report, format, { ...csv, color }));
  if (format !== 'table' || opts.summary) for (const n of report.notes) io.err(`dcsim: note: ${n}\n`);
  await emit(text, opts, io);
  if (tol !== undefined) {
    for (const l of r.checkLines(report)) io.err(`${l}\n`);
    const outside = report.scenarios[0]!.lines.filter((l) => l.check?.sharedSavings?.within === false || l.check?.settlement?.within === false);
    if (outside.length && opts.strict) {
      io.err(`dcsim: error: ${counted(outside.length, 'row')} ${outside.length === 1 ? 'differs' : 'differ'} from the published amounts by more than $${r.fixed4(tol)} (--strict): ${outside.slice(0, 10).map((l) => `${l.entityId} PY${l.py}`).join(', ')}${outside.length > 10 ? ', ...' : ''}\n`);
      return 1;
    }
  }
  return 0;
}
