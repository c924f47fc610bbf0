// Issue 10 (METHODOLOGY 4.1-4.3, section 5 steps 4 and 7, section 10 schema 2): HEBA, the retention
// withhold, the risk-score chain and the RTA guardrail, through the one kernel. Every expected figure
// is computed by hand in the comment beside it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCents, formatRatio, R0, R1, ratio } from '../src/domain/exact.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { settleYear, type EntitlementSums, type YearRules, type YearSums } from '../src/engines/kernel.js';
import { TRACKS } from '../src/engines/registry.js';
import { corridorOf, guardedRta, RULE_SETS } from '../src/domain/rules.js';
import { exactBands } from '../src/engines/kernel.js';
import { simulate, yearRulesOf, yearSumsOf } from '../src/usecases/simulate.js';
import { dcsimInProcess, readFast } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SMALL = ['test/fixtures/small.csv', '--scenario', 'test/fixtures/small-scenario.json'];
const m = formatCents;

const none: EntitlementSums = { months: 0, riskMonths: R0, ownRateBenchmark: R0, riskMonthsAll: R0, rowsNeedingRate: 0 };

/** Reach Global PY2023 rules, no capitation unless given. */
function rules(over: Partial<YearRules> = {}): YearRules {
  return {
    py: 2023, discountRate: ratio('0.03'), withholdRate: ratio('0.02'), withholdBase: 'benchmark', qualityScore: R1,
    retentionWithholdRate: R0, sequestrationRate: ratio('0.02'), rta: R1, rtaGuardrail: false, rates: {},
    hebaUpPbpm: ratio('30'), hebaDownPbpm: ratio('6'), corridorBase: 'performance_benchmark',
    bands: exactBands(corridorOf(TRACKS.global!, RULE_SETS.reach, 2023)),
    capitation: { base: 'benchmark', reduces: 'primaryCare', rate: R0, feeReductionRate: R1 },
    ...over,
  };
}

