// `dcsim synth --cclf DIR`: the CCLF set read back by CCLF.md's rules gives synth's own CSV values.
//
// Checked now against test/cclf-reference.ts (an independent reader written from CCLF.md alone), and
// against `dcsim cclf` (the other half of issue 17) by compareWithCli below, which the integrator
// turns on (CLI_CCLF_ON_MAIN) once that command is on main.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from './tmp.js';
import { lastLoadDate, synthCclf, type CclfStats } from '../src/usecases/synth/cclf.js';
import { synthCsv, type SynthOptions } from '../src/usecases/synth/generate.js';
import { referenceRead } from './cclf-reference.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/dcsim.js');
const TMP = tempDir('dcsim-cclf-rt-'); // removed when this file ends (test/setup.ts)

/** The CCLF set written with plain fs (the CLI's own writing is checked separately below). */
function writeSet(dir: string, opts: SynthOptions): CclfStats {
  const stats: CclfStats = { files: 0, records: 0, lastLoadDay: -1 };
  const pieces = new Map<string, Buffer[]>();
  for (const ev of synthCclf(opts, stats)) {
    const list = pieces.get(ev.file) ?? [];
    if (ev.bytes) list.push(Buffer.from(ev.bytes));
    pieces.set(ev.file, list);
  }
  for (const [file, list] of pieces) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), Buffer.concat(list));
  }
  return stats;
}

/** synth's CSV reduced to the columns the CCLF carries, in `dcsim cclf`'s order. */
const CCLF_COLUMNS = ['beneficiary_id', 'performance_year', 'expenditure', 'aligned_months', 'entitlement', 'dual_status', 'primary_care_spend', 'participant_spend'];
function expectedRows(opts: SynthOptions): string[] {
  const lines = [...synthCsv(opts)].join('').split('\n').filter((l) => l !== '');
  const header = lines[0]!.split(',');
  const idx = CCLF_COLUMNS.map((c) => header.indexOf(c));
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return idx.map((k) => cells[k]).join(',');
  });
}

function referenceRows(dir: string, asOf: string): string[] {
  const rows = referenceRead(join(dir, 'cclf'), join(dir, 'participants.csv'), join(dir, 'alignment.csv'), join(dir, 'primary_care_codes.txt'), asOf);
  return rows.map((r) => CCLF_COLUMNS.map((c) => r[c as keyof typeof r]).join(','));
}

// ---- the `dcsim cclf` comparison: ON when the other helper's command is on main ----------------
/** Set to true by the integrator once `dcsim cclf` (issue 17 items 1, 2, 5, 6) is on main. */
const CLI_CCLF_ON_MAIN = false;

