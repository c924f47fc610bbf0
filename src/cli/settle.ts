// `dcsim settle FILE|-`: replay entity-level settlements (CMS's published per-entity results, or an
// entity's own totals) through the one kernel, with what-ifs, --vary, --check and --summary; and the
// entity-file path of `dcsim compare`. Wiring only: read, call the use case, render, write.
import { Option, type Command } from 'commander';
import { DcsimError, usageError } from '../domain/errors.js';
import { ratio, type Ratio } from '../domain/exact.js';
import { kebab, SCENARIO_KEYS, type ScenarioInput } from '../domain/scenario.js';
import { readEntityFile } from '../io/entity-csv.js';
import { assertDistinctFiles } from '../io/files.js';
import { checkSheetRows, checkWritable, render, renderToMemory } from '../render/registry.js';
import { terminalSafe } from '../render/terminal.js';
import { entityCheck } from '../report/entity.js';
import type { EntityFile } from '../domain/entity.js';
import { MAX_LINES, settleEntities, settleEntitiesPausing, settlePlan, settleScenarios, type SettleAxis, type SettleGrid, type SettleOptions as SettleRequest } from '../usecases/settle/settle.js';
import { checkSettleKeys, SETTLE_KEYS, type WhatIf } from '../usecases/settle/whatif.js';
import { checkGrid, gridSize, parseVary, unusedAxisNotes, type Grid } from '../usecases/sweep.js';
import { noteUnusedYears } from './data.js';
import type { CliCommand } from './command.js';
import { useColor, type Io } from './io.js';
import { inputFiles, outputFlags, outputFormat, positiveInt, repeat, scenarioFromOptions, type CommonOptions } from './options.js';
import { outputSink, writeOutputs } from './write.js';

export interface SettleOptions extends CommonOptions {
  vary?: string[];
  check?: boolean;
  tolerance?: string;
  strict?: boolean;
  summary?: boolean;
}

function define(cmd: Command): Command {
  cmd
    .description("replay entity-level settlements (CMS's published per-entity results) through the kernel: what-ifs, --check, --summary")
    .argument('<data>', 'entity CSV (one row per entity per PY; section 11 or CMS PUF column names), or - for stdin')
    .option('--max-errors <n>', 'stop after N input errors', positiveInt('--max-errors'), 20);
  cmd.option('-s, --scenario <file>', `scenario JSON file with what-if keys (${SETTLE_KEYS.join(', ')}); flags override it`);
  for (const key of SETTLE_KEYS) {
    const spec = SCENARIO_KEYS[key];
    const arg = spec.kind === 'perYear' ? '<value|PY=value,...>' : '<value>';
    const doc = key === 'rules' ? `${spec.doc} (default: reach at entity level)`
      : key === 'track' ? `re-settle every row on this track: professional or global (default: the row's own)`
      : key === 'discount_rate' ? `${spec.doc}, Global rows only (default: the row's own; the rule set's for a switch to Global; Professional has none)`
      : key === 'retention_withhold_rate' ? "retention withhold: a share of B - D - W + Q taken off B* (default: the row's own, else 0)"
      : `${spec.doc} (default: ${key === 'quality_score' ? "the row's own, else " : ''}${spec.default})`;
    const o = new Option(`--${kebab(key)} ${arg}`, doc);
    if (spec.kind === 'enum') o.choices(spec.values as unknown as string[]);
    cmd.addOption(o);
  }
  cmd
    .option('--vary <KEY=values>', 'vary a what-if key: KEY=v1,v2,... or KEY=start:stop:step (stop inclusive); repeatable, the grid is the product; one row per scenario x entity-PY', repeat, [] as string[])
    .option('--check', 'compare with the published amounts (published_shared_savings / SHARED_SAVINGS, published_settlement / SHARED_SAVINGS_SEQ): difference columns, a summary on stderr')
    .option('--tolerance <dollars>', 'with --check: the largest difference counted as reproduced (default 0.01)')
    .option('--strict', 'with --check: exit 1 when a row differs by more than the tolerance')
    .option('--summary', 'print what the rows show instead of the rows: entities that saved, lost, went beyond the first corridor band, by PY');
  return outputFlags(cmd).addHelpText('after', `
Input: one row per entity per PY. Generic names (METHODOLOGY section 11): entity_id, performance_year,
track, expenditure, performance_benchmark (B*, before HEBA) or benchmark (B); optional entity_name,
heba_up, heba_down, discount_rate, quality_score, retention_withhold_rate, published_shared_savings,
published_settlement. CMS's PUF names are recognised too (ACO_ID, PERF_YEAR, RISK_ARRANGEMENT,
FINAL_BENCHMARK, TOT_COST_CARE_NET, HEBA_UP_AMT, HEBA_DOWN_AMT, DISCOUNT, QUAL_SCR, RETENTION_WITHHOLD,
SHARED_SAVINGS, SHARED_SAVINGS_SEQ). Money may carry 4 decimals; every derived line is rounded to the cent.

Without what-ifs: S = B* + H - E, the corridor on B* + H, 2% sequestration of positive amounts.
With what-ifs: B (given, or recovered as B* / ((1 - d - w x (1 - q)) x (1 - rw)) with the row's d, q,
rw and rule set reach's w) is settled again under the new values; HEBA and E stay as given.

Examples:
  dcsim settle reach_results_py2021_2023.csv --check               replay CMS's results, compare
  dcsim settle reach_results_py2021_2023.csv --summary             who saved, who lost, by PY
  dcsim settle results.csv --track professional -O csv             every Global entity as Professional
  dcsim settle results.csv --quality-score 2023=0.8 -O json
  dcsim settle results.csv --vary discount_rate=0.01:0.05:0.01 -O csv
  dcsim compare results.csv                                        each entity under each option`);
}

