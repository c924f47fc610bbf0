// Risk corridors (METHODOLOGY section 5 step 8, section 6): the DCE keeps `share` of the part of
// |S| inside each band (edges are shares of the corridor base, in dollars, unrounded), like tax
// brackets; the sign of S is kept; the result is rounded to the cent, half-even. Every expected
// figure is computed by hand in the comment beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, decMoney as formatDec, decOf as ratioToDec, decOfCents as centsToDec } from './decimal-oracle.js';
import { formatCents, R0, R1, ratio, type Ratio } from '../src/domain/exact.js';
import { corridorOf, RULE_SETS, type Band } from '../src/domain/rules.js';
import { corridorLines, exactBands, settleYear, type YearSums } from '../src/engines/kernel.js';
import { TRACKS } from '../src/engines/registry.js';

const GLOBAL = corridorOf(TRACKS.global!, RULE_SETS.dc, 2023);
const PROFESSIONAL = corridorOf(TRACKS.professional!, RULE_SETS.dc, 2023);
const REACH_GLOBAL_2026 = corridorOf(TRACKS.global!, RULE_SETS.reach, 2026);

const formatMoney = (x: Dec | bigint | Ratio): string => (typeof x === 'bigint' ? formatCents(x) : x instanceof Dec ? formatDec(x) : formatDec(ratioToDec(x)));

/** The kernel's corridor on Dec dollars (S with at most two decimals): shared (Dec) and each band's parts (dollars). */
function corridor(savings: Dec, base: Dec, bands: readonly Band[]): { shared: Dec; audit: { amount: Dec; kept: Dec }[] } {
  const r = corridorLines(BigInt(savings.times(100).toFixed(0)), ratio(base.times(100).toFixed()), exactBands(bands));
  return { shared: centsToDec(r.shared), audit: r.bands.map((b) => ({ amount: ratioToDec(b.amount).div(100), kept: ratioToDec(b.kept).div(100) })) };
}

/** Shared amount for savings S (dollars string) on a base, as a two-decimal string. */
function shared(s: string, base: string, bands: readonly Band[]): string {
  return formatMoney(corridor(new Dec(s), new Dec(base), bands).shared);
}

const neg = (s: string): string => (s.startsWith('-') ? s.slice(1) : `-${s}`);

/** Check a case for S and -S: the loss is the mirror image of the saving. */
function both(s: string, base: string, bands: readonly Band[], expected: string): void {
  expect(shared(s, base, bands)).toBe(expected);
  expect(shared(neg(s), base, bands)).toBe(expected === '0.00' ? '0.00' : neg(expected));
}

describe('band tables (METHODOLOGY sections 5 and 6)', () => {
  it('Global: 0-25% 100%, 25-35% 50%, 35-50% 25%, over 50% 10%, in both rule sets', () => {
    const t: Band[] = [
      { from: '0', to: '0.25', share: '1' },
      { from: '0.25', to: '0.35', share: '0.5' },
      { from: '0.35', to: '0.5', share: '0.25' },
      { from: '0.5', to: null, share: '0.1' },
    ];
    expect(GLOBAL).toEqual(t);
    for (const py of [2021, 2022, 2023, 2024, 2025]) expect(corridorOf(TRACKS.global!, RULE_SETS.reach, py)).toEqual(t);
    // dc has no PY2026 override: the standard table.
    expect(corridorOf(TRACKS.global!, RULE_SETS.dc, 2026)).toEqual(t);
  });

  it('Professional: 0-5% 50%, 5-10% 35%, 10-15% 15%, over 15% 5%, every PY and rule set', () => {
    const t: Band[] = [
      { from: '0', to: '0.05', share: '0.5' },
      { from: '0.05', to: '0.1', share: '0.35' },
      { from: '0.1', to: '0.15', share: '0.15' },
      { from: '0.15', to: null, share: '0.05' },
    ];
    expect(PROFESSIONAL).toEqual(t);
    expect(corridorOf(TRACKS.professional!, RULE_SETS.reach, 2026)).toEqual(t);
  });

  it('reach Global PY2026: 0-10% 100%, 10-35% 50%, 35-50% 25%, over 50% 10%', () => {
    expect(REACH_GLOBAL_2026).toEqual([
      { from: '0', to: '0.1', share: '1' },
      { from: '0.1', to: '0.35', share: '0.5' },
      { from: '0.35', to: '0.5', share: '0.25' },
      { from: '0.5', to: null, share: '0.1' },
    ]);
  });
});

