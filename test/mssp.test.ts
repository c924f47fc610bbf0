// Program mssp (METHODOLOGY-2027 section 3.3): every kind of case of section 6, worked by hand to the
// cent beside each test. Unless a case says otherwise B = $10,000,000.00, so 1% of B is $100,000.00.
// Money below is in dollars; the code works in integer cents.
import { describe, expect, it } from 'vitest';
import { formatRatio, ratio } from '../src/domain/exact.js';
import { MSR_TABLE, msrTable, variableMsr } from '../src/domain/mssp.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { msspShared, type MsspYearRules } from '../src/engines/mssp.js';
import { msspYearRules } from '../src/engines/resolve-mssp.js';

const B = 1_000_000_000n; // $10,000,000.00 in cents

/** The rules a scenario object resolves to for PY2025, with n assigned beneficiaries. */
function rulesOf(obj: Record<string, unknown>, n = 12_500): MsspYearRules {
  const input = scenarioFromObject({ program: 'mssp', ...obj }, FILE_ORIGIN('s.json'));
  return { ...msspYearRules(input, 2025, {}).rules.mssp!, assigned: n };
}

/** Settle B and E (dollars as text) under a scenario object: shared, sequestration, settlement in dollars, and the lines. */
function settle(obj: Record<string, unknown>, e: string, n = 12_500, b = B) {
  const r = rulesOf(obj, n);
  const E = BigInt(Math.round(Number(e) * 100));
  const x = msspShared(b, E, r, n, 2025);
  const $ = (c: bigint) => (Number(c) / 100).toFixed(2);
  return { shared: $(x.shared), sequestration: $(x.sequestration), settlement: $(x.shared - x.sequestration), savings: $(x.savings), ...x.lines, capText: x.lines.cap === undefined ? undefined : $(x.lines.cap) };
}

const pct = (r: { n: bigint; d: bigint } | undefined) => (r === undefined ? undefined : formatRatio(r, 10));

describe('the variable MSR (42 CFR 425.604(b); interpolation [U])', () => {
  it('interpolates linearly between rows and rounds to 0.01 percentage point', () => {
    // 12,500 in the 10,000-14,999 row: 3.0% + (2.7% - 3.0%) x 2,500 / 5,000 = 3.0 - 0.15 = 2.85%
    expect(pct(variableMsr(12_500, MSR_TABLE, 'linear'))).toBe('0.0285');
    // 13,151: 3.0 - 0.3 x 3,151 / 5,000 = 3.0 - 0.18906 = 2.81094% -> 2.81%
    expect(pct(variableMsr(13_151, MSR_TABLE, 'linear'))).toBe('0.0281');
    // 5,889: 3.9 - 0.3 x 889 / 1,000 = 3.6333% -> 3.63%; 60,000 and above: 2.0%
    expect(pct(variableMsr(5_889, MSR_TABLE, 'linear'))).toBe('0.0363');
    expect(pct(variableMsr(250_000, MSR_TABLE, 'linear'))).toBe('0.02');
    // low_end: the row's first rate (12,500 -> 3.0%)
    expect(pct(variableMsr(12_500, MSR_TABLE, 'low_end'))).toBe('0.03');
    // below 5,000 the CFR table has no row
    expect(variableMsr(4_999, MSR_TABLE, 'linear')).toBeUndefined();
  });

  it('msr_table rows merge below the CFR rows: 4,000 between 3000=0.05 and 5000=0.039', () => {
    // 5.0 + (3.9 - 5.0) x 1,000 / 2,000 = 5.0 - 0.55 = 4.45%
    const t = msrTable('3000=0.05');
    expect(t[0]!.from).toBe(3000);
    expect(pct(variableMsr(4_000, t, 'linear'))).toBe('0.0445');
    expect(() => msrTable('3000:0.05')).toThrow(/msr_table/);
  });
});