/** Runs the built `dcsim cclf` on the set in `dir` and checks its CSV is synth's, byte for byte. */
function compareWithCli(dir: string, asOf: string, opts: SynthOptions): void {
  const r = spawnSync(process.execPath, [
    BIN, 'cclf', join(dir, 'cclf'), '--participants', join(dir, 'participants.csv'), '--alignment', join(dir, 'alignment.csv'),
    '--primary-care-codes', join(dir, 'primary_care_codes.txt'), '--as-of', asOf,
  ], { encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(r.stderr.includes('error'), r.stderr).toBe(false);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe([CCLF_COLUMNS.join(','), ...expectedRows(opts)].join('\n') + '\n');
}
// -------------------------------------------------------------------------------------------------

let runs = 0;

describe('synth --cclf round trip', () => {
  it('read back with --as-of the last load date, the set gives synth CSV values (seeds, sizes, years)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 2021, max: 2026 }),
        fc.integer({ min: 0, max: 2 }),
        (seed, n, first, span) => {
          const opts: SynthOptions = { beneficiaries: n, years: Array.from({ length: span + 1 }, (_, k) => first + k), seed };
          const dir = join(TMP, `p${runs++}`);
          const stats = writeSet(dir, opts);
          const asOf = lastLoadDate(stats);
          expect(referenceRows(dir, asOf || '2099-12-31')).toEqual(expectedRows(opts));
          if (CLI_CCLF_ON_MAIN) compareWithCli(dir, asOf || '2099-12-31', opts);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 6, seed: 17 },
    );
  });

  it('a bigger population: every column exact, and an earlier --as-of loses late loads', () => {
    // 300 beneficiaries × 2 PYs: about 4% of records are loaded more than three months late, so
    // reading before the run-out files drops some of them (the estimate a June settlement sees).
    const opts: SynthOptions = { beneficiaries: 300, years: [2023, 2024], seed: 2021 };
    const dir = join(TMP, 'big');
    const stats = writeSet(dir, opts);
    const asOf = lastLoadDate(stats);
    expect(asOf).toBe('2025-10-20'); // the last run-out file of PY2024 is made 2025-10-20
    const want = expectedRows(opts);
    expect(referenceRows(dir, asOf)).toEqual(want);
    const early = referenceRows(dir, '2025-01-31');
    const differ = early.filter((row, k) => row !== want[k]);
    expect(differ.length).toBeGreaterThan(0);
    // late loads only ever change money, never who is in the file or their months and statuses
    const keep = (row: string): string => row.split(',').filter((_, k) => [0, 1, 3, 4, 5].includes(k)).join(',');
    expect(early.map(keep)).toEqual(want.map(keep));
    if (CLI_CCLF_ON_MAIN) compareWithCli(dir, asOf, opts);
  });

  it('writes every record at its packet length, and the features the reader must handle', () => {
    // the set of the previous test
    const dir = join(TMP, 'big');
    const files = readdirSync(join(dir, 'cclf'));
    const LENGTH: Record<string, number> = { '1': 437, '5': 388, '6': 247, '8': 549, '9': 55 };
    // 2 PYs × 5 kinds × (12 monthly + 3 run-out)
    expect(files.length).toBe(150);
    const text: Record<string, string[]> = { '1': [], '5': [], '6': [], '8': [], '9': [] };
    for (const f of files) {
      const m = /^P\.D0001\.ACO\.ZC([15689])([YR])(2[34])\.D\d{6}\.T\d{7}$/.exec(f);
      expect(m, f).not.toBeNull();
      const lines = readFileSync(join(dir, 'cclf', f), 'latin1').split('\n');
      expect(lines.pop()).toBe('');
      for (const l of lines) expect(l.length).toBe(LENGTH[m![1]!]);
      text[m![1]!]!.push(...lines);
    }
    const adj = (l: string, at: number): number => Number(l.slice(at - 1, at + 1).trim());
    expect(text['1']!.filter((l) => adj(l, 149) === 1).length).toBeGreaterThan(0); // cancellations
    expect(text['1']!.filter((l) => adj(l, 149) === 2).length).toBeGreaterThan(0); // adjustments
    expect(text['5']!.filter((l) => adj(l, 150) === 1).length).toBeGreaterThan(0);
    // a stay from December of the year before, placed by its January thru date
    expect(text['1']!.some((l) => l.slice(43, 47) === '2023' && l.slice(53, 57) === '2024')).toBe(true);
    // an MBI changed twice: A → B in one file, B → C in a later one
    const nine = files.filter((f) => f.includes('ZC9')).sort((a, b) => a.slice(-15).localeCompare(b.slice(-15)));
    const where = new Map<string, number>(); // prvs → file index
    nine.forEach((f, k) => {
      for (const l of readFileSync(join(dir, 'cclf', f), 'latin1').split('\n')) if (l.trim()) where.set(l.slice(12, 23).trim(), k);
    });
    const chained = nine.some((f, k) =>
      readFileSync(join(dir, 'cclf', f), 'latin1').split('\n').some((l) => {
        const crnt = l.slice(1, 12).trim();
        const prvs = l.slice(12, 23).trim();
        return l.trim() !== '' && crnt !== prvs && where.has(crnt) && where.get(crnt)! > k;
      }));
    expect(chained).toBe(true);
    // a record re-sent: the same (CUR_CLM_UNIQ_ID, line) in two files, under two different MBIs
    const seen = new Map<string, Set<string>>();
    for (const l of text['5']!) {
      const key = l.slice(0, 23);
      const set = seen.get(key) ?? new Set<string>();
      set.add(l.slice(23, 34).trim());
      seen.set(key, set);
    }
    for (const l of text['1']!) {
      const key = 'A' + l.slice(0, 13);
      const set = seen.get(key) ?? new Set<string>();
      set.add(l.slice(19, 30).trim());
      seen.set(key, set);
    }
    expect([...seen.values()].some((s) => s.size > 1)).toBe(true);
  });

  it('dcsim synth --cclf writes the same set through the CLI, the CSV with -o, and refuses a used folder', () => {
    const dir = join(TMP, 'cli');
    const csv = join(TMP, 'cli.csv');
    const args = [BIN, 'synth', '-n', '25', '--years', '2024-2025', '--seed', '5', '--cclf', dir, '-o', csv];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const said = /wrote .*: 153 files, \d+ records; last load date (\d{4}-\d\d-\d\d) \(read it with --as-of \1 or later\)/.exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    const asOf = said![1]!;
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const opts: SynthOptions = { beneficiaries: 25, years: [2024, 2025], seed: 5 };
    expect(readFileSync(csv, 'utf8')).toBe([...synthCsv(opts)].join(''));
    const mem = join(TMP, 'mem');
    writeSet(mem, opts);
    const list = (d: string): string[] => readdirSync(d, { recursive: true, encoding: 'utf8' }).sort();
    expect(list(dir)).toEqual(list(mem));
    for (const f of list(dir).filter((f) => f.includes('.'))) expect(readFileSync(join(dir, f)).equals(readFileSync(join(mem, f))), f).toBe(true);
    expect(referenceRows(dir, asOf)).toEqual(expectedRows(opts));
    if (CLI_CCLF_ON_MAIN) compareWithCli(dir, asOf, opts);
    const again = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already holds files');
  });

  it('fixtures/sample-cclf is synth -n 80 --years 2021-2025 --seed 2021 --cclf, byte for byte, and reads back', () => {
    const opts: SynthOptions = { beneficiaries: 80, years: [2021, 2022, 2023, 2024, 2025], seed: 2021 };
    const fixture = join(ROOT, 'fixtures/sample-cclf');
    const mem = join(TMP, 'fixture');
    const stats = writeSet(mem, opts);
    expect(lastLoadDate(stats)).toBe('2026-10-20'); // as its README says
    const list = (d: string): string[] => readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => f !== 'README.md').sort();
    expect(list(fixture)).toEqual(list(mem));
    for (const f of list(mem).filter((f) => f.includes('.'))) expect(readFileSync(join(fixture, f)).equals(readFileSync(join(mem, f))), f).toBe(true);
    expect(referenceRows(fixture, '2026-10-20')).toEqual(expectedRows(opts));
    if (CLI_CCLF_ON_MAIN) compareWithCli(fixture, '2026-10-20', opts);
  });
});