describe('HEBA and the retention withhold: one PY, every line to the cent', () => {
  it('Global reach PY2023, q 0.9, retention 2%, PCC 7%, 120 up months and 300 down months', () => {
    // Own-rate rows' benchmark 1,000,000.00 (A&D), RTA 1:   B  = 1,000,000.00
    // D = 0.03 x B = 30,000.00;  W = 0.02 x B = 20,000.00;  Q = 0.9 x W = 18,000.00
    // R = 0.02 x (B - D - W + Q) = 0.02 x 968,000.00 = 19,360.00
    // B* = 968,000.00 - 19,360.00 = 948,640.00
    // H = 30.00 x 120 - 6.00 x 300 = 3,600.00 - 1,800.00 = 1,800.00 (after the withholds; not discounted)
    // PCC 0.07 x B = 70,000.00; fee reduction 1 x 50,000.00 primary care = 50,000.00
    // E = 880,000.00 - 50,000.00 + 70,000.00 = 900,000.00
    // S = B* + H - E = 948,640.00 + 1,800.00 - 900,000.00 = 50,440.00
    // savings rate = S / B* (HEBA not in it) = 50,440 / 948,640 = 0.05317085511... -> 0.0531708551
    // corridor base = B* + H = 950,440.00; 25% of it = 237,610.00 > S: band 1 keeps 100% -> 50,440.00
    // sequestration = 0.02 x 50,440 = 1,008.80; settlement = 49,431.20
    // gross = B - E = 100,000.00; CMS net = 100,000.00 - 49,431.20 = 50,568.80
    const sums: YearSums = {
      py: 2023, memberMonths: 1200, expenditure: 88_000_000n, primaryCare: 5_000_000n, participant: 0n,
      entitlements: { aged_disabled: { ...none, months: 1200, ownRateBenchmark: ratio('1000000') }, esrd: none },
      hebaUpMonths: 120, hebaDownMonths: 300, stopLossExcess: [],
    };
    const k = settleYear(sums, rules({
      qualityScore: ratio('0.9'), retentionWithholdRate: ratio('0.02'),
      capitation: { base: 'benchmark', reduces: 'primaryCare', rate: ratio('0.07'), feeReductionRate: R1 },
    }));
    expect({
      B: m(k.benchmark), D: m(k.discount), W: m(k.qualityWithhold), Q: m(k.withholdEarned), R: m(k.retentionWithhold),
      Bstar: m(k.performanceBenchmark), H: m(k.heba), cap: m(k.capitationPaid), fee: m(k.feeReduction), E: m(k.expenditure),
      S: m(k.savings), rate: formatRatio(k.savingsRate, 10), base: m(k.corridorBase), shared: m(k.sharedSavings),
      seq: m(k.sequestration), settlement: m(k.settlement), gross: m(k.grossSavings), net: m(k.cmsNetSavings),
    }).toEqual({
      B: '1000000.00', D: '30000.00', W: '20000.00', Q: '18000.00', R: '19360.00', Bstar: '948640.00', H: '1800.00',
      cap: '70000.00', fee: '50000.00', E: '900000.00', S: '50440.00', rate: '0.0531708551', base: '950440.00',
      shared: '50440.00', seq: '1008.80', settlement: '49431.20', gross: '100000.00', net: '50568.80',
    });
  });

  it('HEBA moves the corridor edges: a loss past 25% of B* but not of B* + H', () => {
    // B = 1,000,000.00, no discount/withhold: B* = 1,000,000.00; H = 30 x 2,000 = 60,000.00
    // E = 1,320,000.00: S = 1,000,000 + 60,000 - 1,320,000 = -260,000.00
    // base = B* + H = 1,060,000.00; 25% edge = 265,000.00 > 260,000: all in band 1 -> shared -260,000.00
    // (on B* alone the edge would be 250,000.00 and 10,000.00 would fall in the 50% band)
    const sums: YearSums = {
      py: 2023, memberMonths: 12000, expenditure: 132_000_000n, primaryCare: 0n, participant: 0n,
      entitlements: { aged_disabled: { ...none, months: 12000, ownRateBenchmark: ratio('1000000') }, esrd: none },
      hebaUpMonths: 2000, hebaDownMonths: 0, stopLossExcess: [],
    };
    const k = settleYear(sums, rules({ discountRate: R0, withholdRate: R0 }));
    expect([m(k.heba), m(k.savings), m(k.corridorBase), m(k.sharedSavings), m(k.settlement)]).toEqual(['60000.00', '-260000.00', '1060000.00', '-260000.00', '-260000.00']);
    // savings rate = -260,000 / 1,000,000 = -0.26 (B*, not B* + H)
    expect(formatRatio(k.savingsRate)).toBe('-0.26');
  });
});

