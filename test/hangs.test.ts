// Hangs and memory (issue 14): inputs that used to take quadratic time, grow without bound, block
// Ctrl-C, or be read twice. Each runs the built CLI as a user would.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPopulation } from '../src/io/csv/index.js';
import { DcsimError } from '../src/domain/errors.js';
import { synthCsv } from '../src/usecases/synth/generate.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const dir = tempDir('dcsim-hangs-');
const ENV = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };

function dcsim(args: string[], input?: string | Buffer) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: ENV, maxBuffer: 1 << 26, ...(input !== undefined ? { input } : {}), timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - t0 };
}

const sameId = (n: number): string => `beneficiary_id,performance_year,expenditure,benchmark_pbpm\n${'A,2023,1,900\n'.repeat(n)}`;

describe('hangs', () => {
  it('20,000 rows of one id: the first --max-errors duplicates listed, the rest counted, at once', () => {
    const f = join(dir, 'same-id.csv');
    writeFileSync(f, sameId(20000));
    for (const [args, input] of [[['run', f, '--max-errors', '5']], [['run', '-', '--max-errors', '5'], sameId(20000)]] as const) {
      const r = dcsim([...args], input);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      // row 1 (line 2) is the first; lines 3..20001 repeat it: 19,999 duplicates, 5 listed, 19,994 counted
      expect(r.err.match(/appears twice in performance year 2023 \(first at line 2\)/g)).toHaveLength(5);
      expect(r.err).toMatch(/:3:1: beneficiary "A" appears twice/);
      expect(r.err).toContain('19,994 more errors not shown');
      // it took ~50 s before; a generous bound for a loaded machine
      expect(r.ms).toBeLessThan(20_000);
    }
  });

  it('an endless line (/dev/zero) ends with an error naming the line, in bounded memory', async () => {
    const r = dcsim(['run', '/dev/zero']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^dcsim: error: \/dev\/zero:1: line 1 is longer than 1 MiB/);
    // the same from a stream that never ends: reading stops after the limit
    let fed = 0;
    async function* zeros() {
      const z = new Uint8Array(1 << 16);
      for (;;) {
        fed += z.length;
        yield z;
      }
    }
    const e = await readPopulation(zeros()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DcsimError);
    expect((e as DcsimError).diagnostics[0]!.message).toMatch(/line 1 is longer than 1 MiB/);
    expect(fed).toBeLessThan(3 << 20);
    // a long line after good ones is named by its number
    const long = `beneficiary_id,performance_year,expenditure\nA,2023,1\nB,2023,${'9'.repeat(1 << 21)}\n`;
    const e2 = await readPopulation((async function* () { yield Buffer.from(long); })()).catch((x: unknown) => x);
    expect((e2 as DcsimError).diagnostics[0]!.message).toMatch(/^line 3 is longer than 1 MiB/);
  });

  it('a named pipe with a duplicate: read once, the duplicate reported', async () => {
    const fifo = join(dir, 'in.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'run', fifo], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const w = createWriteStream(fifo);
    w.end('beneficiary_id,performance_year,expenditure,benchmark_pbpm\nA,2023,1,900\nB,2023,1,900\nA,2023,2,900\n');
    expect(await exited).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`${fifo}:4:1: beneficiary "A" appears twice in performance year 2023 (first at line 2)`);
  });

  it('Ctrl-C while reading (and counting duplicates) from a pipe exits 130', async () => {
    const fifo = join(dir, 'busy.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'run', fifo], { cwd: ROOT, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    // listen before anything can happen
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    const w = createWriteStream(fifo);
    w.on('error', () => undefined); // EPIPE once the reader is gone
    const rows = Buffer.from('A,2023,1,900\n'.repeat(80_000)); // ~1 MiB of one repeated id
    await new Promise<void>((r) => w.write('beneficiary_id,performance_year,expenditure,benchmark_pbpm\n', () => r()));
    // 8 MiB taken by the reader (a pipe holds 64 KiB): it is busy reading, and cannot finish, since
    // the pipe stays open
    for (let i = 0; i < 8; i++) await new Promise<void>((r) => w.write(rows, () => r()));
    child.kill('SIGINT');
    const { code, signal } = await exited;
    w.destroy();
    expect(signal).toBeNull();
    expect(code).toBe(130);
  }, 60_000);

  it('Ctrl-C while reading a large synth file exits 130', async () => {
    // 200,000 rows with quoted ids (csv-parse reads them: a few seconds), so the read is surely
    // under way when the signal comes
    const f = join(dir, 'big-quoted.csv');
    const text = [...synthCsv({ beneficiaries: 200_000, years: [2023], seed: 5 })].join('').replace(/^B(\d+),/gm, '"B$1",');
    writeFileSync(f, text);
    const child = spawn(process.execPath, [BIN, 'run', f], { cwd: ROOT, env: ENV, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    // wait until the child has the file open (it installs its Ctrl-C handler before reading)
    const opened = (): boolean => {
      try {
        return readdirSync(`/proc/${child.pid}/fd`).some((fd) => {
          try {
            return readlinkSync(`/proc/${child.pid}/fd/${fd}`) === f;
          } catch {
            return false;
          }
        });
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 2000 && !opened(); i++) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const { code, signal } = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(130);
  }, 60_000);
});