describe('Global corridor, base 1,000,000 (edges 250,000 / 350,000 / 500,000)', () => {
  const B = '1000000';
  it('band 1 (0-25%): S = 100,000 (10%) -> 100,000 x 1 = 100,000.00', () => {
    both('100000', B, GLOBAL, '100000.00');
  });
  it('band 2 (25-35%): S = 300,000 (30%) -> 250,000 + 0.5 x 50,000 = 275,000.00', () => {
    both('300000', B, GLOBAL, '275000.00');
  });
  it('band 3 (35-50%): S = 400,000 (40%) -> 250,000 + 0.5 x 100,000 + 0.25 x 50,000 = 312,500.00', () => {
    both('400000', B, GLOBAL, '312500.00');
  });
  it('band 4 (over 50%): S = 700,000 (70%) -> 250,000 + 50,000 + 37,500 + 0.1 x 200,000 = 357,500.00', () => {
    both('700000', B, GLOBAL, '357500.00');
  });
  it('exact band edges', () => {
    // 25%: 250,000 x 1 = 250,000.00
    both('250000', B, GLOBAL, '250000.00');
    // 35%: 250,000 + 0.5 x 100,000 = 300,000.00
    both('350000', B, GLOBAL, '300000.00');
    // 50%: 300,000 + 0.25 x 150,000 = 337,500.00
    both('500000', B, GLOBAL, '337500.00');
    // 100%: 337,500 + 0.1 x 500,000 = 387,500.00
    both('1000000', B, GLOBAL, '387500.00');
    // one cent under 25%: 249,999.99 x 1 = 249,999.99
    both('249999.99', B, GLOBAL, '249999.99');
    // one cent over 25%: 250,000 + 0.5 x 0.01 = 250,000.005 -> half-even 250,000.00
    both('250000.01', B, GLOBAL, '250000.00');
    // three cents over 25%: 250,000 + 0.5 x 0.03 = 250,000.015 -> half-even 250,000.02
    both('250000.03', B, GLOBAL, '250000.02');
  });
  it('audit: the part of |S| in each band and the part kept', () => {
    // S = -700,000: band amounts 250,000 / 100,000 / 150,000 / 200,000;
    // kept 250,000 / 50,000 / 37,500 / 20,000 (sum 357,500, sign restored: -357,500.00)
    const r = corridor(new Dec('-700000'), new Dec(B), GLOBAL);
    expect(r.audit.map((a) => a.amount.toFixed())).toEqual(['250000', '100000', '150000', '200000']);
    expect(r.audit.map((a) => a.kept.toFixed())).toEqual(['250000', '50000', '37500', '20000']);
    expect(formatMoney(r.shared)).toBe('-357500.00');
  });
});

describe('Professional corridor, base 1,000,000 (edges 50,000 / 100,000 / 150,000)', () => {
  const B = '1000000';
  it('band 1 (0-5%): S = 30,000 (3%) -> 0.5 x 30,000 = 15,000.00', () => {
    both('30000', B, PROFESSIONAL, '15000.00');
  });
  it('band 2 (5-10%): S = 80,000 (8%) -> 0.5 x 50,000 + 0.35 x 30,000 = 25,000 + 10,500 = 35,500.00', () => {
    both('80000', B, PROFESSIONAL, '35500.00');
  });
  it('band 3 (10-15%): S = 120,000 (12%) -> 25,000 + 0.35 x 50,000 + 0.15 x 20,000 = 25,000 + 17,500 + 3,000 = 45,500.00', () => {
    both('120000', B, PROFESSIONAL, '45500.00');
  });
  it('band 4 (over 15%): S = 400,000 (40%) -> 25,000 + 17,500 + 0.15 x 50,000 + 0.05 x 250,000 = 62,500.00', () => {
    // 25,000 + 17,500 + 7,500 + 12,500 = 62,500
    both('400000', B, PROFESSIONAL, '62500.00');
  });
  it('exact band edges', () => {
    // 5%: 0.5 x 50,000 = 25,000.00
    both('50000', B, PROFESSIONAL, '25000.00');
    // 10%: 25,000 + 0.35 x 50,000 = 42,500.00
    both('100000', B, PROFESSIONAL, '42500.00');
    // 15%: 42,500 + 0.15 x 50,000 = 50,000.00
    both('150000', B, PROFESSIONAL, '50000.00');
  });
  it('half a cent rounds to even: 0.5 x 0.01 = 0.005 -> 0.00; 0.5 x 0.03 = 0.015 -> 0.02', () => {
    both('0.01', B, PROFESSIONAL, '0.00');
    both('0.03', B, PROFESSIONAL, '0.02');
  });
  it('band edges are not rounded to the cent before use', () => {
    // base 1,234,567.89: 5% edge = 61,728.3945 (not 61,728.39). S = 100,000.16:
    // 0.5 x 61,728.3945 = 30,864.19725; 0.35 x (100,000.16 - 61,728.3945 = 38,271.7655) = 13,395.117925
    // total 44,259.315175 -> 44,259.32   (edge rounded first: 30,864.195 + 0.35 x 38,271.77 = 44,259.3145 -> 44,259.31)
    both('100000.16', '1234567.89', PROFESSIONAL, '44259.32');
  });
});

