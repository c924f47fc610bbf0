// The two-thread read (files over 8 MiB) against the one-thread read: the same settlement, the
// same errors at the same lines, duplicates found across the halves, quotes across the split.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCsv } from '../src/synth/generate.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const dir = mkdtempSync(join(tmpdir(), 'dcsim-par-'));
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

beforeAll(() => {
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

  it('keeps the same rows, in file order, and the same HEBA months with 1 and 2 threads', async () => {
    // the built module: the worker thread runs from dist/ only
    const { readInput } = (await import(join(ROOT, 'dist/index.js'))) as typeof import('../src/index.js');
    const f = write('rows.csv', lines);
    const one = await readInput(f, { maxErrors: 5, threads: 1, keepRows: true });
    const two = await readInput(f, { maxErrors: 5, threads: 2, keepRows: true });
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

  it('falls back to one thread when a quoted value spans the middle', () => {
    const ls = [...lines];
    const mid = Math.floor(ls.length / 2);
    // a quoted beneficiary_id with newlines around the middle of the file
    for (let i = mid - 3; i <= mid + 3; i++) ls[i] = ls[i]!.replace(/^B(\d+)/, '"B$1\nx"');
    const f = write('quoted.csv', ls);
    const one = run(f, 1, 'csv');
    const two = run(f, 2, 'csv');
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
  });
});
