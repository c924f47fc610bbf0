// The lag triangle and chain-ladder completion (usecases/cclf/lag.ts), its report model and CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './tmp.js';
import { writeLagReport } from '../src/cli/lag-report.js';
import { renderToMemory } from '../src/render/registry.js';
import { lagReport } from '../src/report/lag.js';
import { completion, LagTriangle, monthsBetween } from '../src/usecases/cclf/lag.js';
import { synthCsv } from '../src/usecases/synth/generate.js';
import { referenceRead } from './cclf-reference.js';

const TMP = tempDir('dcsim-lag-'); // removed when this file ends (test/setup.ts)

/**
 * PY2024 read at the end of March 2024 (cents; lag = months from incurred month to load month):
 *
 *   incurred   lag 0    lag 1   lag 2   cumulative at its age
 *   Jan        10000    5000    1000    16000 (age 2)
 *   Feb        20000    8000            28000 (age 1)
 *   Mar        30000                    30000 (age 0)
 *
 * f0 = (15000 + 28000) / (10000 + 20000) = 43000 / 30000 = 43/30 (Jan and Feb are observed to age 1)
 * f1 = 16000 / 15000 = 16/15 (only Jan is observed to age 2); K = 2, no tail.
 * to ultimate: age 2: 1; age 1: 16/15; age 0: 43/30 × 16/15 = 344/225.
 * ultimate: Jan 16000; Feb 28000 × 16/15 = 89600/3; Mar 30000 × 344/225 = 137600/3;
 *   sum = 16000 + 227200/3 = 275200/3 cents (917.33 to the cent, 91733.33… rounded half-even).
 * completion factor = (275200/3) / 74000 = 688/555 = 1.2396396396…
 */
function handTriangle(): LagTriangle {
  const t = new LagTriangle();
  t.add(2024, 1, 0, 10000n);
  t.add(2024, 1, 1, 5000n);
  t.add(2024, 1, 2, 1000n);
  t.add(2024, 2, 0, 20000n);
  t.add(2024, 2, 1, 5000n);
  t.add(2024, 2, 1, 3000n); // cells accumulate: Feb lag 1 = 8000
  t.add(2024, 3, 0, 30000n);
  return t;
}