describe('savings below, at and above the MSR (ENHANCED, variable MSR, n = 12,500 -> 2.85%)', () => {
  it('below: S = 284,999.99 < 2.85% x B = 285,000.00 -> nothing shared', () => {
    const r = settle({}, '9715000.01');
    expect(r.savings).toBe('284999.99');
    expect([r.shared, r.result, pct(r.msr), pct(r.mlr)]).toEqual(['0.00', 'savings_below_msr', '0.0285', '0.0285']);
  });
  it('at: S = 285,000.00 = MSR x B counts ("at least"): 75% = 213,750.00; sequestration 2% = 4,275.00; settlement 209,475.00', () => {
    const r = settle({}, '9715000.00');
    expect([r.shared, r.sequestration, r.settlement, r.result]).toEqual(['213750.00', '4275.00', '209475.00', 'shared_savings']);
  });
  it('above, n = 13,151 (MSR 2.81%): S = 1,000,000.00 -> 750,000.00 from the first dollar; settlement 735,000.00', () => {
    const r = settle({}, '9000000.00', 13_151);
    expect([pct(r.msr), r.shared, r.sequestration, r.settlement, pct(r.finalSharingRate)]).toEqual(['0.0281', '750000.00', '15000.00', '735000.00', '0.75']);
  });
});

describe('the performance payment limit', () => {
  it('ENHANCED, MSR 0: S = 3,000,000.00; 75% = 2,250,000.00 > 20% x B = 2,000,000.00 -> 2,000,000.00 (ppl_binding); settlement 1,960,000.00', () => {
    const r = settle({ msr: 0 }, '7000000.00');
    expect([r.shared, r.sequestration, r.settlement, r.result, r.capText, r.capBasis]).toEqual(['2000000.00', '40000.00', '1960000.00', 'ppl_binding', '2000000.00', 'payment_limit']);
  });
  it('BASIC E, MSR 0: S = 2,500,000.00; 50% = 1,250,000.00 > 10% x B = 1,000,000.00 -> 1,000,000.00', () => {
    const r = settle({ mssp_track: 'basic_e', msr: '0' }, '7500000.00');
    expect([r.shared, r.result]).toEqual(['1000000.00', 'ppl_binding']);
  });
});

describe('losses below and above the MLR (BASIC E, MSR = MLR = 2%: 200,000.00)', () => {
  it('below: -S = 199,999.99 < 200,000.00 -> nothing owed', () => {
    const r = settle({ mssp_track: 'basic_e', msr: '0.02' }, '10199999.99');
    expect([r.savings, r.shared, r.result, pct(r.sharedLossRate)]).toEqual(['-199999.99', '0.00', 'losses_below_mlr', '0.3']);
  });
  it('at: -S = 200,000.00 -> 30% = 60,000.00 owed from the first dollar; no sequestration on losses', () => {
    const r = settle({ mssp_track: 'basic_e', msr: '0.02' }, '10200000.00');
    expect([r.shared, r.sequestration, r.settlement, r.result, r.capText]).toEqual(['-60000.00', '0.00', '-60000.00', 'shared_losses', '400000.00']);
  });
});

