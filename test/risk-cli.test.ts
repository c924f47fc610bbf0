// `dcsim risk` end to end (the built binary, which `npm test` builds first): on_data is `dcsim run`'s
// settlement, the same seed gives the same bytes on one thread and on two, --trials-out agrees with the
// statistics, identical rows have no spread, and bad flags are refused before anything is written.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const dir = tempDir('dcsim-risk-');

function dcsim(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Stats = Record<string, string>;
type Year = { performance_year: number; option?: string; aligned_beneficiaries: number; settlement: Stats; savings: Stats };

describe('dcsim risk', () => {
  it('on_data is dcsim run\'s settlement and S, per PY and per option (--compare)', () => {
    const r = dcsim(['risk', '--trials', '50', '--compare', '-O', 'json']);
    expect(r.code).toBe(0);
    const risk = JSON.parse(r.stdout) as { kind: string; trials: number; seed: number; years: Year[] };
    expect(risk.kind).toBe('risk');
    expect(risk.trials).toBe(50);
    expect(risk.seed).toBe(1);
    for (const [track, capitation] of [['professional', 'pcc'], ['global', 'pcc'], ['global', 'tcc']]) {
      const run = JSON.parse(dcsim(['run', '--track', track!, '--capitation', capitation!, '-O', 'json']).stdout) as { years: { performance_year: number; settlement: string; savings: string }[] };
      const mine = risk.years.filter((y) => y.option === `${track}/${capitation}`);
      expect(mine.map((y) => y.performance_year)).toEqual(run.years.map((y) => y.performance_year));
      mine.forEach((y, i) => {
        expect(y.settlement.on_data).toBe(run.years[i]!.settlement);
        expect(y.savings.on_data).toBe(run.years[i]!.savings);
      });
    }
  });

  it('the same seed gives the same bytes with --threads 1 and --threads 2, and two threads really ran', () => {
    const args = ['risk', '--trials', '301', '--seed', '42', '--trend-sd', '0.02', '--compare', '--stats'];
    const one = dcsim([...args, '--threads', '1', '-O', 'json']);
    const two = dcsim([...args, '--threads', '2', '-O', 'json']);
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/stats: threads=1 trials=301 /);
    expect(two.stderr).toMatch(/stats: threads=2 trials=301 /);
    expect(two.stdout).toBe(one.stdout);
    const other = dcsim([...args.filter((a) => a !== '--stats'), '--threads', '2', '--seed', '43', '-O', 'json']);
    expect(other.stdout).not.toBe(one.stdout);
  });

  it('--trials-out has one row per trial, PY and option, and its settlements give the statistics', () => {
    const out = join(dir, 'trials.csv');
    const r = dcsim(['risk', '--trials', '40', '--seed', '5', '-O', 'csv', '--trials-out', out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('trial,performance_year,option,benchmark,expenditure,savings,shared_savings,settlement');
    expect(lines).toHaveLength(1 + 40 * 5);
    const y2023 = lines.slice(1).map((l) => l.split(',')).filter((c) => c[1] === '2023');
    expect(y2023.map((c) => Number(c[0]))).toEqual(Array.from({ length: 40 }, (_x, i) => i + 1));
    const cents = y2023.map((c) => Math.round(Number(c[7]) * 100)).sort((a, b) => a - b);
    const csv = r.stdout.trimEnd().split('\n').map((l) => l.split(','));
    const head = csv[0]!;
    const row = csv.find((c) => c[0] === '2023')!;
    const at = (k: string) => Math.round(Number(row[head.indexOf(k)]) * 100);
    // nearest rank over 40 trials: p05 is the 2nd smallest, p50 the 20th, p95 the 38th; ES = mean of the 2 worst
    expect(at('settlement_p05')).toBe(cents[1]);
    expect(at('settlement_p50')).toBe(cents[19]);
    expect(at('settlement_p95')).toBe(cents[37]);
    expect(Math.abs(at('settlement_expected_shortfall') - (cents[0]! + cents[1]!) / 2)).toBeLessThanOrEqual(0.5);
    expect(Number(row[head.indexOf('settlement_p_loss')])).toBe(cents.filter((c) => c < 0).length / 40);
    expect(head.slice(0, 4)).toEqual(['performance_year', 'option', 'aligned_beneficiaries', 'settlement_on_data']);
  });

  it('a population of identical rows: sd 0.00 and every percentile equals on_data', () => {
    const f = join(dir, 'same.csv');
    const rows = Array.from({ length: 30 }, (_x, i) => `B${i},2023,11000.00,12,1.0,aged_disabled,true,1000.00`);
    writeFileSync(f, `beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,claims_aligned,benchmark_pbpm\n${rows.join('\n')}\n`);
    // B = 30 x 12,000.00 = 360,000.00; D = 3% (rule set dc, PY2023) = 10,800.00; W = 5% = 18,000.00, all
    // earned back (q = 1): B* = 349,200.00; E = 330,000 + PCC 7% of B 25,200 - fee reduction 0 = 355,200.00;
    // S = -6,000.00; losses in the first band are kept whole and not sequestered: settlement -6,000.00.
    const r = dcsim(['risk', f, '--trials', '100', '-O', 'json']);
    expect(r.code).toBe(0);
    const y = (JSON.parse(r.stdout) as { years: Year[] }).years[0]!;
    expect(y.settlement.on_data).toBe('-6000.00');
    for (const k of ['mean', 'p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99', 'expected_shortfall']) expect(y.settlement[k]).toBe('-6000.00');
    expect(y.settlement.sd).toBe('0.00');
    expect(y.settlement.p_loss).toBe('1');
    expect(y.savings.sd).toBe('0.00');
  });

  it('refuses bad flags with exit 2 and writes nothing', () => {
    const out = join(dir, 'never.json');
    for (const args of [['--seed', '-1'], ['--seed', '1.5'], ['--trend-shift', 'abc'], ['--trend-shift', '-1'], ['--trend-sd', '-0.1'], ['--tracks', 'global/pcc'], ['--compare', '--track', 'global'], ['--trials', '0'], ['-O', 'xlsx'], ['--threads', '3']]) {
      const r = dcsim(['risk', ...args, '-o', out]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^dcsim: error: /m);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('dcsim risk outputs', () => {
  it('refuses --trials-out and -o naming one file, or an output over the input', () => {
    const f = join(dir, 'both.csv');
    const same = dcsim(['risk', '--trials', '5', '-o', f, '--trials-out', f]);
    expect(same.code).toBe(2);
    expect(existsSync(f)).toBe(false);
    const data = join(dir, 'in.csv');
    writeFileSync(data, 'beneficiary_id,performance_year,expenditure,benchmark_pbpm\nB1,2023,100.00,50.00\n');
    const over = dcsim(['risk', data, '--trials', '5', '--trials-out', data]);
    expect(over.code).toBe(2);
    expect(readFileSync(data, 'utf8')).toContain('B1,2023');
  });
});

describe('the trials progress bar', () => {
  const io = (tty: boolean, sink: string[]): Io => ({ out: async () => {}, err: (t: string) => void sink.push(t), stdoutIsTTY: false, stderrIsTTY: tty, env: {}, stdin: (async function* () {})() });

  it('only on a terminal, only after a second, and cleared at the end', async () => {
    const { trialProgress } = await import('../src/cli/risk.js');
    const none: string[] = [];
    expect(trialProgress(io(false, none), true)).toBeUndefined();
    expect(trialProgress(io(true, none), false)).toBeUndefined();
    const lines: string[] = [];
    let now = 1_000_000;
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const bar = trialProgress(io(true, lines), true)!;
      now += 900;
      bar.update(100, 1000);
      expect(lines).toEqual([]); // under a second: nothing
      now += 200;
      bar.update(250, 1000);
      expect(lines).toHaveLength(1);
      // 25% done after 1.1 s: 3.3 s to go
      expect(lines[0]).toMatch(/^\r\[######\.{18}\]  25%  250\/1,000 trials  ETA 3\.3s $/);
      bar.done();
      expect(lines[1]).toBe('\r\x1b[K');
    } finally {
      spy.mockRestore();
    }
  });
});
