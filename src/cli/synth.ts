// `dcsim synth`: a deterministic synthetic population, streamed to stdout or written atomically.
import type { Command } from 'commander';
import { usageError } from '../domain/errors.js';
import { MAX_PY, MIN_PY } from '../domain/population.js';
import { assertDistinctFiles } from '../io/files.js';
import { writeAll } from '../io/output.js';
import { terminalSafe } from '../render/terminal.js';
import { MAX_BENEFICIARIES, synthCsv } from '../usecases/synth/generate.js';
import type { CliCommand } from './command.js';
import type { Io } from './io.js';
import { outputArg, positiveInt } from './options.js';
import { outputSink } from './write.js';

function define(cmd: Command): Command {
  return cmd
    .description('write a deterministic synthetic beneficiary population (every input column)')
    .requiredOption('-n, --beneficiaries <n>', 'beneficiaries per year (at most 999,999,999)', positiveInt('--beneficiaries', MAX_BENEFICIARIES))
    .option('--years <range>', 'performance years, e.g. 2021-2025 or 2023', '2021-2025')
    .option('--seed <n>', 'random seed', '1')
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout; - is stdout', outputArg('-o', true));
}

function parseYears(text: string): number[] {
  const m = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(text);
  if (!m) throw usageError(`--years ${text}: expected a year or a range like 2021-2025`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < MIN_PY || b > MAX_PY || b < a) throw usageError(`--years ${text}: years must run upward within ${MIN_PY}-${MAX_PY}`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

async function run(_data: string | undefined, opts: Record<string, unknown>, io: Io): Promise<number> {
  const years = parseYears(String(opts.years));
  const seedText = String(opts.seed).trim();
  if (!/^\d+$/.test(seedText)) throw usageError(`--seed ${seedText}: expected a whole number`);
  if (!Number.isSafeInteger(Number(seedText))) throw usageError(`--seed ${seedText}: at most ${Number.MAX_SAFE_INTEGER}`);
  const gen = synthCsv({ beneficiaries: opts.beneficiaries as number, years, seed: Number(seedText) });
  const path = opts.output as string | undefined;
  if (path) assertDistinctFiles([], [{ what: '-o', path }]);
  // a file: streamed into a temporary file renamed into place at the end; Ctrl-C removes it
  await writeAll(await outputSink(path, io), gen);
  if (path) io.err(`dcsim: wrote ${terminalSafe(path)}\n`);
  return 0;
}

export const command: CliCommand = { name: 'synth', define, run };
