// `dcsim synth`: a deterministic synthetic population, streamed to stdout or written atomically;
// with --cclf DIR, the same population as a CCLF set (usecases/synth/cclf.ts) in DIR.
import type { Command } from 'commander';
import { usageError } from '../domain/errors.js';
import { MAX_PY, MIN_PY } from '../domain/population.js';
import { folderEntries, writeFileSet } from '../io/file-set.js';
import { assertDistinctFiles } from '../io/files.js';
import { openFileSink, writeAll } from '../io/output.js';
import { terminalSafe } from '../render/terminal.js';
import { lastLoadDate, synthCclf, type CclfStats } from '../usecases/synth/cclf.js';
import { MAX_BENEFICIARIES, synthCsv, type SynthOptions } from '../usecases/synth/generate.js';
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
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout; - is stdout', outputArg('-o', true))
    .option('--cclf <dir>', 'write the same population as CCLF files in DIR/cclf, with DIR/participants.csv, alignment.csv and primary_care_codes.txt (the CSV only with -o)');
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
  const options: SynthOptions = { beneficiaries: opts.beneficiaries as number, years, seed: Number(seedText) };
  const path = opts.output as string | undefined;
  const cclf = opts.cclf as string | undefined;
  if (cclf !== undefined) return synthCclfCommand(options, cclf, path, io);
  if (path) assertDistinctFiles([], [{ what: '-o', path }]);
  // a file: streamed into a temporary file renamed into place at the end; Ctrl-C removes it
  await writeAll(await outputSink(path, io), synthCsv(options));
  if (path) io.err(`dcsim: wrote ${terminalSafe(path)}\n`);
  return 0;
}

/** --cclf DIR: the CCLF set in DIR (its cclf/ folder must be empty or absent); the beneficiary-year
 *  CSV too when -o is given (nothing on stdout). */
async function synthCclfCommand(options: SynthOptions, dir: string, path: string | undefined, io: Io): Promise<number> {
  if (dir.trim() === '') throw usageError('--cclf: expected a folder');
  if (folderEntries(`${dir}/cclf`).length > 0) {
    throw usageError(`--cclf ${dir}: ${dir}/cclf already holds files; choose a new folder`, 'files of two runs would be read as one CCLF set');
  }
  if (path) {
    assertDistinctFiles([], [{ what: '-o', path }]);
    await writeAll(await openFileSink(path), synthCsv(options));
  }
  const stats: CclfStats = { files: 0, records: 0, lastLoadDay: -1 };
  await writeFileSet(dir, synthCclf(options, stats));
  const last = lastLoadDate(stats);
  io.err(
    `dcsim: wrote ${terminalSafe(dir)}: ${stats.files} files, ${stats.records} records` +
      (last ? `; last load date ${last} (read it with --as-of ${last} or later)` : '') + '\n',
  );
  if (path) io.err(`dcsim: wrote ${terminalSafe(path)}\n`);
  return 0;
}

export const command: CliCommand = { name: 'synth', define, run };
