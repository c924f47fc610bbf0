// Reading the data for a command: the progress line, the reading options every command shares,
// and the note on unknown columns.
import type { Population } from '../domain/population.js';
import { readPopulation } from '../io/csv/index.js';
import type { Io } from './io.js';
import type { CommonOptions } from './options.js';
import { readProgress } from './progress.js';

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
  if (unknownColumns.length) io.err(`dcsim: note: ignoring ${unknownColumns.length} unknown column(s): ${unknownColumns.join(', ')}\n`);
  return population;
}