describe('reach Global PY2026 corridor, base 1,000,000 (edges 100,000 / 350,000 / 500,000)', () => {
  const B = '1000000';
  it('band 1 (0-10%): S = 50,000 (5%) -> 50,000.00', () => {
    both('50000', B, REACH_GLOBAL_2026, '50000.00');
  });
  it('band 2 (10-35%): S = 200,000 (20%) -> 100,000 + 0.5 x 100,000 = 150,000.00', () => {
    both('200000', B, REACH_GLOBAL_2026, '150000.00');
  });
  it('band 3 (35-50%): S = 400,000 (40%) -> 100,000 + 0.5 x 250,000 + 0.25 x 50,000 = 237,500.00', () => {
    both('400000', B, REACH_GLOBAL_2026, '237500.00');
  });
  it('band 4 (over 50%): S = 600,000 (60%) -> 100,000 + 125,000 + 37,500 + 0.1 x 100,000 = 272,500.00', () => {
    both('600000', B, REACH_GLOBAL_2026, '272500.00');
  });
  it('exact band edges', () => {
    // 10%: 100,000.00;  35%: 100,000 + 0.5 x 250,000 = 225,000.00;  50%: 225,000 + 0.25 x 150,000 = 262,500.00
    both('100000', B, REACH_GLOBAL_2026, '100000.00');
    both('350000', B, REACH_GLOBAL_2026, '225000.00');
    both('500000', B, REACH_GLOBAL_2026, '262500.00');
  });
  it('differs from the standard Global table above 10%', () => {
    // S = 200,000: standard Global keeps 200,000.00 (all in band 1); reach 2026 keeps 150,000.00 (above)
    expect(shared('200000', B, GLOBAL)).toBe('200000.00');
    expect(shared('200000', B, REACH_GLOBAL_2026)).toBe('150000.00');
  });
});

describe('zero savings', () => {
  it('shares nothing, never "-0.00"', () => {
    for (const bands of [GLOBAL, PROFESSIONAL, REACH_GLOBAL_2026]) {
      for (const z of ['0', '-0', '0.00']) {
        const r = corridor(new Dec(z), new Dec('1000000'), bands);
        expect(r.shared.isZero()).toBe(true);
        expect(formatMoney(r.shared)).toBe('0.00');
        expect(r.audit.every((a) => a.amount.isZero() && a.kept.isZero())).toBe(true);
      }
    }
  });
});

// Money in cents as integers, so fast-check generates exact amounts.
const centsArb = fc.integer({ min: -300_000_000_00, max: 300_000_000_00 });
const baseArb = fc.integer({ min: 1, max: 200_000_000_00 });
const toDec = (c: number): Dec => new Dec(c).div(100);
const TABLES: readonly (readonly Band[])[] = [GLOBAL, PROFESSIONAL, REACH_GLOBAL_2026];

