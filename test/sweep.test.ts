// dcsim sweep: every row equals simulate() / `dcsim run` of the same scenario (both settle through the one kernel); range parsing is exact
// and its mistakes are usage errors (exit 2); invalid scenarios are reported and the others still run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dcsimInProcess } from './helpers.js';
import { formatCents, formatRatio, ratio } from '../src/domain/exact.js';
import { describe, expect, it } from 'vitest';
import { Dec } from './decimal-oracle.js';
import { DcsimError } from '../src/domain/errors.js';
import type { Population } from '../src/domain/population.js';
import { FILE_ORIGIN, scenarioFromObject, type ScenarioInput } from '../src/domain/scenario.js';
import { CsvReader } from '../src/io/csv/reader.js';
import { cellText } from '../src/render/format.js';
import { cellOf, OUTPUT_COLUMNS } from '../src/report/settlement.js';
import type { YearSettlement } from '../src/engines/settlement.js';
import { simulate } from '../src/usecases/simulate.js';
import {
  centsText, expandRange, gridSize, MAX_SCENARIOS, parseVary, sweep, sweepAll,
  type Axis, type SweepYear,
} from '../src/usecases/sweep.js';
import { synthCsv } from '../src/usecases/synth/generate.js';
import { tempDir } from './tmp.js';

// ---------------------------------------------------------------------------------------------
// helpers

/** Synthetic CSV text; every `blankEvery`-th row loses its own benchmark_pbpm (so the scenario's rates count). */
function synthText(beneficiaries: number, years: number[], seed: number, blankEvery = 0): string {
  const text = [...synthCsv({ beneficiaries, years, seed })].join('');
  if (!blankEvery) return text;
  return text
    .split('\n')
    // benchmark_pbpm is the column before the last (synth writes heba last)
    .map((l, i) => (i > 0 && l && i % blankEvery === 0 ? l.replace(/,[^,]*(,[^,]*)$/, ',$1') : l))
    .join('\n');
}

function populationOf(text: string, attachments?: number[]): Population {
  const r = new CsvReader({ source: 'synth.csv', maxErrors: 10, ...(attachments ? { attachments } : {}) });
  r.feed(Buffer.from(text, 'utf8'));
  const res = r.end();
  expect(res.errors).toEqual([]);
  return res.population!;
}

const scenario = (o: Record<string, unknown>): ScenarioInput => scenarioFromObject(o, FILE_ORIGIN('test.json'));

/** The output-contract cells of a PY, as `dcsim run -O csv` writes them. */
function runCells(y: YearSettlement): string[] {
  return OUTPUT_COLUMNS.map((c) => cellText(cellOf(c, y)));
}

function sweepCells(y: SweepYear): string[] {
  return OUTPUT_COLUMNS.map((c) => {
    const v = y[c.key as keyof SweepYear] as bigint | number | string;
    return typeof v === 'bigint' ? centsText(v) : String(v);
  });
}

const dcsim = (args: string[]) => dcsimInProcess(args);

const TMP = tempDir('dcsim-sweep-');
const SMALL_CSV = join(TMP, 'small.csv');
writeFileSync(SMALL_CSV, synthText(40, [2021, 2022, 2023, 2024, 2025], 11));

// ---------------------------------------------------------------------------------------------

