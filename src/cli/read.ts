// Reading the data for a command: the progress line, the reading options every command shares,
// and the note on unknown columns.
import type { Population } from '../domain/population.js';
import { unusedYearNotes, type ScenarioInput } from '../domain/scenario.js';
import { readPopulation } from '../io/csv/index.js';
import { terminalSafe } from '../render/terminal.js';
import type { Io } from './io.js';
import type { CommonOptions } from './options.js';
import { readProgress } from './progress.js';
import { counted } from '../render/format.js';

export async function readData(path: string, opts: CommonOptions, io: Io, extra: { attachments?: readonly number[]; displayName?: string } = {}): Promise<Population> {
  const progress = readProgress(io, path, opts.progress !== false);
  const { population, unknownColumns } = await readPopulation(path, {
    maxErrors: opts.maxErrors ?? 20,
    stdin: io.stdin,
    ...(extra.displayName !== undefined ? { displayName: extra.displayName } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    ...(extra.attachments?.length ? { attachments: extra.attachments } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
  }).finally(() => progress?.done());
  if (unknownColumns.length) io.err(`dcsim: note: ignoring ${counted(unknownColumns.length, 'unknown column')}: ${terminalSafe(unknownColumns.join(', '))}\n`);
  return population;
}

/** A note on stderr for each value given for a PY the data does not have (it changes nothing). */
export function noteUnusedYears(io: Io, inputs: readonly ScenarioInput[], years: readonly number[]): void {
  const notes = new Set(inputs.flatMap((i) => unusedYearNotes(i, years)));
  for (const n of notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
}
