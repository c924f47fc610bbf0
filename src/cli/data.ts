// The data a command reads: the file named, or the bundled sample population and its scenario when
// none is (run, report, risk); the reading options every command shares, the progress line and the
// note on unknown columns.
import { fileURLToPath } from 'node:url';
import type { Population } from '../domain/population.js';
import { unusedYearNotes, type ScenarioInput, type ScenarioKey } from '../domain/scenario.js';
import { readPopulation } from '../io/csv/index.js';
import { assertDistinctFiles, type NamedFile } from '../io/files.js';
import { terminalSafe } from '../render/terminal.js';
import type { Io } from './io.js';
import { inputFiles, scenarioFromOptions, type CommonOptions } from './options.js';
import { readProgress } from './progress.js';

const SAMPLE_DATA = fileURLToPath(new URL('../../fixtures/sample.csv', import.meta.url));
const SAMPLE_SCENARIO = fileURLToPath(new URL('../../fixtures/sample-scenario.json', import.meta.url));

/** What a command reads, decided before anything is read. */
export interface DataPlan {
  /** The data file ('-' for stdin): DATA, or the bundled sample. */
  readonly path: string;
  readonly input: ScenarioInput;
  readonly fromFlags: Set<ScenarioKey>;
  /** The scenario file that errors name (fixtures/sample-scenario.json for the sample's own). */
  readonly scenarioFile: string | undefined;
  /** The name the data goes by in messages (fixtures/sample.csv for the sample). */
  readonly displayName?: string;
}

/**
 * DATA and the scenario (--scenario and the flags); with no DATA, the bundled sample and (without
 * --scenario) its scenario, said on stderr ("... `doing` the bundled sample population ..."). The
 * files read are checked to be none of `outputs`.
 */
export function planData(data: string | undefined, opts: CommonOptions, io: Io, doing: string, outputs: readonly NamedFile[]): DataPlan {
  const sample = data === undefined;
  const ownScenario = opts.scenario !== undefined;
  const { input, fromFlags } = scenarioFromOptions(opts, sample && !ownScenario ? SAMPLE_SCENARIO : undefined);
  if (sample) io.err(`dcsim: no input file given: ${doing} the bundled sample population (fixtures/sample.csv${ownScenario ? '' : ' with fixtures/sample-scenario.json'})\n`);
  const path = data ?? SAMPLE_DATA;
  assertDistinctFiles([...inputFiles(path, opts), ...(sample && !ownScenario ? [{ what: '--scenario', path: SAMPLE_SCENARIO }] : [])], outputs);
  const scenarioFile = (opts.scenario as string | undefined) ?? (sample ? 'fixtures/sample-scenario.json' : undefined);
  return { path, input, fromFlags, scenarioFile, ...(sample ? { displayName: 'fixtures/sample.csv' } : {}) };
}

/** Read the data (with a progress line on a terminal); `keepRows` keeps every row (population.rows). */
export async function readData(path: string, opts: CommonOptions, io: Io, extra: { attachments?: readonly number[]; displayName?: string | undefined; keepRows?: boolean } = {}): Promise<Population> {
  const progress = readProgress(io, path, opts.progress !== false);
  const { population, unknownColumns } = await readPopulation(path, {
    maxErrors: opts.maxErrors ?? 20,
    stdin: io.stdin,
    ...(extra.keepRows ? { keepRows: true } : {}),
    ...(extra.displayName !== undefined ? { displayName: extra.displayName } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    ...(extra.attachments?.length ? { attachments: extra.attachments } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
  }).finally(() => progress?.done());
  if (unknownColumns.length) io.err(`dcsim: note: ignoring ${unknownColumns.length} unknown column(s): ${terminalSafe(unknownColumns.join(', '))}\n`);
  return population;
}

/** A note on stderr for each value given for a PY the data does not have (it changes nothing). */
export function noteUnusedYears(io: Io, inputs: readonly ScenarioInput[], years: readonly number[]): void {
  const notes = new Set(inputs.flatMap((i) => unusedYearNotes(i, years)));
  for (const n of notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
}