describe('ranges (--vary KEY=start:stop:step)', () => {
  it('0.0005:0.05:0.0005 is 100 values, each exactly start + i x step', () => {
    const v = expandRange('0.0005:0.05:0.0005');
    expect(v).toHaveLength(100);
    v.forEach((t, i) => expect(t).toBe(new Dec('0.0005').plus(new Dec('0.0005').times(i)).toFixed()));
    expect(v.slice(0, 3)).toEqual(['0.0005', '0.001', '0.0015']);
    expect(v.at(-1)).toBe('0.05');
    // 0.0005 x 3 in binary floating point is 0.0015000000000000000312...; here it is 0.0015.
    expect(v).toContain('0.0015');
  });

  it('0.01:1:0.01 is 100 values ending at 1; the stop is inclusive when a step lands on it', () => {
    const v = expandRange('0.01:1:0.01');
    expect(v).toHaveLength(100);
    expect([v[0], v[36], v[99]]).toEqual(['0.01', '0.37', '1']);
    expect(expandRange('0:1:0.25')).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    expect(expandRange('0:1:0.3')).toEqual(['0', '0.3', '0.6', '0.9']);
    expect(expandRange('0.1:0.1:0.5')).toEqual(['0.1']);
    expect(expandRange('2021:2023:1')).toEqual(['2021', '2022', '2023']);
  });

  it('exactness: any range over decimals equals Dec arithmetic value by value', () => {
    const dec = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 6 })).map(([n, k]) => new Dec(n).div(10 ** k));
    fc.assert(
      fc.property(dec, dec, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 6 }), (a, span, stepN, stepK) => {
        const step = new Dec(stepN).div(10 ** stepK);
        const stop = a.plus(span);
        const n = span.div(step).floor().toNumber() + 1;
        fc.pre(n <= 2000);
        const v = expandRange(`${a.toFixed()}:${stop.toFixed()}:${step.toFixed()}`);
        expect(v).toHaveLength(n);
        v.forEach((t, i) => expect(t).toBe(a.plus(step.times(i)).toFixed()));
        expect(new Dec(v.at(-1)!).lte(stop)).toBe(true);
        expect(new Dec(v.at(-1)!).plus(step).gt(stop)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['0.1:1:0', /step of 0.1:1:0 must be above 0/],
    ['0.1:1:-0.1', /must be above 0/],
    ['1:0.1:0.1', /starts above its stop/],
    ['a:1:0.1', /"a" in the range a:1:0.1 is not a number/],
    ['0.1:1:x', /"x" .* is not a number/],
    ['1e-3:1:0.1', /"1e-3" .* is not a number/],
    ['0:1', /is not a range/],
    ['0:1:0.1:2', /is not a range/],
    ['0:1:0.0000001', /10000001 values; a sweep runs at most 1,000,000 scenarios/],
  ])('%s is a usage error (exit 2)', (range, message) => {
    let err: unknown;
    try {
      expandRange(range);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DcsimError);
    expect((err as DcsimError).exitCode).toBe(2);
    expect((err as DcsimError).message).toMatch(message);
  });

  it('values outside the key\'s range, ranges on non-numeric keys and unknown keys are usage errors', () => {
    const usage = (spec: string) => {
      try {
        parseVary(spec);
      } catch (e) {
        expect(e).toBeInstanceOf(DcsimError);
        expect((e as DcsimError).exitCode).toBe(2);
        return (e as DcsimError).message;
      }
      throw new Error(`${spec} was accepted`);
    };
    expect(usage('quality_score=0:2:0.5')).toMatch(/--vary quality_score: 1.5 is out of range \[0, 1\]/);
    expect(usage('discount_rate=0.5:1:0.5')).toMatch(/1 is out of range \[0, 1\)/);
    expect(usage('track=1:2:1')).toMatch(/a range needs a numeric key/);
    expect(usage('track=global,gobal')).toMatch(/expected one of professional, global/);
    expect(usage('discount_rat=0.1')).toMatch(/unknown scenario key/);
    expect(usage('name=a,b')).toMatch(/is a label/);
    expect(usage('benchmark_pbpm=1000')).toMatch(/one entitlement's rate/);
    expect(usage('discount_rate.20x3=0.1')).toMatch(/not a performance year/);
    expect(usage('discount_rate=0.1,,0.2')).toMatch(/an empty value/);
    expect(usage('discount_rate')).toMatch(/expected KEY=v1,v2/);
    expect(usage('stop_loss_share=0.8,0.9')).toMatch(/is a list of values and cannot be varied/);
  });

  it('a list keeps its order and canonical text; kebab-case keys are accepted', () => {
    const a = parseVary('discount-rate=0.030,0.01,1e-3');
    expect(a.column).toBe('discount_rate');
    expect(a.values.map((v) => v.text)).toEqual(['0.03', '0.01', '0.001']);
    expect(parseVary('withhold_phase_in=yes,0').values.map((v) => v.json)).toEqual([true, false]);
    expect(parseVary('first_performance_year=2021:2022:1').values.map((v) => v.json)).toEqual([2021, 2022]);
  });

  it('more than 1,000,000 scenarios in total is a usage error', () => {
    const a = parseVary('discount_rate=0:0.999:0.001');
    const b = parseVary('quality_score=0:1:0.001');
    expect(gridSize([a, b])).toBe(1000 * 1001);
    expect(gridSize([a, b]) > MAX_SCENARIOS).toBe(true);
    const pop = populationOf(synthText(3, [2023], 1));
    expect(() => sweep(pop, {}, [a, b]).next()).toThrow(/1,001,000 scenarios; at most 1,000,000/);
  });
});