describe('risk-score chain (METHODOLOGY 4.1)', () => {
  // A&D only: 1,000 member months, Σ risk x months 1,050 (raw = 1.05), all at the scenario rate 1,000.00.
  // normalization factor 1.05 -> normalized = 1.05 / 1.05 = 1; CIF 0.99; cap 0.03.
  const sums: YearSums = {
    py: 2023, memberMonths: 1000, expenditure: 0n, primaryCare: 0n, participant: 0n,
    entitlements: { aged_disabled: { months: 1000, riskMonths: ratio('1050'), ownRateBenchmark: R0, riskMonthsAll: ratio('1050'), rowsNeedingRate: 10 }, esrd: none },
    hebaUpMonths: 0, hebaDownMonths: 0, stopLossExcess: [],
  };
  const chain = (reference: string) => rules({
    rates: { aged_disabled: ratio('1000') },
    riskChain: { normalizationFactor: { aged_disabled: ratio('1.05') }, codingIntensityFactor: { aged_disabled: ratio('0.99') }, cap: ratio('0.03'), reference: { aged_disabled: ratio(reference) } },
  });
  const scores = (r: YearRules) => {
    const k = settleYear(sums, r);
    const s = k.risk!.aged_disabled!;
    return [formatRatio(s.raw), formatRatio(s.normalized), formatRatio(s.capped), formatRatio(s.benchmarkScore), m(k.benchmark)];
  };

  it('cap binding above: reference 0.95 -> bounds 0.9215..0.9785, normalized 1 capped to 0.9785', () => {
    // benchmark score = 0.9785 x 0.99 = 0.968715; B = 1,000 x 1,050 x 0.968715 / 1.05 = 968,715.00
    expect(scores(chain('0.95'))).toEqual(['1.05', '1', '0.9785', '0.968715', '968715.00']);
  });
  it('cap binding below: reference 1.05 -> bounds 1.0185..1.0815, normalized 1 raised to 1.0185', () => {
    // benchmark score = 1.0185 x 0.99 = 1.008315; B = 1,000 x 1,000 x 1.008315 = 1,008,315.00
    expect(scores(chain('1.05'))).toEqual(['1.05', '1', '1.0185', '1.008315', '1008315.00']);
  });
  it('cap not binding: reference 1.01 -> bounds 0.9797..1.0403, normalized 1 kept', () => {
    // benchmark score = 1 x 0.99 = 0.99; B = 1,000 x 1,000 x 0.99 = 990,000.00
    expect(scores(chain('1.01'))).toEqual(['1.05', '1', '1', '0.99', '990000.00']);
  });

  it('risk_reference_year from the data (small.csv): PY2024 A&D is capped below, ESRD is not', () => {
    // PY2023 A&D aligned rows: B1 1.0 x 12, B2 1.5 x 6, B5 0.9 x 12 -> raw = 31.8 / 30 = 1.06; ESRD B3 raw 1.1.
    // PY2024: A&D B1 raw 1.0, bounds (1 -/+ 0.03) x 1.06 = 1.0282..1.0918 -> capped 1.0282;
    //         ESRD raw 1.1 within 1.067..1.133 -> 1.1.
    // B(2024) = 1,040 x 12 x 1.0282 + 8,200 x 13.2 x 1.1 / 1.1 = 12,831.936 + 108,240 = 121,071.936 -> 121,071.94
    // PY2023 is its own reference: nothing moves, B = 136,320.00 as without the chain.
    const text = readFileSync(`${ROOT}test/fixtures/small.csv`, 'utf8');
    const base = JSON.parse(readFileSync(`${ROOT}test/fixtures/small-scenario.json`, 'utf8'));
    const sim = simulate(readFast(text).population!, scenarioFromObject({ ...base, risk_score_cap: '0.03', risk_reference_year: 2023 }, FILE_ORIGIN('s.json')));
    const [y23, y24] = sim.years;
    expect(m(y23!.benchmark)).toBe('136320.00');
    expect(formatRatio(y24!.risk!.aged_disabled!.raw)).toBe('1');
    expect(formatRatio(y24!.risk!.aged_disabled!.capped)).toBe('1.0282');
    expect(formatRatio(y24!.risk!.esrd!.capped)).toBe('1.1');
    expect(m(y24!.benchmark)).toBe('121071.94');
    // yearRulesOf gives the kernel's rules of one PY of a resolved scenario; yearSumsOf its sums:
    // A&D PY2023 30 months, Σ risk x months 31.8 (raw 1.06), B5's own-rate rows: 900 x 0.9 x 12 = 9,720.
    expect(formatRatio(yearRulesOf(sim.scenario, 2024).riskChain!.reference!.aged_disabled!)).toBe('1.06');
    const sums = yearSumsOf(sim.population, 2023);
    expect([sums.entitlements.aged_disabled.months, formatRatio(sums.entitlements.aged_disabled.riskMonthsAll), formatRatio(sums.entitlements.aged_disabled.ownRateBenchmark)]).toEqual([30, '31.8', '9720']);
  });

  it('High Needs entities are not capped in PY2023 (METHODOLOGY 4.1), and are from PY2024', () => {
    // small.csv with risk_reference_year 2024 (A&D normalized 1.0, so bounds 0.97..1.03):
    // PY2023 A&D raw 1.06 would be capped to 1.03, but a High Needs DCE is not capped in PY2023 -> 1.06.
    const text = readFileSync(`${ROOT}test/fixtures/small.csv`, 'utf8');
    const base = JSON.parse(readFileSync(`${ROOT}test/fixtures/small-scenario.json`, 'utf8'));
    const run = (dce: string) => simulate(readFast(text).population!, scenarioFromObject({ ...base, dce_type: dce, risk_score_cap: '0.03', risk_reference_year: 2024 }, FILE_ORIGIN('s.json'))).years[0]!;
    expect(formatRatio(run('standard').risk!.aged_disabled!.capped)).toBe('1.03');
    expect(formatRatio(run('high_needs').risk!.aged_disabled!.capped)).toBe('1.06');
  });

  it('a cap without a reference caps nothing, and says so', async () => {
    const r = await dcsimInProcess(['run', ...SMALL, '--risk-score-cap', '0.03', '-O', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: risk_score_cap has no reference \(reference_risk_score or risk_reference_year\): no cap was applied/);
    // normalization 1, CIF 1, no cap: every benchmark as without the chain (136,320.00 and 120,720.00)
    expect(r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',')[9])).toEqual(['136320.00', '120720.00']);
  });
});

