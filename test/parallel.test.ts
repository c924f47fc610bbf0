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