describe('sweep rows equal simulate() of the same scenario', () => {
  const YEARS = [2021, 2022, 2023, 2024, 2025];
  // Three populations: rows with their own rates; rows of which every third uses the scenario's;
  // rows read with stop-loss attachment points ($20,000 and $60,000).
  const POPS = [populationOf(synthText(30, YEARS, 3)), populationOf(synthText(30, YEARS, 5, 3)), populationOf(synthText(40, YEARS, 9), [2_000_000, 6_000_000])];
  const RATES = { benchmark_pbpm: { aged_disabled: '1010.55', esrd: { 2021: '7800', 2022: '7900.10', 2023: '8000', 2024: '8100', 2025: '8205.25' } } };
  const BASES = [{}, RATES, { stop_loss_attachment: [20000, 60000], stop_loss_share: [0.8, 0.95], stop_loss_pbpm: '3.25' }];

  // Decimals with up to 8 places: plenty of half-cent ties and long products.
  const share = (max: number) => fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 8 })).map(([n, k]) => new Dec(n).div(new Dec(10).pow(k)).toFixed());
  const under1 = fc.integer({ min: 0, max: 99_999_999 }).chain((n) => fc.integer({ min: 0, max: 8 }).map((k) => new Dec(n).div(new Dec(10).pow(8)).toDecimalPlaces(k, Dec.ROUND_DOWN).toFixed()));
  const positive = share(3_000_000).filter((s) => new Dec(s).gt(0) && new Dec(s).lte(3));
  const list = (arb: fc.Arbitrary<string>) => fc.uniqueArray(arb, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(','));
  const axes: Record<string, fc.Arbitrary<string>> = {
    track: fc.subarray(['professional', 'global'], { minLength: 1 }).map((x) => x.join(',')),
    capitation: fc.subarray(['pcc', 'tcc'], { minLength: 1 }).map((x) => x.join(',')),
    rules: fc.subarray(['dc', 'reach'], { minLength: 1 }).map((x) => x.join(',')),
    attribution: fc.subarray(['standard', 'mltss-first'], { minLength: 1 }).map((x) => x.join(',')),
    withhold_base: fc.subarray(['benchmark', 'discounted'], { minLength: 1 }).map((x) => x.join(',')),
    corridor_base: fc.subarray(['performance_benchmark', 'benchmark'], { minLength: 1 }).map((x) => x.join(',')),
    withhold_phase_in: fc.subarray(['true', 'false'], { minLength: 1 }).map((x) => x.join(',')),
    discount_rate: list(under1),
    'discount_rate.2023': list(under1),
    withhold_rate: list(under1),
    quality_score: list(fc.oneof(under1, fc.constant('1'))),
    sequestration_rate: list(under1),
    pcc_rate: list(under1),
    tcc_rate: list(under1),
    pcc_fee_reduction: list(under1),
    tcc_fee_reduction: list(under1),
    rta: list(positive),
    'benchmark_pbpm.aged_disabled': list(positive.map((s) => new Dec(s).times(400).toDecimalPlaces(2).plus('0.01').toFixed())),
    dce_type: fc.subarray(['standard', 'new_entrant', 'high_needs'], { minLength: 1 }).map((x) => x.join(',')),
    mco_based: fc.subarray(['true', 'false'], { minLength: 1 }).map((x) => x.join(',')),
    cost_shift_threshold: list(under1),
    stop_loss_pbpm: list(share(5000)),
    // Issue 10's keys: every one can be varied.
    retention_withhold_rate: list(under1),
    heba_up_pbpm: list(share(5000)),
    heba_down_pbpm: list(share(5000)),
    rta_guardrail: fc.subarray(['true', 'false'], { minLength: 1 }).map((x) => x.join(',')),
    'normalization_factor.aged_disabled': list(positive),
    'coding_intensity_factor.esrd': list(positive),
    risk_score_cap: list(under1),
    'reference_risk_score.aged_disabled': list(positive),
    risk_reference_year: fc.subarray(['2021', '2023', '2026'], { minLength: 1 }).map((x) => x.join(',')),
  };
  const grid = fc
    .uniqueArray(fc.constantFrom(...Object.keys(axes)), { minLength: 1, maxLength: 3 })
    .filter((keys) => !(keys.includes('discount_rate') && keys.includes('discount_rate.2023')))
    .chain((keys) => fc.tuple(...keys.map((k) => axes[k]!.map((v) => `${k}=${v}`))));

  it('property: random small grids, every PY of every scenario, every column (and the same errors)', () => {
    fc.assert(
      fc.property(grid, fc.constantFrom(0, 1, 2), fc.boolean(), (specs, popIndex, withRange) => {
        const pop = POPS[popIndex]!;
        const g: Axis[] = specs.map(parseVary);
        if (withRange && !specs.some((x) => x.startsWith('rta='))) g.push(parseVary('rta.2024=0.95:1.05:0.05'));
        const base = scenario(BASES[popIndex]!);
        let n = 0;
        for (const r of sweep(pop, base, g)) {
          n++;
          let expected: ReturnType<typeof simulate> | DcsimError;
          try {
            expected = simulate(pop, r.scenario.input);
          } catch (e) {
            if (!(e instanceof DcsimError)) throw e;
            expected = e;
          }
          if (expected instanceof DcsimError) {
            expect(r.ok).toBe(false);
            if (!r.ok) expect(r.error.diagnostics).toEqual(expected.diagnostics);
            continue;
          }
          expect(r.ok).toBe(true);
          if (!r.ok) continue;
          expect(r.years.map(sweepCells)).toEqual(expected.years.map(runCells));
          expect(r.years.map((y) => y.aligned_by)).toEqual(expected.years.map((y) => y.alignedBy));
          expect(r.years.map((y) => [centsText(y.stop_loss_payout), centsText(y.stop_loss_charge)])).toEqual(expected.years.map((y) => [formatCents(y.stopLossPayout), formatCents(y.stopLossCharge)]));
          expect(r.notes).toEqual(expected.notes);
        }
        expect(n).toBe(gridSize(g));
      }),
      { numRuns: Number(process.env.DCSIM_PROPERTY_RUNS ?? 150) },
    );
  });

  it('the scenario order is the grid product, the last axis fastest, ids from 1', () => {
    const g = [parseVary('discount_rate=0.01,0.02'), parseVary('quality_score=0.5,1'), parseVary('track=global,professional')];
    const rs = sweepAll(POPS[0]!, {}, g);
    expect(rs.map((r) => r.scenario.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rs.map((r) => r.scenario.values.map((v) => v.text).join(' '))).toEqual([
      '0.01 0.5 global', '0.01 0.5 professional', '0.01 1 global', '0.01 1 professional',
      '0.02 0.5 global', '0.02 0.5 professional', '0.02 1 global', '0.02 1 professional',
    ]);
  });

  it('a list runs each entry (over the base) times the grid', () => {
    const list = [scenario({ name: 'dc', rules: 'dc' }), scenario({ name: 'reach', rules: 'reach', quality_score: '0.8' })];
    const rs = sweepAll(POPS[0]!, scenario({ track: 'global', quality_score: '0.5' }), [parseVary('discount_rate=0.01,0.02')], list);
    expect(rs.map((r) => `${r.scenario.id} ${r.scenario.name} ${r.scenario.values[0]!.text}`)).toEqual(['1 dc 0.01', '2 dc 0.02', '3 reach 0.01', '4 reach 0.02']);
    for (const r of rs) {
      if (!r.ok) throw new Error('failed');
      const sim = simulate(POPS[0]!, { ...scenario({ track: 'global', quality_score: '0.5' }), ...list[r.scenario.id <= 2 ? 0 : 1]!, discount_rate: { all: ratio(r.scenario.values[0]!.text), byYear: new Map() } });
      expect(r.years.map(sweepCells)).toEqual(sim.years.map(runCells));
    }
    const q = (r: (typeof rs)[number] | undefined) => (r?.ok ? r.years[0]!.quality_score : undefined);
    expect(q(rs[0])).toBe('0.5');
    expect(q(rs[2])).toBe('0.8');
  });

  it('rates of more than 40 significant digits (beyond decimal.js precision) settle exactly, as simulate() does', () => {
    const long = '0.0123456789012345678901234567890123457';
    const rs = sweepAll(POPS[0]!, scenario({ quality_score: '0.999999999999999999999999999999999999' }), [parseVary(`discount_rate=${long},0.02`), parseVary('rta=1.00000000000000000000000000000000001,1')]);
    for (const r of rs) {
      if (!r.ok) throw new Error('failed');
      expect(r.years.map(sweepCells)).toEqual(simulate(POPS[0]!, r.scenario.input).years.map(runCells));
    }
  });

  it('an invalid scenario is a result with its error; the others are settled', () => {
    const rs = sweepAll(POPS[0]!, {}, [parseVary('track=professional,global'), parseVary('capitation=pcc,tcc')]);
    expect(rs.map((r) => r.ok)).toEqual([true, false, true, true]);
    const bad = rs[1]!;
    if (bad.ok) throw new Error('expected a failure');
    expect(bad.error.message).toMatch(/tcc is not available on the professional track/);
  });
});