describe('properties', () => {
  it('odd symmetry: corridor(-S) = -corridor(S), for every table', () => {
    fc.assert(
      fc.property(centsArb, baseArb, fc.constantFrom(...TABLES), (s, b, bands) => {
        const pos = corridor(toDec(s), toDec(b), bands).shared;
        const negd = corridor(toDec(-s), toDec(b), bands).shared;
        expect(formatMoney(negd)).toBe(formatMoney(pos.neg()));
      }),
      { numRuns: 500 },
    );
  });

  it('monotone in S, same sign as S, and never more than |S| in magnitude', () => {
    fc.assert(
      fc.property(centsArb, centsArb, baseArb, fc.constantFrom(...TABLES), (s1, s2, b, bands) => {
        const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const a = corridor(toDec(lo), toDec(b), bands).shared;
        const c = corridor(toDec(hi), toDec(b), bands).shared;
        expect(a.lte(c)).toBe(true);
        const x = corridor(toDec(s1), toDec(b), bands).shared;
        expect(x.abs().lte(toDec(Math.abs(s1)))).toBe(true);
        if (s1 > 0) expect(x.lt(0)).toBe(false);
        if (s1 < 0) expect(x.gt(0)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('the band parts sum to |S| (open top band) and the kept parts to the unrounded share', () => {
    fc.assert(
      fc.property(centsArb, baseArb, fc.constantFrom(...TABLES), (s, b, bands) => {
        const r = corridor(toDec(s), toDec(b), bands);
        const total = r.audit.reduce((t, a) => t.plus(a.amount), new Dec(0));
        expect(total.eq(toDec(Math.abs(s)))).toBe(true);
        const kept = r.audit.reduce((t, a) => t.plus(a.kept), new Dec(0));
        expect(formatMoney(s < 0 ? kept.neg() : kept)).toBe(formatMoney(r.shared));
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Through settleYear: losses carry no sequestration; savings do.

function sums(benchmark: string, expenditure: string): YearSums {
  const none = { months: 0, riskMonths: R0, ownRateBenchmark: R0, riskMonthsAll: R0, rowsNeedingRate: 0 };
  return {
    py: 2023, memberMonths: 120, expenditure: BigInt(new Dec(expenditure).times(100).toFixed(0)), primaryCare: 0n, participant: 0n,
    entitlements: { aged_disabled: { ...none, months: 120, ownRateBenchmark: ratio(benchmark) }, esrd: none },
    hebaUpMonths: 0, hebaDownMonths: 0, stopLossExcess: [],
  };
}

// No discount, no withhold, q 1, RTA 1, no capitation: B* = B.
const settle = (b: string, e: string, bands: readonly Band[], seq = '0.02') =>
  settleYear(sums(b, e), {
    py: 2023, discountRate: R0, withholdRate: R0, withholdBase: 'benchmark', qualityScore: R1, retentionWithholdRate: R0,
    sequestrationRate: ratio(seq), rta: R1, rtaGuardrail: false, rates: {}, hebaUpPbpm: R0, hebaDownPbpm: R0,
    corridorBase: 'performance_benchmark', bands: exactBands(bands),
    capitation: { base: 'benchmark', reduces: 'primaryCare', rate: R0, feeReductionRate: R1 },
  });

describe('sequestration applies to positive shared savings only', () => {
  it('Global savings of 40% vs losses of 40% (B = B* = 1,000,000)', () => {
    // savings: E = 600,000, S = 400,000 -> shared 312,500.00 (band 3, above);
    //   seq = 0.02 x 312,500 = 6,250.00; settlement = 306,250.00
    const s = settle('1000000', '600000', GLOBAL);
    expect([formatMoney(s.sharedSavings), formatMoney(s.sequestration), formatMoney(s.settlement)]).toEqual(['312500.00', '6250.00', '306250.00']);
    // losses: E = 1,400,000, S = -400,000 -> shared -312,500.00; seq 0.00; settlement -312,500.00
    const l = settle('1000000', '1400000', GLOBAL);
    expect([formatMoney(l.sharedSavings), formatMoney(l.sequestration), formatMoney(l.settlement)]).toEqual(['-312500.00', '0.00', '-312500.00']);
  });

  it('Professional losses in every band: no sequestration, settlement = shared', () => {
    // B = 1,000,000; E = B - S with S = -30,000 / -80,000 / -120,000 / -400,000
    // shared (from the Professional cases above): -15,000 / -35,500 / -45,500 / -62,500
    const cases: [string, string][] = [
      ['1030000', '-15000.00'],
      ['1080000', '-35500.00'],
      ['1120000', '-45500.00'],
      ['1400000', '-62500.00'],
    ];
    for (const [e, expected] of cases) {
      const s = settle('1000000', e, PROFESSIONAL, '0.5');
      expect(formatMoney(s.sharedSavings)).toBe(expected);
      expect(formatMoney(s.sequestration)).toBe('0.00');
      expect(formatMoney(s.settlement)).toBe(expected);
    }
  });

  it('zero savings: every corridor line is 0.00', () => {
    // B = E = 1,000,000: S = 0, rate 0, shared 0, seq 0, settlement 0, gross 0, CMS net 0
    const s = settle('1000000', '1000000', GLOBAL);
    expect([s.savings, s.savingsRate, s.sharedSavings, s.sequestration, s.settlement, s.grossSavings, s.cmsNetSavings].map(formatMoney)).toEqual(
      ['0.00', '0.00', '0.00', '0.00', '0.00', '0.00', '0.00'],
    );
  });
});