describe('lag triangle and chain ladder', () => {
  it('monthsBetween counts calendar months', () => {
    expect(monthsBetween({ year: 2023, month: 12 }, { year: 2024, month: 1 })).toBe(1);
    expect(monthsBetween({ year: 2024, month: 3 }, { year: 2024, month: 3 })).toBe(0);
    expect(monthsBetween({ year: 2024, month: 3 }, { year: 2023, month: 3 })).toBe(-12);
  });

  it('a 3×3 triangle: factors, to-ultimate and the PY completion factor, exact (worked above)', () => {
    const c = completion(handTriangle(), { year: 2024, month: 3 });
    expect(c.lastAge).toBe(2);
    const y = c.years[0]!;
    expect(y.py).toBe(2024);
    expect(y.factors.map((f) => [f.age, `${f.factor.n}/${f.factor.d}`, f.numerator, f.denominator, f.source])).toEqual([
      [0, '43/30', 43000n, 30000n, 'this_py'],
      [1, '16/15', 16000n, 15000n, 'this_py'],
    ]);
    expect(y.factors[0]!.origins).toEqual([[2024, 1], [2024, 2]]);
    expect(y.factors[1]!.origins).toEqual([[2024, 1]]);
    expect(y.origins.map((o) => [o.month, o.age, o.observed, `${o.toUltimate.n}/${o.toUltimate.d}`])).toEqual([
      [1, 2, 16000n, '1/1'],
      [2, 1, 28000n, '16/15'],
      [3, 0, 30000n, '344/225'],
    ]);
    expect(y.observed).toBe(74000n);
    expect(y.ultimate).toEqual({ n: 275200n, d: 3n });
    expect(y.factor).toEqual({ n: 688n, d: 555n });
    expect(y.agesUsed).toEqual([0, 1]);
  });

  it('an age the PY cannot show yet comes from earlier PYs; with none, the factor is 1', () => {
    // PY2023 Jan paid 10000 at lag 0 and 10000 at lag 1, nothing else. Read in January 2024:
    // PY2024 Jan (6000 at lag 0) is at age 0, so f0 for PY2024 comes from PY2023's origins, all
    // at ages ≥ 1: (20000 + 0 …) / (10000 + 0 …) = 2; PY2024's factor is 2 (ultimate 12000).
    const t = new LagTriangle();
    t.add(2023, 1, 0, 10000n);
    t.add(2023, 1, 1, 10000n);
    t.add(2024, 1, 0, 6000n);
    const c = completion(t, { year: 2024, month: 1 });
    const [y23, y24] = c.years;
    expect(y23!.factors[0]).toMatchObject({ factor: { n: 2n, d: 1n }, source: 'this_py' });
    expect(y23!.factor).toEqual({ n: 1n, d: 1n }); // every 2023 month is at age ≥ K = 1
    expect(y24!.factors[0]).toMatchObject({ factor: { n: 2n, d: 1n }, numerator: 20000n, denominator: 10000n, source: 'earlier_pys' });
    expect(y24!.factors[0]!.origins).toHaveLength(12);
    expect(y24!.ultimate).toEqual({ n: 12000n, d: 1n });
    expect(y24!.factor).toEqual({ n: 2n, d: 1n });
    expect(y24!.agesUsed).toEqual([]);
    // alone, and with a cell past the as-of month (ignored: a reader filtering by --as-of has none)
    const solo = new LagTriangle();
    solo.add(2024, 1, 0, 100n);
    solo.add(2024, 1, 1, 50n);
    const s = completion(solo, { year: 2024, month: 1 }).years[0]!;
    expect(s.factors[0]).toMatchObject({ factor: { n: 1n, d: 1n }, source: 'none', numerator: 0n, denominator: 0n });
    expect(s.observed).toBe(100n);
    expect(s.factor).toEqual({ n: 1n, d: 1n });
  });

  it('refuses cells outside the triangle', () => {
    const t = new LagTriangle();
    expect(() => t.add(2024, 0, 0, 1n)).toThrow(/1\.\.12/);
    expect(() => t.add(2024, 13, 0, 1n)).toThrow(/1\.\.12/);
    expect(() => t.add(2024, 1, -1, 1n)).toThrow(/≥ 0/);
    expect(() => t.add(2024, 1, 0.5, 1n)).toThrow(/whole/);
  });

  it('renders the report as one tidy CSV (the worked triangle), and writeLagReport writes it', async () => {
    const tri = handTriangle();
    const model = lagReport(tri, completion(tri, { year: 2024, month: 3 }));
    const text = Buffer.concat(await renderToMemory('lag', model, 'csv')).toString('utf8');
    expect(text).toBe([
      'record,as_of,performance_year,incurred_month,months,paid,cumulative_paid,factor,numerator,denominator,origins,source',
      'triangle,2024-03,2024,1,0,100.00,100.00,,,,,',
      'triangle,2024-03,2024,1,1,50.00,150.00,,,,,',
      'triangle,2024-03,2024,1,2,10.00,160.00,,,,,',
      'triangle,2024-03,2024,2,0,200.00,200.00,,,,,',
      'triangle,2024-03,2024,2,1,80.00,280.00,,,,,',
      'triangle,2024-03,2024,3,0,300.00,300.00,,,,,',
      'age_to_age,2024-03,2024,,0,,,1.4333333333,430.00,300.00,2,this_py',
      'age_to_age,2024-03,2024,,1,,,1.0666666667,160.00,150.00,1,this_py',
      'to_ultimate,2024-03,2024,,0,,,1.5288888889,,,,',
      'to_ultimate,2024-03,2024,,1,,,1.0666666667,,,,',
      'to_ultimate,2024-03,2024,,2,,,1,,,,',
      // ultimate 275200/3 cents = 91733.33… → 917.33; factor 688/555
      'completion,2024-03,2024,,,740.00,917.33,1.2396396396,,,,0 1',
      '',
    ].join('\n'));
    const path = join(TMP, 'lag.csv');
    await writeLagReport(path, tri, { year: 2024, month: 3 });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('on fixtures/sample-cclf (read by the reference reader): the cells add up to the expenditure, and the chain ladder moves an early estimate toward it', () => {
    const dir = 'fixtures/sample-cclf';
    const fill = (asOf: string): LagTriangle => {
      const t = new LagTriangle();
      const [y, m] = [Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7))];
      referenceRead(`${dir}/cclf`, `${dir}/participants.csv`, `${dir}/alignment.csv`, `${dir}/primary_care_codes.txt`, asOf, (day, load, cents) => {
        const inc = { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
        const lag = monthsBetween(inc, { year: Number(load!.slice(0, 4)), month: Number(load!.slice(5, 7)) });
        expect(monthsBetween(inc, { year: y, month: m })).toBeGreaterThanOrEqual(lag);
        t.add(inc.year, inc.month, lag, cents);
      });
      return t;
    };
    // the CSV's expenditure per PY, in cents
    const truth = new Map<number, bigint>();
    for (const line of [...synthCsv({ beneficiaries: 80, years: [2021, 2022, 2023, 2024, 2025], seed: 2021 })].join('').trim().split('\n').slice(1)) {
      const c = line.split(',');
      truth.set(Number(c[1]), (truth.get(Number(c[1])) ?? 0n) + BigInt(c[2]!.replace('.', '')));
    }
    const full = fill('2026-10-20');
    for (const [py, cents] of truth) {
      let sum = 0n;
      for (let m = 1; m <= 12; m++) for (let lag = 0; lag <= full.maxLag(); lag++) sum += full.paid(py, m, lag);
      expect(sum).toBe(cents);
    }
    // PY2024 read at the end of March 2025: some claims are still to be loaded; the completed estimate
    // is larger than what was observed and closer to the final expenditure
    const early = completion(fill('2025-03-31'), { year: 2025, month: 3 }).years.find((y) => y.py === 2024)!;
    const want = truth.get(2024)!;
    expect(early.observed).toBeLessThan(want);
    expect(early.factor.n).toBeGreaterThan(early.factor.d);
    const estimate = early.ultimate.n / early.ultimate.d;
    const gap = (x: bigint): bigint => (x > want ? x - want : want - x);
    expect(gap(estimate)).toBeLessThan(gap(early.observed));
  });
});
