// Rule set lead (METHODOLOGY-2027 sections 1, 2 and 5): both tracks across the corridor bands, the
// admin add-on inside S and paid apart, capitation unlike the fee reduction, Enhanced PCC and net
// cash, half-even sequestration (and on losses), the discount path, the PY range, `assumed`.
// Every figure is worked by hand in the comment beside it. The population is one sum: 1,000 A&D
// member months at risk 1 and 1,000.00 PBPM, so B = 1,000,000.00 in every case.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DcsimError } from '../src/domain/errors.js';
import { formatCents, formatRatio, R0, ratio } from '../src/domain/exact.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { settleYear, type YearLines, type YearSums } from '../src/engines/kernel.js';
import { leadAssumed } from '../src/engines/lead-assumed.js';
import { resolveScenario } from '../src/engines/resolve.js';
import { dcsimInProcess } from './helpers.js';

/** One PY's sums: 1,000 A&D months at risk 1; expenditure and primary care spend in dollars. */
function sums(py: number, expenditure: string, primaryCare = '50000'): YearSums {
  const cents = (d: string): bigint => BigInt(Math.round(Number(d) * 100));
  const none = { months: 0, riskMonths: R0, ownRateBenchmark: R0, riskMonthsAll: R0, rowsNeedingRate: 0 };
  return {
    py, memberMonths: 1000, expenditure: cents(expenditure), primaryCare: cents(primaryCare), participant: 0n,
    entitlements: { aged_disabled: { months: 1000, riskMonths: ratio(1000), ownRateBenchmark: R0, riskMonthsAll: ratio(1000), rowsNeedingRate: 1000 }, esrd: none },
    hebaUpMonths: 0, hebaDownMonths: 0, stopLossExcess: [],
  };
}

// (base PCC 7% given: without it dcsim takes the data's primary-care share)
const BASE = { rules: 'lead', benchmark_pbpm: { aged_disabled: '1000' }, pcc_base_rate: '0.07' };

function settle(extra: Record<string, unknown>, expenditure: string, py = 2027, primaryCare?: string): YearLines {
  const input = scenarioFromObject({ ...BASE, ...extra }, FILE_ORIGIN('s.json'));
  const r = resolveScenario(input, [py]);
  return settleYear(sums(py, expenditure, primaryCare), r.years[0]!.rules);
}

const m = (c: bigint): string => formatCents(c);
const lines = (y: YearLines) => ({
  B: m(y.benchmark), D: m(y.discount), W: m(y.qualityWithhold), Q: m(y.withholdEarned), Bstar: m(y.performanceBenchmark),
  A: m(y.adminAddon), cap: m(y.capitationPaid), fee: m(y.feeReduction), E: m(y.expenditure), S: m(y.savings), base: m(y.corridorBase),
  shared: m(y.sharedSavings), seq: m(y.sequestration), settlement: m(y.settlement), recoup: m(y.enhancedPccRecoupment),
  paid: m(y.adminAddonPaid), net: m(y.netCash),
});

function refusal(f: () => unknown): DcsimError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DcsimError);
    return e as DcsimError;
  }
  throw new Error('expected an error');
}

