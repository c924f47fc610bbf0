// `dcsim run [DATA]`: read, settle, render. A thin layer over readPopulation() and simulate().
import { fileURLToPath } from 'node:url';
import { assertDistinctFiles, type NamedFile } from '../io/files.js';
import { openFileSink, writeAll, type Sink } from '../io/output.js';
import { usageError } from '../domain/errors.js';
import { COHORT_DIMENSIONS, type CohortDimension } from '../report/cohorts.js';
import { settlementReport } from '../report/settlement.js';
import { formatsOf, renderToMemory } from '../render/registry.js';
import { terminalSafe } from '../render/terminal.js';
import { attachmentCents, simulate } from '../usecases/simulate.js';
import { stdoutOf, useColor, type Io, printNotes } from './io.js';
import { naming, outputFormat, scenarioFromOptions, type CommonOptions } from './options.js';
import { noteUnusedYears, readData } from './read.js';
import { commandFormats } from '../render/registry.js';

export const SAMPLE_DATA = fileURLToPath(new URL('../../fixtures/sample.csv', import.meta.url));
export const SAMPLE_SCENARIO = fileURLToPath(new URL('../../fixtures/sample-scenario.json', import.meta.url));

export interface RunOptions extends CommonOptions {
  by?: string[];
  cohortsOnly?: boolean;
  cohortsOut?: string;
}

export function cohortDims(by: readonly string[] | undefined): CohortDimension[] {
  const dims: CohortDimension[] = [];
  for (const b of (by ?? []).flatMap((x) => x.split(','))) {
    if (!(COHORT_DIMENSIONS as readonly string[]).includes(b)) throw usageError(`--by ${b}: unknown cohort`, `use --by ${COHORT_DIMENSIONS.join(', --by ')}`);
    if (!dims.includes(b as CohortDimension)) dims.push(b as CohortDimension);
  }
  return dims;
}

/** Read the data (or the bundled sample) and settle it; returns what to print. */
export async function runCommand(data: string | undefined, opts: RunOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY, '-o', commandFormats('run'));
  const by = cohortDims(opts.by);
  if ((opts.cohortsOnly || opts.cohortsOut) && by.length === 0) throw usageError('--cohorts-only and --cohorts-out need --by', 'e.g. --by dual_status');
  if (format === 'xlsx' && (opts.cohortsOnly || opts.cohortsOut)) throw usageError('--cohorts-only and --cohorts-out are for csv and json', 'with -O xlsx and --by the workbook has a Cohorts sheet');
  const cohortFormat = opts.cohortsOut ? outputFormat({ output: opts.cohortsOut }, false, '--cohorts-out', formatsOf('cohorts')) : undefined;
  const sample = data === undefined;
  const { input } = scenarioFromOptions(opts, sample && opts.scenario === undefined ? SAMPLE_SCENARIO : undefined);
  if (sample) io.err(`dcsim: no input file given: settling the bundled sample population (${SAMPLE_DATA.replace(/.*\/(fixtures\/)/, '$1')}${opts.scenario === undefined ? ' with fixtures/sample-scenario.json' : ''})\n`);
  const path = data ?? SAMPLE_DATA;
  const scenarioPath = (opts.scenario as string | undefined) ?? (sample ? SAMPLE_SCENARIO : undefined);
  const outputs: NamedFile[] = [];
  if (opts.output) outputs.push({ what: '-o', path: opts.output });
  if (opts.cohortsOut) outputs.push({ what: '--cohorts-out', path: opts.cohortsOut });
  assertDistinctFiles([{ what: 'the input', path }, ...(scenarioPath ? [{ what: '--scenario', path: scenarioPath }] : [])], outputs);
  const population = await readData(path, opts, io, { attachments: attachmentCents(input), ...(sample ? { displayName: 'fixtures/sample.csv' } : {}) });
  const scenarioFile = (opts.scenario as string | undefined) ?? (sample ? 'fixtures/sample-scenario.json' : undefined);
  const sim = naming(scenarioFile, population.source, () => simulate(population, input));
  noteUnusedYears(io, [input], population.years);
  const report = settlementReport(sim, { by });
  printNotes(io, sim.notes, format === 'table', terminalSafe);
  const ro = { excel: opts.excel === true, color: opts.output ? false : useColor(opts.color, io) };
  const kind: 'settlement' | 'cohorts' = opts.cohortsOnly && format === 'csv' ? 'cohorts' : 'settlement';
  // A settlement is small: rendered in memory first, then both files are written and complete
  // before either is renamed into place; stdout is written last.
  const main = await renderToMemory(kind, report, format, ro);
  const rendered: [string, Buffer[]][] = [];
  if (opts.cohortsOut) rendered.push([opts.cohortsOut, await renderToMemory('cohorts', report, cohortFormat!, ro)]);
  if (opts.output) rendered.push([opts.output, main]);
  const files: Sink[] = [];
  try {
    for (const [path, parts] of rendered) {
      const sink = await openFileSink(path);
      files.push(sink);
      for (const p of parts) await sink.write(p);
    }
  } catch (e) {
    for (const sink of files) await sink.abort();
    throw e;
  }
  for (const sink of files) await writeAll(sink, []);
  if (!opts.output) await writeAll(stdoutOf(io), main);
  return 0;
}