/** Read the entity file ("-" for stdin). */
export function readEntities(data: string, opts: CommonOptions, io: Io, displayName?: string): Promise<EntityFile> {
  return readEntityFile(data, { maxErrors: opts.maxErrors ?? 20, ...(displayName !== undefined ? { displayName } : {}) }, io.stdin);
}

/** Say on stderr which layout was recognised and which columns are ignored (once settled). */
export function announce(file: EntityFile, io: Io): void {
  io.err(`dcsim: ${terminalSafe(file.source)}: ${file.rows.length} entity-years, ${file.layout === 'puf' ? "CMS's PUF column names (ACO REACH Financial and Quality Results)" : 'section 11 column names'}\n`);
  if (file.unknownColumns.length) {
    const shown = terminalSafe(file.unknownColumns.slice(0, 8).join(', '));
    io.err(`dcsim: note: ignoring ${file.unknownColumns.length} column(s) settle does not use: ${shown}${file.unknownColumns.length > 8 ? ', ...' : ''}\n`);
  }
}

/** The text to -o FILE (atomically) or to stdout. The one place settle writes. */
export function emit(text: string | Uint8Array, opts: CommonOptions, io: Io): Promise<void> {
  return writeOutputs(opts.output ? [[opts.output, [text]]] : [], opts.output ? undefined : [text], io);
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
  if (!/^\d*\.?\d+$/.test(t.trim())) throw usageError(`--tolerance ${t}: expected an amount of dollars, e.g. 0.01`);
  return ratio(t.trim());
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The what-if notes that need the data's PYs (a value or a --vary KEY.PY for a PY not in the file), on stderr. */
function whatIfNotes(file: EntityFile, whatIf: WhatIf, grid: SettleGrid, io: Io): void {
  const years = [...new Set(file.rows.map((r) => r.py))].sort((a, b) => a - b);
  noteUnusedYears(io, [whatIf as ScenarioInput], years);
  for (const n of unusedAxisNotes(grid, years)) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
}

/**
 * settle --vary -O csv|json: one scenario settled, written and let go at a time (memory holds one
 * scenario's lines; the event loop turns between scenarios, so Ctrl-C acts). To stdout, which cannot
 * be taken back, every scenario is first settled once without output, so an error leaves stdout
 * empty; to -o FILE the temporary file is removed on an error.
 */
async function streamed(file: EntityFile, request: SettleRequest, format: 'csv' | 'json', opts: SettleOptions, io: Io): Promise<number> {
  const plan = settlePlan(file, request);
  if (!opts.output) {
    for (const _ of settleScenarios(plan)) await turn();
  }
  announce(file, io);
  whatIfNotes(file, request.whatIf, request.grid ?? [], io);
  const out = await outputSink(opts.output, io);
  await render('entityStream', { head: plan.head, scenarios: settleScenarios(plan) }, format, out, { excel: opts.excel === true });
  for (const n of plan.head.notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  await out.commit();
  return 0;
}

async function run(data: string, opts: SettleOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY);
  checkWritable(opts.summary ? 'entitySummary' : 'entity', format, opts);
  const whatIf = whatIfFromOptions(opts);
  const grid = settleGrid(opts.vary);
  if ((opts.tolerance !== undefined || opts.strict) && !opts.check) throw usageError('--tolerance and --strict go with --check', 'e.g. dcsim settle results.csv --check --tolerance 0.02');
  if (opts.check && (Object.keys(whatIf).length || grid.length)) throw usageError('--check compares with the published amounts: it cannot be combined with what-ifs or --vary', 'run the what-if without --check');
  const tol = opts.check ? tolerance(opts.tolerance) : undefined;
  assertDistinctFiles(inputFiles(data, opts), opts.output ? [{ what: '-o', path: opts.output }] : []);
  const file = await readEntities(data, opts, io);
  if (opts.check && !file.columns.has('published_shared_savings') && !file.columns.has('published_settlement')) {
    throw new DcsimError([{ file: file.source, line: 1, message: '--check: no published amounts to compare with', hint: 'add published_shared_savings and/or published_settlement (CMS PUF: SHARED_SAVINGS, SHARED_SAVINGS_SEQ)' }], 1);
  }
  const scenarios = gridSize(grid as unknown as Grid);
  const lines = scenarios * file.rows.length;
  checkSheetRows(format, scenarios, file.rows.length, 'scenarios', 'entity-years', opts);
  if (lines > MAX_LINES) throw usageError(`--vary: ${scenarios} scenarios x ${file.rows.length} rows is ${lines} lines; settle writes at most ${MAX_LINES.toLocaleString('en-US')}`, 'use a larger step or a narrower range');
  const request = { whatIf, grid, ...(tol !== undefined ? { tolerance: tol } : {}), maxErrors: opts.maxErrors ?? 20 };
  if (grid.length && !opts.summary && (format === 'csv' || format === 'json')) return streamed(file, request, format, opts, io);
  const report = grid.length ? await settleEntitiesPausing(file, request, turn) : settleEntities(file, request);
  announce(file, io);
  whatIfNotes(file, whatIf, grid, io);

  const csv = { excel: opts.excel === true };
  const color = opts.output ? false : useColor(opts.color, io);
  const text = Buffer.concat(await renderToMemory(opts.summary ? 'entitySummary' : 'entity', report, format, { ...csv, color }));
  if (format !== 'table' || opts.summary) for (const n of report.notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  await emit(text, opts, io);
  if (tol !== undefined) {
    const check = entityCheck(report, opts.strict === true);
    io.err(Buffer.concat(await renderToMemory('entityCheck', check, 'table')).toString('utf8'));
    if (check.strict && check.outside.length) return 1;
  }
  return 0;
}

export const command: CliCommand = { name: 'settle', define, run };
