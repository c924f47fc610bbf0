// src/domain/exact.ts: exact rationals, integer cents, the one rounding (half-even, METHODOLOGY
// section 5) and the texts of money and rates. Expected values worked by hand beside each case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from './decimal-oracle.js';
import {
  add, cmp, div, formatCents, formatRatio, mul, R0, R1, rateTimesCents, ratio, reduce, roundHalfEven, roundTo, sub, toCents,
} from '../src/domain/exact.js';

describe('ratio(): decimal text exactly', () => {
  it('reads plain, signed and exponent forms', () => {
    // 0.035 = 35/1000; -1.50 = -150/100; 2.5e-3 = 25/10^4; 12e2 = 1200
    expect(ratio('0.035')).toEqual({ n: 35n, d: 1000n });
    expect(ratio('-1.50')).toEqual({ n: -150n, d: 100n });
    expect(cmp(ratio('2.5e-3'), { n: 25n, d: 10000n })).toBe(0);
    expect(cmp(ratio('12e2'), ratio(1200))).toBe(0);
    expect(cmp(ratio(new Dec('0.1').toFixed()), ratio('0.1'))).toBe(0);
  });
  it('refuses what is not a number', () => {
    expect(() => ratio('abc')).toThrow(RangeError);
    expect(() => ratio('.')).toThrow(RangeError);
    expect(() => ratio(0.1)).toThrow(/safe integer/);
  });
});

describe('half-even rounding to the cent', () => {
  it('ties go to the even cent, up and down, positive and negative', () => {
    // 0.125 -> 0.12 (2 even); 0.135 -> 0.14 (4 even); 0.145 -> 0.14; -0.125 -> -0.12; -0.135 -> -0.14
    expect(toCents(ratio('0.125'))).toBe(12n);
    expect(toCents(ratio('0.135'))).toBe(14n);
    expect(toCents(ratio('0.145'))).toBe(14n);
    expect(toCents(ratio('-0.125'))).toBe(-12n);
    expect(toCents(ratio('-0.135'))).toBe(-14n);
    // not ties: 0.1251 -> 0.13; -0.1249 -> -0.12; 1/3 dollar -> 0.33; -2/3 -> -0.67
    expect(toCents(ratio('0.1251'))).toBe(13n);
    expect(toCents(ratio('-0.1249'))).toBe(-12n);
    expect(toCents({ n: 1n, d: 3n })).toBe(33n);
    expect(toCents({ n: -2n, d: 3n })).toBe(-67n);
  });
  it('rate x cents: 0.02 x 2,644.608 style products', () => {
    // 0.02 x 13,223,040 cents = 264,460.8 -> 264,461 (2,644.61); 0.5 x 1 cent = 0.5 -> 0 (even); 0.5 x 3 = 1.5 -> 2
    expect(rateTimesCents(ratio('0.02'), 13_223_040n)).toBe(264_461n);
    expect(rateTimesCents(ratio('0.5'), 1n)).toBe(0n);
    expect(rateTimesCents(ratio('0.5'), 3n)).toBe(2n);
    expect(rateTimesCents(ratio('0.5'), -3n)).toBe(-2n);
    expect(rateTimesCents(ratio('0.5'), -1n)).toBe(0n);
  });
  it('property: roundHalfEven agrees with decimal.js ROUND_HALF_EVEN', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
      const ref = new Dec(n.toString()).div(new Dec(d.toString())).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN);
      expect(roundHalfEven(n, d).toString()).toBe(ref.toFixed(0) === '-0' ? '0' : ref.toFixed(0));
    }), { numRuns: 2000 });
  });
  it('roundTo keeps a Ratio on 10^places', () => {
    // 2/3 to 4 places = 0.6667; -0.00005 to 4 places = -0.0000 (tie, 0 even) -> 0
    expect(formatRatio(roundTo({ n: 2n, d: 3n }, 4))).toBe('0.6667');
    expect(formatRatio(roundTo(ratio('-0.00005'), 4))).toBe('0');
  });
});

describe('texts', () => {
  it('formatCents: two decimals, negatives, never -0.00', () => {
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(-5n)).toBe('-0.05');
    expect(formatCents(-123_450n)).toBe('-1234.50');
    expect(formatCents(10n ** 20n)).toBe('1000000000000000000.00');
  });
  it('formatRatio: exact finite decimals without trailing zeros, else half-even at `places`', () => {
    expect(formatRatio(ratio('0.0500'))).toBe('0.05');
    expect(formatRatio(ratio('1'))).toBe('1');
    expect(formatRatio(R0)).toBe('0');
    expect(formatRatio(ratio('-0.25'))).toBe('-0.25');
    // 1/3 -> 0.3333333333; 2/3 -> 0.6666666667; -1/3 -> -0.3333333333
    expect(formatRatio({ n: 1n, d: 3n })).toBe('0.3333333333');
    expect(formatRatio({ n: 2n, d: 3n })).toBe('0.6666666667');
    expect(formatRatio({ n: -1n, d: 3n })).toBe('-0.3333333333');
    // 1/2048 = 0.00048828125 has 11 places: a tie at the 10th -> 0.0004882812 (2 even)
    expect(formatRatio({ n: 1n, d: 2048n })).toBe('0.0004882812');
    // 3/2048 = 0.00146484375 -> 0.0014648438 (7 odd, rounds up to 8)
    expect(formatRatio({ n: 3n, d: 2048n })).toBe('0.0014648438');
    // a negative denominator is normalised: 1 / -4 = -0.25
    expect(formatRatio({ n: 1n, d: -4n })).toBe('-0.25');
    // places: 1/8 = 0.125 shown to 2 places is a tie -> 0.12
    expect(formatRatio({ n: 1n, d: 8n }, 2)).toBe('0.12');
    // tiny negatives that round to zero print 0, never -0
    expect(formatRatio({ n: -1n, d: 10n ** 12n })).toBe('0');
  });
  it('arithmetic stays exact', () => {
    // 0.1 + 0.2 = 0.3; 0.3 - 0.1 = 0.2; 0.1 x 3 = 0.3; 1 / 3 x 3 = 1
    expect(cmp(add(ratio('0.1'), ratio('0.2')), ratio('0.3'))).toBe(0);
    expect(cmp(sub(ratio('0.3'), ratio('0.1')), ratio('0.2'))).toBe(0);
    expect(cmp(mul(ratio('0.1'), ratio(3)), ratio('0.3'))).toBe(0);
    expect(cmp(mul(div(R1, ratio(3)), ratio(3)), R1)).toBe(0);
    expect(reduce({ n: 6n, d: 8n })).toEqual({ n: 3n, d: 4n });
    expect(formatRatio({ n: 1n, d: 8n })).toBe('0.125');
    expect(() => div(ratio(1), R0)).toThrow(/division by zero/);
  });
});
