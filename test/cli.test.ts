// Golden tests: spawn the built binary (npm test builds first) and compare stdout, stderr and exit
// status with files under test/golden/. UPDATE_GOLDEN=1 rewrites them (then read the diff!).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const GOLDEN = join(ROOT, 'test/golden');

export function dcsim(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const SMALL = ['test/fixtures/small.csv', '--scenario', 'test/fixtures/small-scenario.json'];

describe('dcsim run (golden)', () => {
  it.each([
    ['csv', 'run-small.csv'],
    ['json', 'run-small.json'],
    ['table', 'run-small.txt'],
  ])('-O %s', (format, file) => {
    const r = dcsim(['run', ...SMALL, '-O', format]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    golden(file, r.stdout);
  });

  it('professional track, TCC refused as usage (exit 2, nothing on stdout)', () => {
    const r = dcsim(['run', ...SMALL, '--track', 'professional', '--capitation', 'tcc', '-O', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^dcsim: error: --capitation tcc is not available on the professional track/);
  });

  it('global TCC with the default rate says it used the default', () => {
    const r = dcsim(['run', ...SMALL, '--capitation', 'tcc', '-O', 'csv']);
    expect(r.code).toBe(0);
    golden('run-small-tcc.csv', r.stdout);
    // PY2023 participant share over aligned rows = (5000 + 2000 + 40000 + 0) / 102000
    expect(r.stderr).toContain('PY2023: tcc_rate defaulted to participant_spend / expenditure = 0.4607843137');
  });

  it('the output file extension picks the format, and the file is written whole', () => {
    const dir = tempDir('dcsim-');
    const out = join(dir, 'out.json');
    const r = dcsim(['run', ...SMALL, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schema_version).toBe(3);
  });

  it('a refused input leaves an earlier -o file intact', () => {
    const dir = tempDir('dcsim-');
    const out = join(dir, 'out.csv');
    writeFileSync(out, 'earlier\n');
    const r = dcsim(['run', '-', '-o', out], 'beneficiary_id,performance_year,expenditure\nA,2023,-5\n');
    expect(r.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('earlier\n');
  });

  it('stdin, and a closed pipe ends quietly', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/small.csv'), 'utf8');
    const r = dcsim(['run', '-', '--scenario', 'test/fixtures/small-scenario.json', '-O', 'csv'], text);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(GOLDEN, 'run-small.csv'), 'utf8'));
    const p = spawnSync('bash', ['-c', `node ${BIN} run --no-progress -O json | head -c 10`], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(p.status).toBe(0);
    expect(p.stderr).not.toMatch(/EPIPE|Error/);
  });

  it('with no input settles the bundled sample (five PYs) and says so on stderr', () => {
    const r = dcsim(['run', '--track', 'global', '-O', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/bundled sample population/);
    const j = JSON.parse(r.stdout);
    expect(j.years.map((y: { performance_year: number }) => y.performance_year)).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(j.input.rows_read).toBeGreaterThanOrEqual(25000);
  });

  it('--help teaches, --version prints the version, engines lists the registry', () => {
    expect(dcsim(['run', '--help']).stdout).toMatch(/--discount-rate <value\|PY=value,...>/);
    expect(dcsim(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const e = dcsim(['engines']);
    expect(e.code).toBe(0);
    golden('engines.txt', e.stdout);
  });

  it('an unknown flag is bad usage (exit 2)', () => {
    const r = dcsim(['run', '--discount', '0.03']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^dcsim: error: unknown option '--discount'/);
  });
});

describe('cohorts and Medicaid (golden)', () => {
  it('--by dual_status --by alignment -O json adds cohort records and Medicaid fields', () => {
    const r = dcsim(['run', ...SMALL, '--by', 'dual_status', '--by', 'alignment', '-O', 'json']);
    expect(r.code).toBe(0);
    golden('run-small-by.json', r.stdout);
    const j = JSON.parse(r.stdout);
    // 2023 aligned duals: B3 1200 + B5 24000 over 24 months
    expect(j.years[0]).toMatchObject({ medicaid_spend: '25200.00', medicaid_pmpm: '1050.00', medicaid_pmpm_change: null, cost_shift_flag: false });
  });

  it('--cohorts-only -O csv prints the cohort rows; --cohorts-out writes them beside the settlement', () => {
    const r = dcsim(['run', ...SMALL, '--by', 'entitlement', '--cohorts-only', '-O', 'csv']);
    expect(r.code).toBe(0);
    golden('run-small-cohorts.csv', r.stdout);
    const dir = tempDir('dcsim-');
    const r2 = dcsim(['run', ...SMALL, '--by', 'entitlement', '-O', 'csv', '--cohorts-out', join(dir, 'c.csv')]);
    expect(r2.stdout).toBe(readFileSync(join(GOLDEN, 'run-small.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(r.stdout);
  });

  it('--cohorts-only without --by is bad usage', () => {
    expect(dcsim(['run', ...SMALL, '--cohorts-only', '-O', 'csv']).code).toBe(2);
  });
});

describe('the table', () => {
  it('shows a Total equal to the sum of the PYs on every money and count row', () => {
    const r = dcsim(['run', ...SMALL, '-O', 'table']);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('│') && /\d/.test(l));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const cells = row.split('│').slice(1, -1).map((c) => c.trim());
      const [label, ...vals] = cells;
      if (label === '') continue; // the header
      const total = vals.pop()!;
      if (total === '') continue; // rates have no total
      const cents = (s: string) => BigInt(s.replace(/,/g, '').replace('.', ''));
      const isMoney = total.includes('.');
      const sum = vals.reduce((t, v) => t + (isMoney ? cents(v) : BigInt(v.replace(/,/g, ''))), 0n);
      expect(isMoney ? cents(total) : BigInt(total.replace(/,/g, '')), label).toBe(sum);
    }
  });
});