describe('lead Global, lower-spending, PY2027 (d 3%, w 3%, q 1, base PCC 7%, Pe 2%)', () => {
  // B = 1,000 x 1,000.00 = 1,000,000.00; D = W = Q = 30,000.00; B* = 970,000.00; A = 0 (lower).
  // PCC 7% = 70,000.00; fee reduction 100% x 50,000.00; E = expenditure + 20,000.00.
  // Pe = max(0.07 - 0.07, 0.02) x B = 20,000.00 (the floor binds); recoupment -20,000.00.
  // Corridor base 970,000.00: edges 15% 145,500, 35% 339,500, 50% 485,000.
  const lower = { track: 'global', spending_class: 'lower' };

  it('savings in the second band (S = 25% of B*)', () => {
    // expenditure 707,500 -> E = 727,500.00; S = 242,500.00 (rate 0.25)
    // shared = 145,500 + 0.5 x (242,500 - 145,500) = 145,500 + 48,500 = 194,000.00
    // seq = 0.02 x 194,000 = 3,880.00; settlement 190,120.00; net cash 190,120 - 20,000 = 170,120.00
    const y = settle(lower, '707500');
    expect(lines(y)).toEqual({
      B: '1000000.00', D: '30000.00', W: '30000.00', Q: '30000.00', Bstar: '970000.00', A: '0.00', cap: '70000.00', fee: '50000.00',
      E: '727500.00', S: '242500.00', base: '970000.00', shared: '194000.00', seq: '3880.00', settlement: '190120.00',
      recoup: '-20000.00', paid: '0.00', net: '170120.00',
    });
    expect(formatRatio(y.savingsRate)).toBe('0.25');
  });

  it('losses beyond 50% (S = -60% of B*), no sequestration on losses by default', () => {
    // expenditure 1,532,000 -> E = 1,552,000.00; S = -582,000.00
    // |shared| = 145,500 + 0.5 x 194,000 (97,000) + 0.25 x 145,500 (36,375) + 0.1 x 97,000 (9,700) = 288,575.00
    // settlement -288,575.00; net cash -288,575 - 20,000 = -308,575.00
    const y = settle(lower, '1532000');
    expect([m(y.savings), m(y.sharedSavings), m(y.sequestration), m(y.settlement), m(y.netCash)]).toEqual(['-582000.00', '-288575.00', '0.00', '-288575.00', '-308575.00']);
  });

  it('sequestration_on_losses: 2% of the shared loss, so the loss owed shrinks', () => {
    // as above: seq = 0.02 x -288,575.00 = -5,771.50; settlement -288,575 + 5,771.50 = -282,803.50; net -302,803.50
    const y = settle({ ...lower, sequestration_on_losses: true }, '1532000');
    expect([m(y.sequestration), m(y.settlement), m(y.netCash)]).toEqual(['-5771.50', '-282803.50', '-302803.50']);
  });

  it('sequestration rounds half-even once: 24.685 -> 24.68, 24.695 -> 24.70 (and on losses)', () => {
    // expenditure 948,765.75 -> E = 968,765.75; S = 1,234.25 (band 1, kept whole); 0.02 x 1,234.25 = 24.685 -> 24.68 (8 is even)
    expect(m(settle(lower, '948765.75').sequestration)).toBe('24.68');
    // expenditure 948,765.25 -> S = 1,234.75; 0.02 x 1,234.75 = 24.695 -> 24.70 (9 is odd: up)
    expect(m(settle(lower, '948765.25').sequestration)).toBe('24.70');
    // losses with the option: expenditure 951,234.25 -> E = 971,234.25; S = -1,234.25; seq = -24.685 -> -24.68; settlement -1,209.57
    const y = settle({ ...lower, sequestration_on_losses: true }, '951234.25');
    expect([m(y.sharedSavings), m(y.sequestration), m(y.settlement)]).toEqual(['-1234.25', '-24.68', '-1209.57']);
  });

  it('capitation unlike the fee reduction; Enhanced PCC above the floor; stop-loss net in E; HPP bonus in cash', () => {
    // pcc_base_rate 0.04: capitation 40,000.00, fee reduction 50,000.00 (they differ)
    // Pe = max(0.07 - 0.04, 0.02) x B = 0.03 x 1,000,000 = 30,000.00
    // E = 900,000 - 50,000 + 40,000 + stop_loss_net 5,000.00 = 895,000.00; S = 970,000 - 895,000 = 75,000.00
    // shared 75,000.00 (band 1); seq 1,500.00; settlement 73,500.00
    // net cash = 73,500 - 30,000 + hpp_bonus 1,000.00 = 44,500.00
    const y = settle({ ...lower, pcc_base_rate: '0.04', stop_loss_net: '5000', hpp_bonus: '1000' }, '900000');
    expect([m(y.capitationPaid), m(y.feeReduction), m(y.enhancedPcc), m(y.expenditure), m(y.savings), m(y.settlement), m(y.hppBonus), m(y.netCash)])
      .toEqual(['40000.00', '50000.00', '30000.00', '895000.00', '75000.00', '73500.00', '1000.00', '44500.00']);
  });

  it('TCC: no Enhanced PCC (taken as a PCC advance), net cash = settlement', () => {
    // tcc_rate 0.45 x (B - D) = 0.45 x 970,000 = 436,500.00; no participant spend: fee reduction 0
    // E = 400,000 + 436,500 = 836,500.00; S = 970,000 - 836,500 = 133,500.00 (band 1); seq 2,670.00; settlement 130,830.00
    const y = settle({ ...lower, capitation: 'tcc', tcc_rate: '0.45' }, '400000');
    expect([m(y.capitationPaid), m(y.expenditure), m(y.settlement), m(y.enhancedPccRecoupment), m(y.netCash)]).toEqual(['436500.00', '836500.00', '130830.00', '0.00', '130830.00']);
  });

  it('financial guarantee: 4% of the prior-year expenditure given, reported only', () => {
    // 0.04 x 2,000,000.00 = 80,000.00; the settlement is that of the first case
    const y = settle({ ...lower, prior_year_expenditure: '2000000' }, '707500');
    expect(y.financialGuarantee).toBe(8_000_000n);
    expect(m(y.settlement)).toBe('190120.00');
  });
});