describe('loss caps', () => {
  it('BASIC E benchmark-based: -S = 2,000,000.00, 30% = 600,000.00 > 4% x B = 400,000.00 -> -400,000.00', () => {
    const r = settle({ mssp_track: 'basic_e', msr: '0' }, '12000000.00');
    expect([r.shared, r.result, r.capText, r.capBasis]).toEqual(['-400000.00', 'loss_cap_binding', '400000.00', 'benchmark']);
  });
  it('BASIC E revenue-based: revenue 3,000,000.00 x 8% = 240,000.00 < 400,000.00 -> -240,000.00', () => {
    const r = settle({ mssp_track: 'basic_e', msr: '0', participant_revenue: '3000000' }, '12000000.00');
    expect([r.shared, r.result, r.capText, r.capBasis]).toEqual(['-240000.00', 'loss_cap_binding', '240000.00', 'revenue']);
  });
  it('BASIC C: 2% of revenue 30,000,000.00 = 600,000.00 is held to 1% x B = 100,000.00; -S = 1,000,000.00, 30% = 300,000.00 -> -100,000.00', () => {
    const r = settle({ mssp_track: 'basic_c', msr: '0', participant_revenue: '30000000' }, '11000000.00');
    expect([r.shared, r.result, r.capText, r.capBasis]).toEqual(['-100000.00', 'loss_cap_binding', '100000.00', 'benchmark']);
  });
  it('BASIC D: 2% x B = 200,000.00; -S = 1,000,000.00 -> 300,000.00 capped at -200,000.00', () => {
    const r = settle({ mssp_track: 'basic_d', msr: '0' }, '11000000.00');
    expect([r.shared, r.result]).toEqual(['-200000.00', 'loss_cap_binding']);
  });
  it('ENHANCED, QPS met, q = 1: rate 1 - 0.75 = 0.25 held at 40%; -S = 3,000,000.00 -> -1,200,000.00 (cap 15% = 1,500,000.00 not reached); -S = 5,000,000.00 -> 2,000,000.00 capped at -1,500,000.00', () => {
    const a = settle({ msr: '0' }, '13000000.00');
    expect([a.shared, a.result, pct(a.sharedLossRate)]).toEqual(['-1200000.00', 'shared_losses', '0.4']);
    const b = settle({ msr: '0' }, '15000000.00');
    expect([b.shared, b.result, b.capText]).toEqual(['-1500000.00', 'loss_cap_binding', '1500000.00']);
  });
});

describe('quality: failed and alternative (ENHANCED, MSR 0, |S| = 1,000,000.00)', () => {
  it('failed: no shared savings; losses at 75% = -750,000.00', () => {
    const s = settle({ msr: '0', quality_status: 'fail' }, '9000000.00');
    expect([s.shared, s.result, pct(s.finalSharingRate)]).toEqual(['0.00', 'quality_failed', '0']);
    const l = settle({ msr: '0', quality_status: 'fail' }, '11000000.00');
    expect([l.shared, pct(l.sharedLossRate)]).toEqual(['-750000.00', '0.75']);
  });
  it('alternative, q = 0.8: rate 0.75 x 0.8 = 0.6 -> 600,000.00 (settlement 588,000.00); losses 1 - 0.6 = 0.4 -> -400,000.00', () => {
    const s = settle({ msr: '0', quality_status: 'alt', quality_score: '0.8' }, '9000000.00');
    expect([s.shared, s.settlement, pct(s.finalSharingRate)]).toEqual(['600000.00', '588000.00', '0.6']);
    const l = settle({ msr: '0', quality_status: 'alt', quality_score: '0.8' }, '11000000.00');
    expect([l.shared, pct(l.sharedLossRate)]).toEqual(['-400000.00', '0.4']);
  });
  it('QPS met, q = 0.4: savings at the full 75% (750,000.00), but losses at 1 - 0.75 x 0.4 = 0.7 -> -700,000.00', () => {
    expect(settle({ msr: '0', quality_score: '0.4' }, '9000000.00').shared).toBe('750000.00');
    const l = settle({ msr: '0', quality_score: '0.4' }, '11000000.00');
    expect([l.shared, pct(l.sharedLossRate)]).toEqual(['-700000.00', '0.7']);
  });
  it('alternative, q = 0.2: losses 1 - 0.15 = 0.85 held at 75% -> -750,000.00; BASIC C-E losses stay 30% whatever the quality', () => {
    expect(settle({ msr: '0', quality_status: 'alt', quality_score: '0.2' }, '11000000.00').shared).toBe('-750000.00');
    // BASIC E failed: -S = 100,000.00 x 30% = -30,000.00
    expect(settle({ mssp_track: 'basic_e', msr: '0', quality_status: 'fail' }, '10100000.00').shared).toBe('-30000.00');
  });
});