describe('RTA guardrail (METHODOLOGY 4.3)', () => {
  const g = (x: string): string => formatRatio(guardedRta(ratio(x)));
  it('delta -5.28%: 0.9472 -> 0.9536 (all of 4%, half of the next 1.28%)', () => {
    // |d| = 0.0528: 0.04 + 0.5 x (0.0528 - 0.04) = 0.04 + 0.0064 = 0.0464 -> 1 - 0.0464 = 0.9536
    expect(g('0.9472')).toBe('0.9536');
  });
  it('delta +2%: within 4%, unchanged', () => {
    expect(g('1.02')).toBe('1.02');
  });
  it('delta +9%: 4% + half of 4%, none beyond 8% -> 1.06', () => {
    // 0.04 + 0.5 x (0.08 - 0.04) = 0.06
    expect(g('1.09')).toBe('1.06');
  });
  it('through dcsim run: both RTAs reported; B uses the effective one (from PY2024: the rule set\'s first PY)', async () => {
    // PY2023: the guardrail starts with PY2024, so B = 136,320 x 0.9472 = 129,122.304 -> 129,122.30
    const r = await dcsimInProcess(['run', ...SMALL, '--rta', '0.9472', '--rta-guardrail', '-O', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenario.rta).toEqual({ 2023: '0.9472', 2024: '0.9472' });
    expect(j.scenario.rta_effective).toEqual({ 2023: '0.9472', 2024: '0.9536' });
    expect(j.years[0].benchmark).toBe('129122.30');
  });
});

describe('schema version 2 outputs', () => {
  it('JSON: risk per PY when the chain is used; CSV: the v1 columns, then retention_withhold, heba, corridor_base', async () => {
    const j = JSON.parse((await dcsimInProcess(['run', ...SMALL, '--risk-score-cap', '0.03', '--risk-reference-year', '2023', '-O', 'json'])).stdout);
    expect(j.schema_version).toBe(3); // schema 3 appends later lines; version 2's stay where they were
    expect(j.years[1].risk.aged_disabled).toEqual({ raw: '1', normalized: '1', capped: '1.0282', benchmark_score: '1.0282' });
    // the reference taken from PY2023 is reported as the effective reference_risk_score (A&D 1.06, ESRD 1.1)
    expect(j.scenario.risk_reference_year).toBe(2023);
    expect(j.scenario.reference_risk_score).toEqual({ aged_disabled: { 2023: '1.06', 2024: '1.06' }, esrd: { 2023: '1.1', 2024: '1.1' } });
    // Retention 2% on PY2023: R = 0.02 x 132,230.40 = 2,644.608 -> 2,644.61; B* = 129,585.79 = corridor base
    const csv = (await dcsimInProcess(['run', ...SMALL, '--retention-withhold-rate', '2023=0.02', '-O', 'csv'])).stdout.trimEnd().split('\n');
    // (schema 3 appends admin_addon, enhanced_pcc_recoupment, net_cash after them)
    expect(csv[0]!.split(',').slice(23, 27)).toEqual(['cms_net_savings', 'retention_withhold', 'heba', 'corridor_base']);
    expect(csv[1]!.split(',').slice(24, 27)).toEqual(['2644.61', '0.00', '129585.79']);
    expect(csv[1]!.split(',')[13]).toBe('129585.79');
  });

  it('the table gains the retention line (and relabels B*) only when it is non-zero, and a risk block with the chain', async () => {
    const plain = (await dcsimInProcess(['run', ...SMALL, '-O', 'table', '--no-color'])).stdout;
    expect(plain).not.toMatch(/Retention withhold/);
    expect(plain).not.toMatch(/Risk score/);
    const t = (await dcsimInProcess(['run', ...SMALL, '--retention-withhold-rate', '0.02', '--risk-score-cap', '0.03', '--risk-reference-year', '2023', '-O', 'table', '--no-color'])).stdout;
    expect(t).toMatch(/Retention withhold \(R\) +│ +2,644\.61/);
    expect(t).toMatch(/Performance benchmark \(B - D - W \+ Q - R\)/);
    expect(t).toMatch(/Risk score aged\/disabled: capped +│ +1\.06 +│ +1\.0282/);
  });

  it('sweep and compare carry the new lines; --vary works on a new key', async () => {
    const s = (await dcsimInProcess(['sweep', ...SMALL, '--vary', 'retention_withhold_rate=0,0.02', '-O', 'csv'])).stdout.trimEnd().split('\n');
    expect(s[0]!.includes(',cms_net_savings,retention_withhold,heba,corridor_base,admin_addon,enhanced_pcc_recoupment,net_cash,expenditure_completion')).toBe(true);
    // scenario 2, PY2023: R = 2,644.61 (as above)
    const at = s[0]!.split(',').indexOf('retention_withhold');
    expect(s[3]!.split(',').slice(at, at + 3)).toEqual(['2644.61', '0.00', '129585.79']);
    const c = JSON.parse((await dcsimInProcess(['compare', ...SMALL, '--retention-withhold-rate', '2023=0.02', '--tracks', 'global/pcc', '-O', 'json'])).stdout);
    expect(c.schema_version).toBe(3);
    expect(c.options[0].years[0].retention_withhold).toBe('2644.61');
    // sweep JSON rows carry the risk block (PY2024 A&D capped to 1.0282, as above)
    const j = JSON.parse((await dcsimInProcess(['sweep', ...SMALL, '--vary', 'risk_score_cap=0.03', '--risk-reference-year', '2023', '-O', 'json'])).stdout);
    expect(j.schema_version).toBe(3);
    expect(j.rows[1].risk.aged_disabled.capped).toBe('1.0282');
    expect(j.rows[1].benchmark).toBe('121071.94');
  });
});

describe('bad scenario values: exit 1 naming the key, nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    ['risk_score_cap 1.5', ['--risk-score-cap', '1.5'], /--risk-score-cap: 1\.5 is out of range \[0, 1\)/],
    ['risk_reference_year absent from the data', ['--risk-reference-year', '2030'], /"risk_reference_year": PY2030 is not in the data/],
    ['normalization_factor 0', ['--normalization-factor', 'aged_disabled=0'], /--normalization-factor: 0 is out of range > 0/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await dcsimInProcess(['run', ...SMALL, ...args, '-O', 'csv']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});


describe('the heba input column reaches the settlement', () => {
  it('small.csv with heba: PY2023 H = 30 x 12 (B1 up) - 6 x (6 + 12) (B2, B5 down) = 252.00; B4 is not aligned', () => {
    // S = B* + H - E = 132,230.40 + 252.00 - 109,642.40 = 22,840.00; corridor base = 132,482.40
    // savings rate = 22,840 / 132,230.40 (B*, not B* + H) = 0.17272881273... -> 0.1727288127
    // shared 22,840.00 (17%: band 1); sequestration 456.80; settlement 22,383.20. PY2024: no heba rows, H = 0.
    const lines = readFileSync(`${ROOT}test/fixtures/small.csv`, 'utf8').trimEnd().split('\n');
    const heba = ['heba', 'up', 'down', 'none', 'up', 'down', 'none', ''];
    const text = `${lines.map((l, i) => `${l},${heba[i]}`).join('\n')}\n`;
    const base = JSON.parse(readFileSync(`${ROOT}test/fixtures/small-scenario.json`, 'utf8'));
    const [y23, y24] = simulate(readFast(text).population!, scenarioFromObject(base, FILE_ORIGIN('s.json'))).years;
    expect([m(y23!.heba), m(y23!.savings), m(y23!.corridorBase), formatRatio(y23!.savingsRate, 10), m(y23!.sharedSavings), m(y23!.sequestration), m(y23!.settlement)])
      .toEqual(['252.00', '22840.00', '132482.40', '0.1727288127', '22840.00', '456.80', '22383.20']);
    expect(m(y24!.heba)).toBe('0.00');
    // Under dc there is no HEBA: the same data settles as without the column.
    const dc = simulate(readFast(text).population!, scenarioFromObject({ ...base, rules: 'dc' }, FILE_ORIGIN('s.json'))).years[0]!;
    expect(m(dc.heba)).toBe('0.00');
  });
});