describe('lead Global, higher-spending, PY2027: the admin add-on A = 1.5% x B', () => {
  // d = 1.75%: D = 17,500.00; W = Q = 30,000.00; B* = 982,500.00; A = 0.015 x 1,000,000 = 15,000.00
  // expenditure 880,000 -> E = 900,000.00; Pe = 20,000.00
  const higher = { track: 'global', spending_class: 'higher' };

  it('treatment benchmark (default): A inside the corridor base and S', () => {
    // S = 982,500 + 15,000 - 900,000 = 97,500.00; base 997,500.00 (15% = 149,625: band 1)
    // shared 97,500.00; seq 1,950.00; settlement 95,550.00; net 95,550 - 20,000 = 75,550.00
    const y = settle(higher, '880000');
    expect(lines(y)).toMatchObject({ D: '17500.00', Bstar: '982500.00', A: '15000.00', E: '900000.00', S: '97500.00', base: '997500.00', shared: '97500.00', seq: '1950.00', settlement: '95550.00', paid: '0.00', net: '75550.00' });
    // savings rate S / B* (A not in the denominator): 97,500 / 982,500
    expect(y.savingsRate.n * 982_500_00n).toBe(9_750_000n * y.savingsRate.d);
  });

  it('treatment separate: A paid apart as cash, outside S', () => {
    // S = 982,500 - 900,000 = 82,500.00; base 982,500.00; shared 82,500.00; seq 1,650.00; settlement 80,850.00
    // net = 80,850 - 20,000 + 15,000 = 75,850.00; admin_addon (the column) 15,000.00 either way
    const y = settle({ ...higher, admin_addon_treatment: 'separate' }, '880000');
    expect(lines(y)).toMatchObject({ A: '15000.00', S: '82500.00', base: '982500.00', shared: '82500.00', seq: '1650.00', settlement: '80850.00', paid: '15000.00', net: '75850.00' });
  });
});