describe('the low-revenue half rate (42 CFR 425.605(h)) and one-sided losses', () => {
  it('BASIC A, n = 12,500 (MSR 2.85% = 285,000.00), S = 200,000.00: 40% / 2 = 20% -> 40,000.00; settlement 39,200.00', () => {
    const r = settle({ mssp_track: 'basic_a', low_revenue: true }, '9800000.00');
    expect([r.shared, r.sequestration, r.settlement, r.result, pct(r.finalSharingRate)]).toEqual(['40000.00', '800.00', '39200.00', 'low_revenue_half_rate', '0.2']);
    // not low revenue: below the MSR, nothing; ENHANCED is not BASIC: nothing either
    expect(settle({ mssp_track: 'basic_a' }, '9800000.00').shared).toBe('0.00');
    expect(settle({ low_revenue: true }, '9800000.00').shared).toBe('0.00');
    // fewer than 5,000 assigned (with a table row for the MSR): no half rate
    expect(settle({ mssp_track: 'basic_a', low_revenue: true, msr_table: '4000=0.05' }, '9800000.00', 4_500).shared).toBe('0.00');
  });
  it('one-sided (BASIC B): S = -500,000.00 -> no losses shared, no MLR or loss rate', () => {
    const r = settle({ mssp_track: 'basic_b' }, '10500000.00');
    expect([r.shared, r.result, r.mlr, r.sharedLossRate]).toEqual(['0.00', 'one_sided_no_losses', undefined, undefined]);
  });
});

describe('half-even cents', () => {
  it('BASIC E, MSR 0, S = 2,468.50: 50% = 1,234.25; sequestration 24.685 -> 24.68 (half-up would say 24.69); settlement 1,209.57', () => {
    const r = settle({ mssp_track: 'basic_e', msr: '0' }, '9997531.50');
    expect([r.savings, r.shared, r.sequestration, r.settlement]).toEqual(['2468.50', '1234.25', '24.68', '1209.57']);
  });
  it('BASIC E, MSR 0, S = 1.01: 50% = 0.505 -> 0.50; losses -S = 1,000.15 x 30% = 300.045 -> -300.04', () => {
    expect(settle({ mssp_track: 'basic_e', msr: '0' }, '9999998.99').shared).toBe('0.50');
    expect(settle({ mssp_track: 'basic_e', msr: '0' }, '10001000.15').shared).toBe('-300.04');
  });
  it('the MSR threshold is exact: B = 10,000,000.01 x 2.85% = 285,000.000285, so S = 285,000.00 is below it', () => {
    const r = settle({}, '9715000.01', 12_500, 1_000_000_001n);
    expect([r.savings, r.result]).toEqual(['285000.00', 'savings_below_msr']);
  });
});

describe('rates given by the scenario', () => {
  it('max_sharing_rate 0.6 for BASIC E (the proposed CY2027 rule): S = 100,000.00 -> 60,000.00; ppl_rate 0.005 caps it at 50,000.00', () => {
    expect(settle({ mssp_track: 'basic_e', msr: '0', max_sharing_rate: '0.6' }, '9900000.00').shared).toBe('60000.00');
    expect(settle({ mssp_track: 'basic_e', msr: '0', max_sharing_rate: '0.6', ppl_rate: '0.005' }, '9900000.00').shared).toBe('50000.00');
  });
  it('loss_cap_rates 0.05 for ENHANCED: -S = 2,000,000.00 x 40% = 800,000.00 capped at 500,000.00', () => {
    expect(settle({ msr: '0', loss_cap_rates: '0.05' }, '12000000.00').shared).toBe('-500000.00');
  });
  it('msr accepts 0.010 and 1e-2 as 0.01', () => {
    expect(rulesOf({ mssp_track: 'basic_c', msr: '0.010' }).msr).toEqual({ fixed: ratio('0.01') });
  });
});
