// `dcsim synth`: a deterministic synthetic population, streamed to stdout or written atomically.
import { createWriteStream, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { usageError } from '../domain/errors.js';
import { MAX_PY, MIN_PY } from '../domain/population.js';
import { synthCsv } from '../synth/generate.js';
import type { Io } from './io.js';

export function parseYears(text: string): number[] {
  const m = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(text);
  if (!m) throw usageError(`--years ${text}: expected a year or a range like 2021-2025`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < MIN_PY || b > MAX_PY || b < a) throw usageError(`--years ${text}: years must run upward within ${MIN_PY}-${MAX_PY}`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export async function synthCommand(opts: Record<string, unknown>, io: Io): Promise<number> {
  const years = parseYears(String(opts.years));
  const seedText = String(opts.seed);
  if (!/^\d+$/.test(seedText)) throw usageError(`--seed ${seedText}: expected a whole number`);
  const gen = synthCsv({ beneficiaries: opts.beneficiaries as number, years, seed: Number(seedText) });
  const path = opts.output as string | undefined;
  if (!path) {
    for (const chunk of gen) await io.out(chunk);
    return 0;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const ws = createWriteStream(tmp);
  const onSignal = (): void => {
    try { unlinkSync(tmp); } catch { /* gone */ }
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    for (const chunk of gen) if (!ws.write(chunk)) await new Promise<void>((r) => ws.once('drain', () => r()));
    await new Promise<void>((res, rej) => ws.end((e?: Error | null) => (e ? rej(e) : res())));
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* gone */ }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  io.err(`dcsim: wrote ${path}\n`);
  return 0;
}