describe('lead Professional, PY2027 (no discount; savings 60/35/15/5 to 10/15/20%, losses 50 then the savings shares)', () => {
  // D = 0; W = Q = 30,000.00; B* = 1,000,000.00; no spending class: no add-on. E = expenditure + 20,000.
  const pro = { track: 'professional' };

  it('savings across three bands (S = 18%)', () => {
    // expenditure 800,000 -> E = 820,000.00; S = 180,000.00
    // shared = 0.6 x 100,000 + 0.35 x 50,000 + 0.15 x 30,000 = 60,000 + 17,500 + 4,500 = 82,000.00
    // seq 1,640.00; settlement 80,360.00; net 80,360 - 20,000 = 60,360.00
    const y = settle(pro, '800000');
    expect(lines(y)).toMatchObject({ D: '0.00', Bstar: '1000000.00', A: '0.00', S: '180000.00', shared: '82000.00', seq: '1640.00', settlement: '80360.00', net: '60360.00' });
  });

  it('losses in every band (S = -25%): the first loss band keeps 50%, not 60%', () => {
    // expenditure 1,230,000 -> E = 1,250,000.00; S = -250,000.00
    // |shared| = 0.5 x 100,000 + 0.35 x 50,000 + 0.15 x 50,000 + 0.05 x 50,000 = 50,000 + 17,500 + 7,500 + 2,500 = 77,500.00
    // settlement -77,500.00; net -97,500.00
    const y = settle(pro, '1230000');
    expect([m(y.sharedSavings), m(y.sequestration), m(y.settlement), m(y.netCash)]).toEqual(['-77500.00', '0.00', '-77500.00', '-97500.00']);
  });

  it('corridor_loss_bands overrides the loss table only', () => {
    // losses kept 40% flat: 0.4 x 250,000 = 100,000.00; savings unchanged (82,000.00 above)
    const lossFlat = { ...pro, corridor_loss_bands: ':0.4' };
    expect(m(settle(lossFlat, '1230000').sharedSavings)).toBe('-100000.00');
    expect(m(settle(lossFlat, '800000').sharedSavings)).toBe('82000.00');
  });
});

describe('the discount path by PY and spending class', () => {
  const years = [2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035, 2036];
  const path = (extra: Record<string, unknown>): string[] => {
    const r = resolveScenario(scenarioFromObject({ ...BASE, ...extra }, FILE_ORIGIN('s.json')), years);
    return r.years.map((y) => formatRatio(y.rules.discountRate));
  };
  it('higher: 1.75% in 2027, +0.25 pp a year, 3% from 2032; lower: 3% every PY; Professional: none', () => {
    expect(path({ track: 'global', spending_class: 'higher' })).toEqual(['0.0175', '0.02', '0.0225', '0.025', '0.0275', '0.03', '0.03', '0.03', '0.03', '0.03']);
    expect(path({ track: 'global', spending_class: 'lower' })).toEqual(Array(10).fill('0.03'));
    expect(path({ track: 'professional' })).toEqual(Array(10).fill('0'));
  });
  it('the withhold is 3% and sequestration 2% every PY', () => {
    const r = resolveScenario(scenarioFromObject({ ...BASE, track: 'professional' }, FILE_ORIGIN('s.json')), years);
    expect(new Set(r.years.map((y) => formatRatio(y.rules.withholdRate)))).toEqual(new Set(['0.03']));
    expect(new Set(r.years.map((y) => formatRatio(y.rules.sequestrationRate)))).toEqual(new Set(['0.02']));
  });
});