/** The savings rate as every output writes it: S / base, rounded half-even, exactly, at the 10th place. */
const savingsRateText = (s: bigint, b: bigint): string => formatRatio({ n: s, d: b }, 10);

describe('savings rate text: S / base rounded half-even at the 10th place, as decimal.js does', () => {
  const reference = (s: bigint, b: bigint) => {
    const x = new Dec(`${s}e-2`).div(new Dec(`${b}e-2`)).toDecimalPlaces(10);
    return x.isZero() ? '0' : x.toFixed();
  };
  it('property: equals Dec for random amounts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), fc.bigInt({ min: 1n, max: 10n ** 16n }), fc.boolean(), (s, b, neg) => {
        const base = neg ? -b : b;
        expect(savingsRateText(s, base)).toBe(reference(s, base));
      }),
      { numRuns: 3000 },
    );
  });
  it('ties at the 10th place and quotients that 40 digits round onto a tie', () => {
    // 1/32 = 0.03125: exact; 1/2^11 = 0.00048828125 -> tie at the 10th place, half-even
    for (const [s, b] of [[1n, 32n], [1n, 2048n], [3n, 2048n], [5n, 2n ** 20n], [-1n, 2048n], [10n ** 30n + 1n, 3n * 10n ** 30n], [2n, 3n], [0n, 7n], [123456789n, 1n]] as const) {
      expect(savingsRateText(s, b)).toBe(reference(s, b));
    }
  });
});

