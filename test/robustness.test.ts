// Nothing lost, nothing silently wrong: fuzzing, invariants, determinism, spreadsheet safety and
// interrupted runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCents as formatMoney } from '../src/domain/exact.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { simulate } from '../src/usecases/simulate.js';
import { synthCsv } from '../src/usecases/synth/generate.js';
import { settlementJson } from '../src/render/json.js';
import { settlementReport } from '../src/report/settlement.js';
import { dcsimInProcess, readFast } from './helpers.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const RUNS = Number(process.env.DCSIM_PROPERTY_RUNS ?? 100);

/** Run the CLI in-process with stdin from a buffer; capture everything. */
async function inProcess(args: string[], stdin: Buffer): Promise<{ code: number; out: string; err: string }> {
  const r = await dcsimInProcess(args, stdin);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const SMALL = readFileSync(join(ROOT, 'test/fixtures/small.csv'));
const SAMPLE_HEAD = Buffer.from(readFileSync(join(ROOT, 'fixtures/sample.csv'), 'utf8').split('\n').slice(0, 120).join('\n'));
const SEEDS = [SMALL, SAMPLE_HEAD, ...readdirSync(join(ROOT, 'test/errors')).filter((f) => f.endsWith('.csv')).slice(0, 12).map((f) => readFileSync(join(ROOT, 'test/errors', f)))];
const BYTES = [0x2c, 0x22, 0x0a, 0x0d, 0x00, 0xff, 0xc3, 0x2d, 0x2e, 0x30, 0x39, 0x20, 0x65, 0x3d];

const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), b: fc.constantFrom(...BYTES) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), b: fc.constantFrom(...BYTES) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapCells' as const), line: fc.nat(), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(src: Buffer, ms: readonly Mutation[]): Buffer {
  let b = Buffer.from(src);
  for (const m of ms) {
    const at = 'at' in m ? m.at % Math.max(1, b.length) : 0;
    switch (m.op) {
      case 'flip': if (b.length) b[at] = m.b; break;
      case 'insert': b = Buffer.concat([b.subarray(0, at), Buffer.from([m.b]), b.subarray(at)]); break;
      case 'delete': b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]); break;
      case 'cut': b = b.subarray(0, at); break;
      case 'swapCells':
      case 'dupLine': {
        const lines = b.toString('latin1').split('\n');
        const i = m.line % lines.length;
        if (m.op === 'dupLine') lines.splice(i, 0, lines[i]!);
        else {
          const cells = lines[i]!.split(',');
          const x = m.a % cells.length;
          const y = m.b % cells.length;
          [cells[x], cells[y]] = [cells[y]!, cells[x]!];
          lines[i] = cells.join(',');
        }
        b = Buffer.from(lines.join('\n'), 'latin1');
      }
    }
  }
  return b;
}

describe('fuzz: mutated fixtures settle or are refused cleanly', () => {
  it('never crashes, hangs or prints a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SEEDS.keys()), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom('json', 'csv', 'table'), async (seed, ms, format) => {
        const input = mutate(SEEDS[seed]!, ms);
        const r = await inProcess(['run', '-', '--scenario', 'test/fixtures/small-scenario.json', '-O', format], input);
        expect([0, 1]).toContain(r.code);
        expect(r.err).not.toMatch(/internal error|^\s+at |node:internal/m);
        if (r.code === 1) {
          expect(r.out).toBe('');
          // (notes on what was read, such as an ignored column, may come before the error)
          expect(r.err).toMatch(/^dcsim: error: /m);
          expect(r.err.split('\n').filter(Boolean).every((l) => /^(dcsim: |  )/.test(l)), r.err).toBe(true);
        } else {
          expect(r.out.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.DCSIM_FUZZ_RUNS ?? 300) },
    );
  }, 120_000);
});

// ---- invariants over random populations ---------------------------------------------------------

const popArb = fc.record({ n: fc.integer({ min: 1, max: 60 }), seed: fc.nat(), first: fc.integer({ min: 2021, max: 2023 }), years: fc.integer({ min: 1, max: 3 }) });
const synth = (p: { n: number; seed: number; first: number; years: number }) =>
  [...synthCsv({ beneficiaries: p.n, years: Array.from({ length: p.years }, (_, i) => p.first + i), seed: p.seed })].join('');
const scenarioArb = fc.record({
  track: fc.constantFrom('global', 'professional'),
  rules: fc.constantFrom('dc', 'reach'),
  attribution: fc.constantFrom('standard', 'mltss-first'),
  quality_score: fc.constantFrom('1', '0.5', '0.93'),
  withhold_phase_in: fc.boolean(),
  corridor_base: fc.constantFrom('performance_benchmark', 'benchmark'),
});