describe('refusals', () => {
  it('PY2026 under lead: an error naming rules, with the covered PYs', () => {
    const e = refusal(() => resolveScenario(scenarioFromObject({ ...BASE, track: 'professional' }, FILE_ORIGIN('s.json')), [2026]));
    expect(e.message).toMatch(/scenario "rules": rule set "lead" covers PY2027-2036; the data has PY2026/);
    expect(e.diagnostics[0]!.hint).toMatch(/--rules reach/);
  });
  it('PY2037 under lead is refused too', () => {
    expect(refusal(() => resolveScenario(scenarioFromObject({ ...BASE, track: 'professional' }, FILE_ORIGIN('s.json')), [2037])).message).toMatch(/PY2037/);
  });
  it('PY2027 under reach and dc: refused, the hint names --rules lead and gives no invented number', () => {
    for (const rules of ['reach', 'dc']) {
      const e = refusal(() => resolveScenario(scenarioFromObject({ rules, track: 'global' }, FILE_ORIGIN('s.json')), [2027]));
      expect(e.message).toMatch(/discount_rate/);
      const hint = e.diagnostics[0]!.hint!;
      expect(hint).toMatch(/--rules lead/);
      expect(hint).not.toMatch(/=\d|0\.0\d/);
    }
  });
  it('Global under lead without spending_class: an error naming the key', () => {
    const e = refusal(() => resolveScenario(scenarioFromObject({ ...BASE, track: 'global' }, FILE_ORIGIN('s.json')), [2027]));
    expect(e.message).toMatch(/"spending_class"/);
    expect(e.message).toMatch(/lower or higher/);
  });
  it('a spending class or band table that is not one is refused at reading, naming the key', () => {
    expect(() => scenarioFromObject({ spending_class: 'middle' }, FILE_ORIGIN('s.json'))).toThrow(/"spending_class": expected one of lower, higher/);
    expect(() => scenarioFromObject({ corridor_savings_bands: '0.15:1,0.1:0.5,:0.1' }, FILE_ORIGIN('s.json'))).toThrow(/"corridor_savings_bands": band 2's upper edge 0.1 is not above 0.15/);
    expect(() => scenarioFromObject({ corridor_savings_bands: '0.15:1,0.35:0.5' }, FILE_ORIGIN('s.json'))).toThrow(/top band must be open/);
  });
});

describe('assumed', () => {
  const assumed = (extra: Record<string, unknown>, years = [2027]) => leadAssumed(resolveScenario(scenarioFromObject({ ...BASE, ...extra }, FILE_ORIGIN('s.json')), years));
  it('lists the [S] and [U] defaults in effect with their tags, and not what the scenario gives', () => {
    const a = assumed({ track: 'global', spending_class: 'higher' }, [2027, 2028]);
    const byKey = new Map(a.map((x) => [x.key, x]));
    // 2027 1.75% [S], 2028 2.00% [U]: a joined tag
    expect(byKey.get('discount_rate (higher-spending)')).toMatchObject({ value: '2027 0.0175, 2028 0.02', tag: 'S/U' });
    expect(byKey.get('withhold_rate')).toMatchObject({ value: '0.03', tag: 'S' });
    expect(byKey.get('admin_addon_treatment')).toMatchObject({ value: 'benchmark', tag: 'U' });
    expect(byKey.get('sequestration_on_losses')).toMatchObject({ value: 'false', tag: 'U' });
    expect(byKey.get('later_pys')?.tag).toBe('U');
    expect(a.every((x) => x.tag !== 'P' && x.source.length > 0)).toBe(true);
    // given values are not assumptions
    const b = new Set(assumed({ track: 'global', spending_class: 'higher', discount_rate: '0.02', admin_addon_treatment: 'separate' }).map((x) => x.key));
    expect(b.has('discount_rate (higher-spending)')).toBe(false);
    expect(b.has('admin_addon_treatment')).toBe(false);
    expect(b.has('later_pys')).toBe(false);
  });
  it('Professional: its loss table is listed as partly proposed; nothing under reach', () => {
    const a = assumed({ track: 'professional' });
    expect(a.find((x) => x.key === 'corridor_loss_bands')).toMatchObject({ value: '0-0.1:0.5,0.1-0.15:0.35,0.15-0.2:0.15,0.2-:0.05', tag: 'U' });
    expect(leadAssumed(resolveScenario(scenarioFromObject({ rules: 'reach' }, FILE_ORIGIN('s.json')), [2023]))).toEqual([]);
  });
});


describe('the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcsim-lead-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = (py: number): string => {
    const f = join(dir, `py${py}.csv`);
    writeFileSync(f, `beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,claims_aligned\nB1,${py},900.00,12,1.0,aged_disabled,true\n`);
    return f;
  };
  it('PY2026 under --rules lead and PY2027 under --rules reach: exit 1, nothing on stdout, the key named', async () => {
    const a = await dcsimInProcess(['run', data(2026), '--rules', 'lead', '--track', 'professional', '--benchmark-pbpm', 'aged_disabled=100', '-O', 'csv']);
    expect([a.code, a.stdout]).toEqual([1, '']);
    expect(a.stderr).toMatch(/^dcsim: error: .*py2026\.csv: scenario "rules": rule set "lead" covers PY2027-2036; the data has PY2026/);
    const b = await dcsimInProcess(['run', data(2027), '--rules', 'reach', '--benchmark-pbpm', 'aged_disabled=100', '-O', 'csv']);
    expect([b.code, b.stdout]).toEqual([1, '']);
    expect(b.stderr).toMatch(/scenario "discount_rate": rule set "reach" has no discount_rate for PY2027\n  hint: ACO REACH ends with PY2026: settle PY2027 with --rules lead/);
  });
  it('sweep --vary admin_addon_treatment: the lead columns per scenario (half-even on the corridor too)', async () => {
    // higher-spending: B = 1,200.00; D = 0.0175 x 1,200 = 21.00; W = Q = 36.00; B* = 1,179.00; A = 18.00; E = 984.00; Pe = 24.00
    // benchmark: S = 1,179 + 18 - 984 = 213.00; base 1,197.00, 15% = 179.55; shared = 179.55 + 0.5 x 33.45 = 196.275 -> 196.28
    //   (half-even: 19,627.5 cents -> 19,628); seq 3.9256 -> 3.93; settlement 192.35; net 192.35 - 24 = 168.35
    // separate: S = 195.00; base 1,179.00, 15% = 176.85; shared = 176.85 + 0.5 x 18.15 = 185.925 -> 185.92 (18,592.5 -> 18,592)
    //   seq 3.7184 -> 3.72; settlement 182.20; net 182.20 - 24 + 18 = 176.20
    const r = await dcsimInProcess(['sweep', data(2027), '--rules', 'lead', '--spending-class', 'higher', '--benchmark-pbpm', 'aged_disabled=100', '--pcc-base-rate', '0.07', '--vary', 'admin_addon_treatment=benchmark,separate', '-O', 'csv']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split(','));
    // (schema 3: lead's three lines, then the completion line, then program mssp's six: slice(-10, -7))
    expect(rows[0]!.slice(-10, -6)).toEqual(['admin_addon', 'enhanced_pcc_recoupment', 'net_cash', 'expenditure_completion']);
    const col = (name: string) => rows[0]!.indexOf(name);
    expect(rows.slice(1).map((x) => [x[1], x[col('shared_savings')], x[col('settlement')], ...x.slice(-10, -7)])).toEqual([
      ['benchmark', '196.28', '192.35', '18.00', '-24.00', '168.35'],
      ['separate', '185.92', '182.20', '18.00', '-24.00', '176.20'],
    ]);
  });

  it('JSON: schema 3, the lead lines, scenario.assumed with tags and sources', async () => {
    // B = 12 x 100.00 = 1,200.00; D = W = Q = 36.00; B* = 1,164.00; PCC 84.00 (no primary care: no fee reduction)
    // E = 900 + 84 = 984.00; S = 180.00 (15.46% of 1,164: 174.60 at 100%, 5.40 at 50% = 177.30); seq 3.546 -> 3.55
    // settlement 173.75; Pe = 0.02 x 1,200 = 24.00; net cash 149.75
    const r = await dcsimInProcess(['run', data(2027), '--rules', 'lead', '--spending-class', 'lower', '--benchmark-pbpm', 'aged_disabled=100', '--pcc-base-rate', '0.07', '-O', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema_version).toBe(3);
    const y = j.years[0];
    expect([y.shared_savings, y.sequestration, y.settlement, y.admin_addon, y.enhanced_pcc_recoupment, y.net_cash]).toEqual(['177.30', '3.55', '173.75', '0.00', '-24.00', '149.75']);
    expect(j.scenario.spending_class).toBe('lower');
    expect(j.scenario.assumed.find((a: { key: string }) => a.key === 'withhold_rate')).toEqual({ key: 'withhold_rate', value: '0.03', tag: 'S', source: 'WK-W, WB: 3% of the benchmark every PY' });
    expect(r.stderr).toMatch(/dcsim: assumed \(rule set lead, not CMS text\): discount_rate \(lower-spending\)=0\.03 \[S\]/);
  });
});