describe('dcsim sweep (command)', () => {
  it('every CSV row equals dcsim run -O csv of the same scenario, after the id and varied columns', async () => {
    const s = await dcsim(['sweep', SMALL_CSV, '--rules', 'reach', '--vary', 'discount_rate=0.01:0.03:0.01', '--vary', 'quality_score=0.37,1', '--vary', 'track=global', '-O', 'csv']);
    expect(s.code).toBe(0);
    expect(s.stderr).toBe('');
    const lines = s.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(['scenario_id', 'discount_rate', 'quality_score', 'track', ...OUTPUT_COLUMNS.map((c) => c.key)].join(','));
    expect(lines).toHaveLength(1 + 6 * 5);
    for (const d of ['0.01', '0.02', '0.03']) {
      for (const q of ['0.37', '1']) {
        const run = await dcsim(['run', SMALL_CSV, '--rules', 'reach', '--track', 'global', '--discount-rate', d, '--quality-score', q, '-O', 'csv']);
        expect(run.code).toBe(0);
        const expected = run.stdout.trimEnd().split('\n').slice(1);
        const got = lines.filter((l) => l.split(',').slice(1, 4).join(',') === `${d},${q},global`).map((l) => l.split(',').slice(4).join(','));
        expect(got).toEqual(expected);
      }
    }
  });

  it('JSON rows carry the run year fields (the CSV contract and aligned_by); the varied values nest under "vary"', async () => {
    const s = await dcsim(['sweep', SMALL_CSV, '--vary', 'discount_rate=0.0125', '--vary', 'quality_score=0.37', '-O', 'json']);
    expect(s.code).toBe(0);
    const j = JSON.parse(s.stdout);
    const run = JSON.parse((await dcsim(['run', SMALL_CSV, '--discount-rate', '0.0125', '--quality-score', '0.37', '-O', 'json'])).stdout);
    expect(j.varied).toEqual(['discount_rate', 'quality_score']);
    expect(j.rows).toHaveLength(5);
    j.rows.forEach((row: Record<string, unknown>, i: number) => {
      const { scenario_id, vary, ...year } = row;
      expect(scenario_id).toBe(1);
      expect(vary).toEqual({ discount_rate: '0.0125', quality_score: '0.37' });
      const keys = [...OUTPUT_COLUMNS.map((c) => c.key), 'aligned_by'];
      expect(Object.keys(year)).toEqual(keys);
      expect(year).toEqual(Object.fromEntries(keys.map((k) => [k, run.years[i][k]])));
    });
    expect(j.failed).toEqual([]);
  });

  it('invalid scenarios go to stderr with their id; the others are written; exit 1', async () => {
    const s = await dcsim(['sweep', SMALL_CSV, '--vary', 'track=professional,global', '--capitation', 'tcc', '--tcc-rate', '0.4', '-O', 'csv']);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/^dcsim: error: scenario 1 \(track=professional\): scenario "capitation": tcc is not available on the professional track/);
    expect(s.stderr).toMatch(/1 of 2 scenario\(s\) could not be settled/);
    const rows = s.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.startsWith('2,global,'))).toBe(true);
  });

  it('when every scenario fails nothing is written', async () => {
    const s = await dcsim(['sweep', SMALL_CSV, '--vary', 'track=professional', '--capitation', 'tcc', '-O', 'csv']);
    expect(s.code).toBe(1);
    expect(s.stdout).toBe('');
    expect(s.stderr).toMatch(/nothing was written/);
  });

  it('bad ranges and grids are usage errors (exit 2) before the data is read', async () => {
    for (const args of [
      ['--vary', 'discount_rate=0.1:1:0'],
      ['--vary', 'discount_rate=0.1:0.01:0.01'],
      ['--vary', 'discount_rate=a:b:c'],
      ['--vary', 'discount_rate=0:0.999:0.001', '--vary', 'quality_score=0:1:0.001'],
      ['--vary', 'discount_rate=0.1', '--vary', 'discount_rate=0.2'],
    ]) {
      const s = await dcsim(['sweep', join(TMP, 'does-not-exist.csv'), ...args, '-O', 'csv']);
      expect(s.code).toBe(2);
      expect(s.stdout).toBe('');
      expect(s.stderr).toMatch(/^dcsim: error: /);
      expect(s.stderr).not.toMatch(/no such file/);
    }
  });

  it('--scenarios: named rows (text neutralised and quoted), list x grid, a bad list is exit 1', async () => {
    const list = join(TMP, 'list.json');
    writeFileSync(list, JSON.stringify([{ name: '=base, dc' }, { name: 'reach', rules: 'reach' }]));
    const s = await dcsim(['sweep', SMALL_CSV, '--scenarios', list, '--vary', 'quality_score=0.5,1', '-O', 'csv']);
    expect(s.code).toBe(0);
    const lines = s.stdout.trimEnd().split('\n');
    expect(lines[0]!.startsWith('scenario_id,scenario_name,quality_score,performance_year,')).toBe(true);
    expect(lines).toHaveLength(1 + 4 * 5);
    expect(lines[1]!.startsWith(`1,"'=base, dc",0.5,2021,`)).toBe(true);
    expect(lines[16]!.startsWith('4,reach,1,2021,')).toBe(true);
    writeFileSync(list, JSON.stringify([{ name: 'x', discount_rat: 0.1 }]));
    const bad = await dcsim(['sweep', SMALL_CSV, '--scenarios', list, '-O', 'csv']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/list.json: scenario 1: "discount_rat": unknown scenario key/);
    expect(bad.stdout).toBe('');
  });

  it('the table is a per-scenario summary, capped with a note', async () => {
    const s = await dcsim(['sweep', SMALL_CSV, '--vary', 'discount_rate=0.001:0.06:0.001', '-O', 'table']);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/dcsim sweep: 60 scenario\(s\) x 5 PY\(s\)/);
    expect(s.stdout).toMatch(/showing the first 50 of 60 scenarios/);
    expect(s.stdout).toMatch(/the highest total settlement is scenario 1 \(discount_rate=0.001\)/);
    expect(s.stdout.split('\n').filter((l) => /^│ +\d+ │/.test(l))).toHaveLength(50);
  });
});

