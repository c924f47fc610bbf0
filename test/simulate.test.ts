// End to end through the API: a small population read by the fast path, settled by simulate().
// Every figure below is computed by hand from test/fixtures/small.csv.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCents as formatMoney } from '../src/domain/exact.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { simulate } from '../src/usecases/simulate.js';
import { readFast } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const text = readFileSync(`${ROOT}test/fixtures/small.csv`, 'utf8');
const scenario = (extra: Record<string, unknown> = {}) =>
  scenarioFromObject({ ...JSON.parse(readFileSync(`${ROOT}test/fixtures/small-scenario.json`, 'utf8')), ...extra }, FILE_ORIGIN('s.json'));
const pop = () => readFast(text).population!;
const m = formatMoney;

describe('simulate on test/fixtures/small.csv (reach, global, PCC)', () => {
  it('settles PY2023 line by line', () => {
    const y = simulate(pop(), scenario()).years[0]!;
    // Aligned: B1 claims, B2 voluntary, B3 claims (ESRD), B5 claims (MLTSS ignored under standard);
    // B4 is neither -> excluded. Member months 12 + 6 + 12 + 12 = 42.
    expect([y.alignedBeneficiaries, y.excludedBeneficiaries, y.memberMonths]).toEqual([4, 1, 42]);
    expect(y.alignedBy).toEqual({ mltss: 0, voluntary: 1, claims: 3 });
    // B = 1000x1.0x12 + 1000x1.5x6 + 8000x1.1x12 + 900(own)x0.9x12 = 12000 + 9000 + 105600 + 9720 = 136320
    expect(m(y.benchmark)).toBe('136320.00');
    // reach 2023: D = 3% = 4089.60; W = 2% = 2726.40; Q = 1 x W; B* = 136320 - 4089.60 = 132230.40
    expect([m(y.discount), m(y.qualityWithhold), m(y.withholdEarned), m(y.performanceBenchmark)]).toEqual(['4089.60', '2726.40', '2726.40', '132230.40']);
    // PCC 7% x 136320 = 9542.40; fee reduction = 600 + 300 + 1000 + 0 = 1900
    // E = (10000 + 5000 + 80000 + 7000) - 1900 + 9542.40 = 109642.40
    expect([m(y.capitationPaid), m(y.feeReduction), m(y.expenditure)]).toEqual(['9542.40', '1900.00', '109642.40']);
    // S = 132230.40 - 109642.40 = 22588.00 (17.08% < 25%: all kept); seq 2% = 451.76
    expect([m(y.savings), m(y.sharedSavings), m(y.sequestration), m(y.settlement)]).toEqual(['22588.00', '22588.00', '451.76', '22136.24']);
    // gross = 136320 - 109642.40 = 26677.60; CMS net = 26677.60 - 22136.24 = 4541.36
    expect([m(y.grossSavings), m(y.cmsNetSavings)]).toEqual(['26677.60', '4541.36']);
  });

  it('settles PY2024, a loss reaching the second band', () => {
    const y = simulate(pop(), scenario()).years[1]!;
    // B = 1040x12 + 8200x1.1x12 = 12480 + 108240 = 120720; D = 3621.60; W = Q = 2414.40; B* = 117098.40
    // E = 140000 - 1600 + 8450.40 (7% of B) = 146850.40; S = -29752.00 (-25.41%)
    // band 0-25%: 0.25 x 117098.40 = 29274.60 x 100%; 25-35%: 477.40 x 50% = 238.70 -> -29513.30
    expect([m(y.benchmark), m(y.performanceBenchmark), m(y.expenditure), m(y.savings)]).toEqual(['120720.00', '117098.40', '146850.40', '-29752.00']);
    expect([m(y.sharedSavings), m(y.sequestration), m(y.settlement), m(y.cmsNetSavings)]).toEqual(['-29513.30', '0.00', '-29513.30', '3382.90']);
  });

  it('mltss-first aligns B5 by MLTSS enrollment; counts move, dollars do not', () => {
    const y = simulate(pop(), scenario({ attribution: 'mltss-first' })).years[0]!;
    expect(y.alignedBy).toEqual({ mltss: 1, voluntary: 1, claims: 2 });
    expect(m(y.settlement)).toBe('22136.24');
  });

  it('row order does not change any result', () => {
    const [head, ...rows] = text.trim().split('\n');
    const reversed = [head, ...rows.reverse()].join('\n');
    const a = simulate(pop(), scenario()).years.map((y) => m(y.settlement));
    const b = simulate(readFast(reversed).population!, scenario()).years.map((y) => m(y.settlement));
    expect(b).toEqual(a);
  });

  it('a missing scenario rate is an error naming benchmark_pbpm', () => {
    expect(() => simulate(pop(), scenarioFromObject({ rules: 'reach' }, FILE_ORIGIN('s.json')))).toThrow(/no benchmark rate for PY2023 aged_disabled/);
  });

  it('blends historical and regional rates: w x historical + (1 - w) x regional', () => {
    // 2023 aged_disabled: 0.6 x 1100 + 0.4 x 850 = 660 + 340 = 1000 -> the same as the direct rate
    const blend = scenarioFromObject({
      rules: 'reach',
      historical_pbpm: { aged_disabled: { 2023: '1100', 2024: '1040' }, esrd: '8000' },
      regional_pbpm: { aged_disabled: { 2023: '850', 2024: '1040' }, esrd: { 2023: '8000', 2024: '8400' } },
      historical_weight: { 2023: '0.6', 2024: '0.5' },
    }, FILE_ORIGIN('s.json'));
    const y = simulate(pop(), blend).years;
    expect(m(y[0]!.benchmark)).toBe('136320.00');
    // 2024 esrd: 0.5 x 8000 + 0.5 x 8400 = 8200 -> the same as the direct rate
    expect(m(y[1]!.benchmark)).toBe('120720.00');
  });
});
