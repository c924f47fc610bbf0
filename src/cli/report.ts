// `dcsim report [DATA] -o report.html`: the board use case (the settlement as `run`, the payment
// options as `compare`, optionally two keys swept as `sweep` and the distribution as `risk`) on the
// data (or the bundled sample), its model from src/report/board-sections.ts, one self-contained HTML file.
import type { Command } from 'commander';
import { usageError } from '../domain/errors.js';
import { commandFormats, renderToMemory } from '../render/registry.js';
import { sniffEntityInput } from '../io/entity-csv.js';
import { assertDistinctFiles } from '../io/files.js';
import { boardOf } from '../report/board-sections.js';
import { board, type BoardRequest } from '../usecases/board.js';
import { defaultOptionsFor, parseOptions } from '../usecases/compare.js';
import { attachmentCents } from '../usecases/simulate.js';
import { checkGrid, parseVary } from '../usecases/sweep.js';
import type { CliCommand } from './command.js';
import { planData, readData } from './data.js';
import { noteAssumed } from './assumed.js';
import type { Io } from './io.js';
import { dataFlags, inputFiles, MAX_TRIALS, namingAsync, outputFormat, positiveInt, repeat } from './options.js';
import { programOptionsFrom } from './programs.js';
import { cohortDims, type RunOptions } from './run.js';
import { writeOutputs } from './write.js';

export interface ReportCommandOptions extends RunOptions {
  vary?: string[];
  tracks?: string;
  programs?: string;
  scenarioFor?: string[];
  /** --risk [trials]: true for the default count. */
  risk?: boolean | string;
  seed?: string;
}

/** The most grid points a heatmap shows (50 x 50). */
const MAX_HEATMAP_CELLS = 2500;
/** The report must stay small enough to mail. */
const MAX_REPORT_BYTES = 5 * 1024 * 1024;

function define(cmd: Command): Command {
  return dataFlags(cmd, 'a self-contained HTML report (charts inline, prints on A4/Letter) of a settlement, its payment options and more', '[data]', 'stop after N input errors',
    'beneficiary CSV file, or - for stdin (default: the bundled sample population)')
    .option('--by <cohort>', 'add a cohort section per PY: dual_status, alignment or entitlement (repeatable)', repeat)
    .option('--vary <KEY=values>', 'two of these add a heatmap of the total settlement over the grid (as sweep --vary)', repeat, [] as string[])
    .option('--tracks <list>', 'payment options to compare (default: professional/pcc,global/pcc,global/tcc)')
    .option('--programs <list>', 'programs to compare instead of --tracks, e.g. reach/global,mssp/enhanced (as dcsim compare --programs); with --risk, the distribution per program')
    .option('--scenario-for <PROGRAM=FILE>', 'with --programs: a scenario file for one program; repeatable', repeat)
    .option('--risk [trials]', 'add the distribution of the settlement per PY, simulated as dcsim risk does (default 1000 trials)')
    .option('--seed <n>', 'seed of the --risk simulation (default 1)')
    .addHelpText('after', `
Writes one HTML file: inline CSS and SVG charts (no script, nothing fetched), under 5 MB, to mail or print.
Examples:
  dcsim report -o report.html                                the bundled sample
  dcsim report data.csv --scenario s.json --by dual_status -o report.html
  dcsim report data.csv --vary discount_rate=0.01:0.05:0.01 --vary quality_score=0.8:1:0.05 -o report.html
  dcsim report data.csv --risk 2000 -o report.html                 with the distribution of the settlement`);
}

/** `dcsim report ENTITY-FILE`: the replay (with the published figures) and the payment options, in one HTML file. */
async function entityReport(data: string, opts: ReportCommandOptions, io: Io): Promise<number> {
  const beneficiaryOnly: string[] = (['by', 'risk', 'seed'] as const).filter((k) => opts[k] !== undefined && opts[k] !== false && !(Array.isArray(opts[k]) && (opts[k] as unknown[]).length === 0));
  if ((opts.vary ?? []).length) beneficiaryOnly.push('vary');
  if (beneficiaryOnly.length) throw usageError(`${beneficiaryOnly.map((k) => `--${k}`).join(', ')}: for beneficiary data; ${data} is an entity file`, 'an entity report shows each entity-year replayed and under each payment option; dcsim settle --vary sweeps entity data');
  const { readEntities, whatIfFromOptions, announce } = await import('./settle.js');
  const [{ settleEntities }, { compareEntities }] = await Promise.all([import('../usecases/settle/settle.js'), import('../usecases/settle/compare.js')]);
  const whatIf = whatIfFromOptions(opts);
  const options = opts.tracks !== undefined ? parseOptions(opts.tracks) : defaultOptionsFor({});
  assertDistinctFiles(inputFiles(data, opts), opts.output ? [{ what: '-o', path: opts.output }] : []);
  const file = await readEntities(data, opts, io);
  const settle = settleEntities(file, { whatIf });
  const compare = compareEntities(file, whatIf, options);
  announce(file, io);
  for (const n of [...new Set([...settle.notes, ...compare.notes])]) io.err(`dcsim: note: ${n}\n`);
  const html = Buffer.concat(await renderToMemory('entityBoard', { settle, compare }, 'html')).toString('utf8');
  await writeOutputs(opts.output ? [[opts.output, [html]]] : [], opts.output ? undefined : [html], io);
  return 0;
}