describe('savings rate text (formatRatio)', () => {
  it('matches decimal.js (10 places, half-even) on random and near-half quotients', async () => {
    const { Dec, decRate } = await import('./decimal-oracle.js');
    const ref = (s: bigint, b: bigint) => decRate(new Dec(s.toString()).div(new Dec(b.toString())).toDecimalPlaces(10));
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.boolean(), (s, b, neg) => {
        const base = neg ? -b : b;
        expect(savingsRateText(s, base)).toBe(ref(s, base));
        // a quotient exactly on a half at the 11th place: s = base x (k + 0.5) / 10^10
        const half = (b * 2n * 123456789n + b) ; // numerator over 2 x 10^10
        if (half % 2n === 0n) {
          const s2 = half / 2n;
          expect(savingsRateText(s2 * 1n, b * 10n ** 10n)).toBe(ref(s2, b * 10n ** 10n));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('savingsRateText on exact halves (the long way)', () => {
  it('rounds half to even at the 10th place', async () => {
    // 5 / 10^11 = 0.00000000005: half, even neighbour 0 -> "0"
    expect(savingsRateText(5n, 10n ** 11n)).toBe('0');
    // 15 / 10^11 = 0.00000000015: half, even neighbour 0.0000000002
    expect(savingsRateText(15n, 10n ** 11n)).toBe('0.0000000002');
    // -25 / 10^11: half, even neighbour -0.0000000002
    expect(savingsRateText(-25n, 10n ** 11n)).toBe('-0.0000000002');
  });
});

describe('formatCents (was centsText)', () => {
  it('writes cents as decimal.js (the oracle) does, small and huge, never -0.00', async () => {
    const { formatCents: centsText } = await import('../src/domain/exact.js');
    const { decMoney: formatMoney, decOfCents: fromCents } = await import('./decimal-oracle.js');
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n })), (c) => {
        expect(centsText(c)).toBe(formatMoney(fromCents(c)));
      }),
      { numRuns: 3000 },
    );
  });
});
