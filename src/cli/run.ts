// `dcsim run [DATA]`: read, settle, render. A thin layer over readPopulation() and simulate().
import type { Command } from 'commander';
import { usageError } from '../domain/errors.js';
import type { NamedFile } from '../io/files.js';
import { COHORT_DIMENSIONS, type CohortDimension } from '../report/cohorts.js';
import { settlementReport } from '../report/settlement.js';
import { formatsOf, renderToMemory } from '../render/registry.js';
import { terminalSafe } from '../render/terminal.js';
import { attachmentCents, simulate } from '../usecases/simulate.js';
import type { CliCommand } from './command.js';
import { noteUnusedYears, planData, readData } from './data.js';
import { assumedText, type AssumedValue } from '../domain/lead.js';
import { useColor, type Io } from './io.js';
import { dataFlags, naming, outputArg, outputFormat, repeat, type CommonOptions } from './options.js';
import { writeOutputs } from './write.js';

export interface RunOptions extends CommonOptions {
  by?: string[];
  cohortsOnly?: boolean;
  cohortsOut?: string;
  leadBenchmarkOut?: string;
}

function define(cmd: Command): Command {
  return dataFlags(cmd, 'settle a beneficiary cost CSV (or the bundled sample) under a track and scenario', '[data]', 'stop after N input errors',
    'beneficiary CSV file, or - for stdin (default: the bundled sample population)')
    .option('--by <cohort>', 'add cohort records per PY: dual_status, alignment or entitlement (repeatable)', repeat)
    .option('--cohorts-only', 'with -O csv: print the cohort rows instead of the settlement')
    .option('--cohorts-out <file>', 'also write the cohort rows to FILE (.csv or .json)', outputArg('--cohorts-out', false))
    .option('--lead-benchmark-out <file>', 'rules lead with lead_benchmark_build: also write the build by PY and cohort to FILE (.csv or .json)', outputArg('--lead-benchmark-out', false))
    .addHelpText('after', `
Examples:
  dcsim run --track global                         settle the bundled sample
  dcsim run data.csv --track professional -O csv   one CSV row per performance year
  dcsim run data.csv --scenario s.json --quality-score 2023=0.9 -o out.json
  dcsim run data.csv --rules reach --capitation tcc --tcc-rate 0.45
Per-year values: --discount-rate 0.03 (every PY) or --discount-rate 2023=0.03,2024=0.035.
Rates by entitlement: --benchmark-pbpm aged_disabled=1000,esrd:2023=7800.
dcsim engines lists every parameter with its default; METHODOLOGY.md has the formulas.`);
}

/** --by values (repeatable, comma lists too), each once; a usage error names an unknown one. */
export function cohortDims(by: readonly string[] | undefined): CohortDimension[] {
  const dims: CohortDimension[] = [];
  for (const b of (by ?? []).flatMap((x) => x.split(','))) {
    if (!(COHORT_DIMENSIONS as readonly string[]).includes(b)) throw usageError(`--by ${b}: unknown cohort`, `use --by ${COHORT_DIMENSIONS.join(', --by ')}`);
    if (!dims.includes(b as CohortDimension)) dims.push(b as CohortDimension);
  }
  return dims;
}

/** Read the data (or the bundled sample), settle it, write the settlement (and the cohorts). */
async function run(data: string | undefined, opts: RunOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY);
  const by = cohortDims(opts.by);
  if ((opts.cohortsOnly || opts.cohortsOut) && by.length === 0) throw usageError('--cohorts-only and --cohorts-out need --by', 'e.g. --by dual_status');
  if (format === 'xlsx' && (opts.cohortsOnly || opts.cohortsOut)) throw usageError('--cohorts-only and --cohorts-out are for csv and json', 'with -O xlsx and --by the workbook has a Cohorts sheet');
  const leadFormat = opts.leadBenchmarkOut ? outputFormat({ output: opts.leadBenchmarkOut }, false, '--lead-benchmark-out', formatsOf('leadBenchmark')) : undefined;
  const cohortFormat = opts.cohortsOut ? outputFormat({ output: opts.cohortsOut }, false, '--cohorts-out', formatsOf('cohorts')) : undefined;
  const outputs: NamedFile[] = [];
  if (opts.output) outputs.push({ what: '-o', path: opts.output });
  if (opts.cohortsOut) outputs.push({ what: '--cohorts-out', path: opts.cohortsOut });
  if (opts.leadBenchmarkOut) outputs.push({ what: '--lead-benchmark-out', path: opts.leadBenchmarkOut });
  const plan = planData(data, opts, io, 'settling', outputs);
  const { input } = plan;
  const population = await readData(plan.path, opts, io, { attachments: attachmentCents(input), displayName: plan.displayName });
  const sim = naming(plan.scenarioFile, population.source, () => simulate(population, input));
  if (opts.leadBenchmarkOut && !sim.years.some((y) => y.leadBenchmark)) {
    throw usageError('--lead-benchmark-out needs rules lead and a lead_benchmark_build in the scenario', 'see docs/lead.md for the build');
  }
  noteUnusedYears(io, [input], population.years);
  const report = settlementReport(sim, { by });
  if (format !== 'table') for (const n of sim.notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  // Rule set lead: the assumed values on stderr too (the CSV has no room for them; JSON has scenario.assumed).
  const assumed = sim.parameters.assumed as AssumedValue[] | undefined;
  if (format !== 'table' && assumed?.length) io.err(`dcsim: assumed (rule set lead, not CMS text): ${terminalSafe(assumedText(assumed))}\n`);
  const ro = { excel: opts.excel === true, color: opts.output ? false : useColor(opts.color, io) };
  const kind: 'settlement' | 'cohorts' = opts.cohortsOnly && format === 'csv' ? 'cohorts' : 'settlement';
  // A settlement is small: rendered in memory first, then both files are written and complete
  // before either is renamed into place; stdout is written last.
  const main = await renderToMemory(kind, report, format, ro);
  const files: [string, Buffer[]][] = [];
  if (opts.cohortsOut) files.push([opts.cohortsOut, await renderToMemory('cohorts', report, cohortFormat!, ro)]);
  if (opts.leadBenchmarkOut) files.push([opts.leadBenchmarkOut, await renderToMemory('leadBenchmark', report, leadFormat!, ro)]);
  if (opts.output) files.push([opts.output, main]);
  await writeOutputs(files, opts.output ? undefined : main, io);
  return 0;
}

export const command: CliCommand = { name: 'run', define, run };
