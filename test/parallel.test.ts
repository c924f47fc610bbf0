// The two-thread read (files over 8 MiB) against the one-thread read: the same settlement, the
// same errors at the same lines, duplicates found across the halves, quotes across the split.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCsv } from '../src/usecases/synth/generate.js';
import type * as Api from '../src/index.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const dir = tempDir('dcsim-par-');
let lines: string[] = [];

function run(file: string, threads: number, format = 'json') {
  const r = spawnSync(process.execPath, [BIN, 'run', file, '--threads', String(threads), '-O', format], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(name: string, ls: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, `${ls.join('\n')}\n`);
  return f;
}

// The built module: the worker thread runs from dist/ only (npm test builds first).
let api: typeof Api;

beforeAll(async () => {
  api = (await import(join(ROOT, 'dist/index.js'))) as typeof Api;
  // ~12 MiB: 130,000 rows, one PY
  lines = [...synthCsv({ beneficiaries: 130000, years: [2023], seed: 11 })].join('').trimEnd().split('\n');
});

describe('reading with two threads', () => {
  it('settles exactly as one thread does', () => {
    const f = write('clean.csv', lines);
    const one = run(f, 1);
    const two = run(f, 2);
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
  });

  it('really reads with two threads (the stats say so), and with one when asked', async () => {
    const f = write('stats.csv', lines);
    const two = await api.readPopulation(f, { threads: 2 });
    expect(two.stats.threads).toBe(2);
    expect(two.stats.fallbacks).toEqual([]);
    // synth's rows are canonical: every one of the 130,000 is taken by the fast path
    expect(two.stats.fastRows).toBe(130000);
    const one = await api.readPopulation(f, { threads: 1 });
    expect(one.stats.threads).toBe(1);
    expect(one.stats.fastRows).toBe(130000);
    expect(two.population.rowsRead).toBe(one.population.rowsRead);
  });

  it('reports a bad header once, with two threads as with one', () => {
    const f = write('badheader.csv', ['beneficiary_id,performance_year,expense', ...lines.slice(1)]);
    const one = run(f, 1);
    const two = run(f, 2);
    expect(two.code).toBe(1);
    expect(two.err).toBe(one.err);
    expect(two.err.match(/missing required column "expenditure"/g)).toHaveLength(1);
  });

  it('reports the same errors, at the same lines, in both halves, and duplicates across them', () => {
    const ls = [...lines];
    const bad = (i: number, col: number, v: string) => {
      const c = ls[i]!.split(',');
      c[col] = v;
      ls[i] = c.join(',');
    };
    bad(10, 2, 'abc'); // line 11: expenditure
    bad(100000, 4, '0'); // line 100001: risk_score, second half
    ls[120000] = ls[5]!; // line 120001 repeats line 6's beneficiary in the same PY
    const f = write('bad.csv', ls);
    const one = run(f, 1);
    const two = run(f, 2);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(two.out).toBe('');
    expect(two.err).toBe(one.err);
    expect(one.err).toContain('bad.csv:11:');
    expect(one.err).toContain('bad.csv:100001:');
    expect(one.err).toMatch(/bad\.csv:120001:1: beneficiary "B0000005" appears twice in performance year 2023 \(first at line 6\)/);
  });

  it('reports repeats across the halves as one thread does: a key three times, a quoted one, past --max-errors', () => {
    const ls = [...lines];
    const n = ls.length;
    // B0000007 (line 8) again at lines ~70% and ~90% (both in the worker's half), B0000009 (line 10)
    // again quoted at ~80%; B0000011 (line 12) again at ~95% (past --max-errors 3: counted)
    const at = (f: number) => Math.floor(n * f);
    ls[at(0.7)] = ls[7]!;
    ls[at(0.9)] = ls[7]!;
    ls[at(0.8)] = ls[9]!.replace(/^B(\d+)/, '"B$1"');
    ls[at(0.95)] = ls[11]!;
    const f = write('cross.csv', ls);
    for (const max of ['3', '20']) {
      const one = spawnSync(process.execPath, [BIN, 'run', f, '--threads', '1', '--max-errors', max], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      const two = spawnSync(process.execPath, [BIN, 'run', f, '--threads', '2', '--max-errors', max], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      expect(one.status).toBe(1);
      expect(two.stderr).toBe(one.stderr);
    }
    const one = spawnSync(process.execPath, [BIN, 'run', f, '--threads', '1'], { cwd: ROOT, encoding: 'utf8' }).stderr;
    // both repeats of B0000007 name line 8 as the first, the worker's own second one included
    expect(one).toContain(`cross.csv:${at(0.7) + 1}:1: beneficiary "B0000007" appears twice in performance year 2023 (first at line 8)`);
    expect(one).toContain(`cross.csv:${at(0.9) + 1}:1: beneficiary "B0000007" appears twice in performance year 2023 (first at line 8)`);
    expect(one).toContain(`cross.csv:${at(0.8) + 1}:1: beneficiary "B0000009" appears twice`);
    expect(one).toContain('dcsim: 4 errors; nothing was settled');
  });

  it("gives the kernel the same exact sums with 1 and 2 threads (own-rate rows' risk months included)", async () => {
    const f = write('sums.csv', lines);
    const one = await api.readPopulation(f, { threads: 1 });
    const two = await api.readPopulation(f, { threads: 2 });
    expect(two.stats.threads).toBe(2);
    const text = (x: { n: bigint; d: bigint }) => `${x.n}/${x.d}`;
    for (const py of one.population.years) {
      const a = api.yearSumsOf(one.population, py);
      const b = api.yearSumsOf(two.population, py);
      for (const ent of ['aged_disabled', 'esrd'] as const) {
        // synth rows carry their own benchmark_pbpm: the raw score's numerator is all own-rate rows
        expect(a.entitlements[ent].riskMonthsAll.n > 0n, `${py} ${ent}`).toBe(true);
        expect(text(b.entitlements[ent].riskMonthsAll), `${py} ${ent}`).toBe(text(a.entitlements[ent].riskMonthsAll));
        expect(text(b.entitlements[ent].ownRateBenchmark)).toBe(text(a.entitlements[ent].ownRateBenchmark));
        expect(b.entitlements[ent].months).toBe(a.entitlements[ent].months);
      }
      expect([b.hebaUpMonths, b.hebaDownMonths, b.expenditure]).toEqual([a.hebaUpMonths, a.hebaDownMonths, a.expenditure]);
    }
  });

  it('keeps the same rows, in file order, and the same HEBA months with 1 and 2 threads', async () => {
    const f = write('rows.csv', lines);
    const one = await api.readPopulation(f, { threads: 1, keepRows: true });
    const two = await api.readPopulation(f, { threads: 2, keepRows: true });
    expect(two.stats.threads).toBe(2);
    const r1 = one.population.rows!;
    const r2 = two.population.rows!;
    expect(r1.length).toBe(130000);
    expect(r2.length).toBe(r1.length);
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (const k of ['py', 'months', 'flags', 'entitlement', 'heba', 'expenditure', 'primaryCare', 'participant', 'riskMantissa', 'riskScale', 'ownRate'] as const) {
      expect(bytes(r2[k]).equals(bytes(r1[k])), k).toBe(true);
    }
    // the RowTable's heba codes summed by hand give the groups' month sums, on both reads
    let up = 0;
    let down = 0;
    for (let i = 0; i < r1.length; i++) {
      if (r1.heba[i] === 1) up += r1.months[i]!;
      else if (r1.heba[i] === -1) down += r1.months[i]!;
    }
    for (const p of [one.population, two.population]) {
      expect(p.groups.reduce((s, g) => s + g.hebaUpMonths, 0)).toBe(up);
      expect(p.groups.reduce((s, g) => s + g.hebaDownMonths, 0)).toBe(down);
    }
    expect(up).toBeGreaterThan(0);
    // the last row of the file is the last row of the table (the worker's half comes second)
    const last = lines[lines.length - 1]!.split(',');
    expect(r2.expenditure[r2.length - 1]).toBe(Number(last[2]!.replace('.', '')));
  });

  it('falls back to one thread when a quoted value spans the middle', async () => {
    const ls = [...lines];
    // The split is the first line start after 53% of the bytes: quote the ids (with a newline inside)
    // of the rows from 52% to 54% of the file, so the split falls inside a quoted record.
    const from = Math.floor(ls.length * 0.52);
    const to = Math.floor(ls.length * 0.54);
    for (let i = from; i <= to; i++) ls[i] = ls[i]!.replace(/^B(\d+)/, '"B$1\nx"');
    const f = write('quoted.csv', ls);
    const one = run(f, 1, 'csv');
    const two = run(f, 2, 'csv');
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    const stats = (await api.readPopulation(f, { threads: 2 })).stats;
    expect(stats.threads).toBe(1);
    expect(stats.fallbacks).toEqual([{ reason: expect.stringMatching(/quoted value spans the middle/) }]);
    // the quoted records went to csv-parse, the rest by the fast path
    const quoted = to - from + 1;
    expect(stats.csvParseRows).toBe(quoted);
    expect(stats.fastRows).toBe(130000 - quoted);
  });
});