describe('invariants', () => {
  it('the JSON total is the sum of the PYs, to the cent, and every table adds up', () => {
    fc.assert(
      fc.property(popArb, scenarioArb, (p, s) => {
        const sim = simulate(readFast(synth(p)).population!, scenarioFromObject(s, FILE_ORIGIN('s')));
        const j = settlementJson(settlementReport(sim)) as { years: Record<string, unknown>[]; total: Record<string, unknown> };
        for (const [k, v] of Object.entries(j.total)) {
          if (typeof v === 'string') {
            // (a PY without Medicaid data has medicaid_spend null: it adds nothing)
            const sum = j.years.reduce((t, y) => t + (y[k] === null ? 0n : BigInt(String(y[k]).replace('.', ''))), 0n);
            expect(BigInt(v.replace('.', '')), k).toBe(sum);
          } else if (typeof v === 'number') {
            expect(v, k).toBe(j.years.reduce((t, y) => t + (y[k] as number), 0));
          }
        }
        for (const y of sim.years) {
          // each PY's lines add up: B* = B - D - W + Q; settlement = shared - sequestration; CMS net
          expect(y.performanceBenchmark).toBe(y.benchmark - y.discount - y.qualityWithhold + y.withholdEarned - y.retentionWithhold);
          expect(y.settlement).toBe(y.sharedSavings - y.sequestration);
          expect(y.cmsNetSavings).toBe(y.grossSavings - y.settlement);
          const abs = (x: bigint) => (x < 0n ? -x : x);
          expect(abs(y.sharedSavings) <= abs(y.savings)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('row order and splitting the file by PY change no PY result', () => {
    fc.assert(
      fc.property(popArb, scenarioArb, fc.nat(), (p, s, shuffleSeed) => {
        const text = synth(p);
        const [head, ...rows] = text.trimEnd().split('\n');
        const scen = scenarioFromObject(s, FILE_ORIGIN('s'));
        const whole = simulate(readFast(text).population!, scen).years.map((y) => [y.py, formatMoney(y.settlement), formatMoney(y.benchmark), y.alignedBeneficiaries]);
        // shuffle with a simple LCG
        let x = shuffleSeed;
        const shuffled = [...rows];
        for (let i = shuffled.length - 1; i > 0; i--) {
          x = (x * 1103515245 + 12345) % 2147483648;
          const k = x % (i + 1);
          [shuffled[i], shuffled[k]] = [shuffled[k]!, shuffled[i]!];
        }
        const again = simulate(readFast([head, ...shuffled].join('\n')).population!, scen).years.map((y) => [y.py, formatMoney(y.settlement), formatMoney(y.benchmark), y.alignedBeneficiaries]);
        expect(again).toEqual(whole);
        // phase-in counts from the first PY of the whole file: pin it so each part agrees
        const pinned = scenarioFromObject({ ...s, first_performance_year: p.first }, FILE_ORIGIN('s'));
        const wholePinned = simulate(readFast(text).population!, pinned).years;
        for (const y of wholePinned) {
          const part = [head, ...rows.filter((r) => r.split(',')[1] === String(y.py))].join('\n');
          const alone = simulate(readFast(part).population!, pinned).years[0]!;
          expect(formatMoney(alone.settlement)).toBe(formatMoney(y.settlement));
        }
      }),
      { numRuns: Math.max(20, RUNS / 4) },
    );
  });
});

describe('determinism', () => {
  it('CSV and JSON are byte-identical whatever LANG, LC_ALL, TZ and COLUMNS say', () => {
    const runs = [
      { LANG: 'C', TZ: 'UTC', COLUMNS: '80' },
      { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', TZ: 'Asia/Kolkata', COLUMNS: '300' },
      { LANG: 'ar_EG.UTF-8', LC_ALL: 'fr_FR.UTF-8', TZ: 'America/St_Johns', COLUMNS: '20' },
    ];
    for (const format of ['csv', 'json']) {
      const outs = runs.map((env) => spawnSync(process.execPath, [BIN, 'run', '--no-progress', '-O', format], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } }).stdout);
      expect(outs[0]!.length).toBeGreaterThan(100);
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).toBe(outs[0]);
    }
  });
});

describe('interrupted runs', () => {
  // The input is made by `dcsim synth` and is large enough (750,000 rows, ~0.8 s to settle here)
  // that every delay lands mid-run; the exit listener is attached before the delay, so a child that
  // ends first cannot be missed. A child stopped by the signal before its handler was installed
  // (the 30 ms case, during start-up) exits by the signal itself.
  const dir = tempDir('dcsim-int-');
  const data = join(dir, 'big.csv');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function interrupt(args: string[], out: string, delay: number, sig: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    writeFileSync(out, 'earlier\n');
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    await new Promise((r) => setTimeout(r, delay));
    child.kill(sig);
    return exited;
  }

  it('Ctrl-C or a kill during run -o and synth -o leaves the earlier file intact and no temporary file', async () => {
    const made = spawnSync(process.execPath, [BIN, 'synth', '-n', '150000', '-o', data], { cwd: ROOT, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const cases: { args: (out: string) => string[]; out: string }[] = [
      { args: (out) => ['run', data, '-o', out], out: join(dir, 'out.json') },
      { args: (out) => ['synth', '-n', '400000', '-o', out], out: join(dir, 'synth.csv') },
    ];
    for (const c of cases) {
      for (const [delay, sig, code] of [[30, 'SIGINT', 130], [120, 'SIGINT', 130], [250, 'SIGINT', 130], [250, 'SIGTERM', 143]] as const) {
        const r = await interrupt(c.args(c.out), c.out, delay, sig);
        // stopped mid-run: by our handler (130 / 143), or by the signal itself during start-up
        expect(r.code === code || (r.code === null && r.signal === sig), `${c.args(c.out)[0]} ${delay} ms ${sig}: ${JSON.stringify(r)}`).toBe(true);
        expect(readFileSync(c.out, 'utf8')).toBe('earlier\n');
        expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      }
    }
    expect(existsSync(data)).toBe(true);
  }, 120_000);
});
