// `dcsim sweep DATA`: read and validate the data once, then settle a grid (--vary) and/or a list
// (--scenarios) of scenarios over the base scenario (--scenario and the scenario flags). Output is
// tidy: one row per scenario x PY, the `dcsim run` columns after the scenario's id, name and varied
// values. argv -> sweep() -> sweepReport() -> the registry's renderer (src/render/sweep.ts), which
// streams CSV and JSON as the scenarios are settled.
import type { Command } from 'commander';
import { DcsimError, usageError } from '../domain/errors.js';
import { SCENARIO_KEYS, scenarioFromObject, type Origin, type ScenarioInput } from '../domain/scenario.js';
import { assertDistinctFiles } from '../io/files.js';
import { readJsonFile } from '../io/scenario-file.js';
import { formatDiagnostic } from '../render/errors.js';
import { checkSheetRows, render } from '../render/registry.js';
import { terminalSafe } from '../render/terminal.js';
import { sweepEntryLabel, sweepReport } from '../report/sweep.js';
import { checkGrid, gridSize, MAX_SCENARIOS, parseVary, sweep, unusedAxisNotes, type Axis, type SweepResult } from '../usecases/sweep.js';
import { attachmentCents } from '../usecases/simulate.js';
import type { CliCommand } from './command.js';
import { noteUnusedYears, readData } from './data.js';
import { noteAssumed } from './assumed.js';
import { useColor, type Io } from './io.js';
import { dataFlags, inputFiles, outputFormat, repeat, scenarioFromOptions, type CommonOptions } from './options.js';
import { outputSink } from './write.js';

export interface SweepOptions extends CommonOptions {
  vary?: string[];
  scenarios?: string;
}

function define(cmd: Command): Command {
  return dataFlags(cmd, 'settle a grid (--vary) or a list (--scenarios) of scenarios on one data file: one row per scenario and PY', '<data>', 'stop after N input errors; list at most N failed scenarios')
    .option('--vary <KEY=values>', 'vary a scenario key: KEY=v1,v2,... or KEY=start:stop:step (stop inclusive); repeatable, the grid is the product', repeat, [] as string[])
    .option('--scenarios <file>', 'a JSON array of scenarios (each may have "name"), each over the base; with --vary, each runs the whole grid')
    .addHelpText('after', `
The base scenario is --scenario FILE and the scenario flags, as for run; a --scenarios entry is
applied over the base, and --vary over both. KEY is any scenario key (dcsim engines lists them);
benchmark_pbpm.aged_disabled=... varies one entitlement's rate, discount_rate.2023=... one PY's value.
Examples:
  dcsim sweep data.csv --track global --vary discount_rate=0.0005:0.05:0.0005 --vary quality_score=0.01:1:0.01 -O csv
  dcsim sweep data.csv --vary track=professional,global --vary rules=dc,reach
  dcsim sweep data.csv --scenarios options.json -O json
A scenario that cannot be settled is reported on stderr with its id; the others still run (exit 1).`);
}

/** A --scenarios file: a non-empty JSON array of scenario objects (each may have "name"). */
export function readScenarioList(path: string): ScenarioInput[] {
  const json = readJsonFile(path);
  if (!Array.isArray(json) || json.length === 0) {
    throw new DcsimError([{ file: path, message: 'a scenario list is a non-empty JSON array of scenario objects', hint: 'e.g. [{"name": "reach", "rules": "reach"}, {"name": "dc", "rules": "dc"}]' }], 1);
  }
  return json.map((entry, i) => {
    const origin: Origin = { where: (k) => `${path}: scenario ${i + 1}: "${k}"`, exitCode: 1 };
    return scenarioFromObject(entry, origin);
  });
}

/** Read the data once and settle every scenario; returns the exit status (1 when any scenario failed). */
async function run(data: string, opts: SweepOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY);
  // Usage first (exit 2, nothing read): the grid, its size, the base flags; then the files.
  const grid: Axis[] = (opts.vary ?? []).map(parseVary);
  checkGrid(grid);
  assertDistinctFiles(inputFiles(data, opts), opts.output ? [{ what: '-o', path: opts.output }] : []);
  const base = scenarioFromOptions(opts).input;
  const list = opts.scenarios !== undefined ? readScenarioList(opts.scenarios) : undefined;
  const total = gridSize(grid, list?.length);
  if (total > MAX_SCENARIOS) {
    throw usageError(`the sweep has ${total.toLocaleString('en-US')} scenarios (${[...grid.map((a) => `${a.values.length} ${a.column}`), ...(list ? [`${list.length} listed`] : [])].join(' x ')}); at most ${MAX_SCENARIOS.toLocaleString('en-US')}`, 'use fewer values or larger steps');
  }

  // Stop-loss attachment points are applied while reading (as for run): the base's, or the list's
  // when every entry has the same ones. A scenario with others fails with simulate()'s message.
  let attachments = attachmentCents(base);
  if (!attachments.length && list) {
    const sets = new Set(list.map((e) => attachmentCents({ ...base, ...e }).join()));
    if (sets.size === 1) attachments = attachmentCents({ ...base, ...list[0] });
  }
  const population = await readData(data, opts, io, { attachments });
  checkSheetRows(format, total, population.years.length, 'scenarios', 'PY(s)', opts);

  const axes = grid.map((a) => ({ column: a.column, text: SCENARIO_KEYS[a.key].kind === 'enum' }));
  const maxErrors = opts.maxErrors ?? 20;
  const notes = new Set<string>();
  let failed = 0;
  let ok = 0;
  // The results on their way to the renderer: failures reported on stderr as they come, notes kept.
  function* tapped(): Generator<SweepResult> {
    for (const r of sweep(population, base, grid, list)) {
      if (r.ok) {
        ok++;
        for (const n of r.notes) notes.add(n);
      } else if (++failed <= maxErrors) {
        const label = sweepEntryLabel(r.scenario, axes);
        for (const d of r.error.diagnostics) io.err(`${formatDiagnostic({ ...d, message: `${label}: ${d.message}` })}\n`);
      }
      yield r;
    }
  }
  const report = sweepReport({
    source: population.source, rowsRead: population.rowsRead, years: population.years.length, axes, scenarios: total,
    named: base.name !== undefined || (list?.some((s) => s.name !== undefined) ?? false),
    results: tapped(),
  });
  const out = await outputSink(opts.output, io);
  await render('sweep', report, format, out, { excel: opts.excel === true, color: opts.output ? false : useColor(opts.color, io) });
  if (format !== 'table') for (const n of notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  noteUnusedYears(io, [base, ...(list ?? []).map((e) => ({ ...base, ...e }))], population.years);
  for (const n of unusedAxisNotes(grid, population.years)) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  noteAssumed(io, base, population.years);
  if (ok > 0) await out.commit();
  else await out.abort();
  if (failed > 0) {
    const unlisted = failed - Math.min(failed, maxErrors);
    io.err(`dcsim: error: ${failed} of ${total} scenario(s) could not be settled${unlisted ? ` (${unlisted} not listed; raise --max-errors to see them)` : ''}${ok === 0 ? '; nothing was written' : ''}\n`);
    return 1;
  }
  return 0;
}

export const command: CliCommand = { name: 'sweep', define, run };