async function run(data: string | undefined, opts: ReportCommandOptions, io: Io): Promise<number> {
  outputFormat(opts, io.stdoutIsTTY, '-o', commandFormats('report'));
  // An entity file (entity_id / ACO_ID in the header): the board report of settle and compare on it.
  if (data !== undefined) {
    const sniff = await sniffEntityInput(data, io.stdin);
    if (sniff.entity) return entityReport(data, opts, { ...io, stdin: sniff.stdin });
    io = { ...io, stdin: sniff.stdin };
  }
  const by = cohortDims(opts.by);
  const grid = (opts.vary ?? []).map(parseVary);
  if (grid.length !== 0 && grid.length !== 2) throw usageError(`report --vary: give two keys for the heatmap (got ${grid.length})`, '--vary KEY1=START:STOP:STEP --vary KEY2=START:STOP:STEP');
  checkGrid(grid);
  const cells = grid.reduce((n, a) => n * a.values.length, 1);
  if (grid.length && cells > MAX_HEATMAP_CELLS) throw usageError(`report --vary: ${cells} grid points; the heatmap shows at most ${MAX_HEATMAP_CELLS}`, 'use fewer values or larger steps (dcsim sweep has no limit)');
  if (opts.programs === undefined && opts.scenarioFor !== undefined) throw usageError('--scenario-for needs --programs', 'e.g. --programs reach/global,mssp/enhanced --scenario-for mssp=mssp.json');
  const outputs = opts.output ? [{ what: '-o', path: opts.output }] : [];
  // --programs (METHODOLOGY-2027 section 4): the programs compared instead of the tracks, and with --risk P(loss) per program
  const plan = opts.programs !== undefined
    ? programOptionsFrom(opts, (rest) => planData(data, rest, io, 'reporting on', outputs))
    : ((p) => ({ ...p, options: opts.tracks !== undefined ? parseOptions(opts.tracks) : defaultOptionsFor(p.input) }))(planData(data, opts, io, 'reporting on', outputs));
  const { options } = plan;
  // with --programs the settlement section is the first program's (its own scenario and benchmark)
  const input = opts.programs !== undefined ? options[0]!.input! : plan.input;
  const withRisk = opts.risk !== undefined && opts.risk !== false;
  const population = await readData(plan.path, opts, io, { attachments: attachmentCents(input), displayName: plan.displayName, keepRows: withRisk });
  let risk: BoardRequest['risk'];
  if (withRisk) {
    // The distribution of the settlement, as `dcsim risk` simulates it (its default seed, 1,000 trials here).
    const trials = opts.risk === true ? 1000 : positiveInt('--risk', MAX_TRIALS)(String(opts.risk));
    const [{ seedOf }, { trialRunner }] = await Promise.all([import('./risk.js'), import('../usecases/risk/risk-threads.js')]);
    risk = { trials, seed: seedOf(opts.seed), runner: trialRunner() };
  }
  const result = await namingAsync(plan.scenarioFile, population.source, () => board({ population, input, options, grid, ...(risk ? { risk } : {}), riskPerOption: opts.programs !== undefined }));
  const { report, notes } = boardOf(result, by, grid);
  for (const n of notes) io.err(`dcsim: note: ${n}\n`);
  noteAssumed(io, input, population.years);
  const parts = await renderToMemory('board', report, 'html');
  const bytes = parts.reduce((n, p) => n + p.length, 0);
  if (bytes > MAX_REPORT_BYTES) throw usageError(`the report would be ${(bytes / 1048576).toFixed(1)} MB; at most 5 MB`, 'use a smaller --vary grid');
  const html = Buffer.concat(parts).toString('utf8');
  await writeOutputs(opts.output ? [[opts.output, [html]]] : [], opts.output ? undefined : [html], io);
  return 0;
}

export const command: CliCommand = { name: 'report', define, run };
