// Settlement lines of one PY (METHODOLOGY section 5) and scenario resolution (sections 6 and 9).
// Every expected figure is computed by hand in the comment beside it. Notation: B benchmark,
// D discount, W quality withhold, Q withhold earned back, B* = B - D - W + Q performance benchmark,
// E = FFS expenditure - fee reduction + capitation, S = B* - E savings, "rate" = S / corridor base.
// Every money line is rounded to the cent, half-even, when computed; later lines use rounded values.
import { describe, expect, it } from 'vitest';
import type { YearAggregate } from '../src/domain/aggregate.js';
import { Dec } from './decimal-oracle.js';
import { DcsimError } from '../src/domain/errors.js';
import { cmp, formatCents, formatRatio, R0, ratio, type Ratio } from '../src/domain/exact.js';
import { corridorOf, RULE_SETS, scheduleValue, type Band, type RuleSet } from '../src/domain/rules.js';
import type { PerYear, ScenarioInput } from '../src/domain/scenario.js';
import { exactBands, type YearRules } from '../src/engines/kernel.js';
import { CAPITATIONS, TRACKS } from '../src/engines/registry.js';
import { settleAggregate, type YearSettlement } from '../src/engines/settlement.js';
import { resolveScenario } from '../src/usecases/simulate.js';

// ---------------------------------------------------------------------------------------------
// helpers

const formatMoney = (c: bigint): string => formatCents(c);
const formatRate = (r: Ratio): string => formatRatio(r, 40);

interface AggSpec {
  py?: number;
  /** Σ own-rate row benchmarks, dollars (before RTA). */
  benchmark: string;
  /** Σ FFS expenditure over aligned rows, dollars. */
  expenditure: string;
  primaryCare?: string;
  participant?: string;
  riskMonths?: { aged_disabled?: string; esrd?: string };
}

const centsOf = (dollars: string): bigint => BigInt(new Dec(dollars).times(100).toFixed(0));

/** A hand-built YearAggregate; dollars as strings. Counts are placeholders (100 claims-aligned rows). */
function agg(a: AggSpec): YearAggregate {
  const rmAd = ratio(a.riskMonths?.aged_disabled ?? '0');
  const rmEsrd = ratio(a.riskMonths?.esrd ?? '0');
  const py = a.py ?? 2023;
  return {
    py,
    alignedBy: { mltss: 0, voluntary: 0, claims: 100 },
    monthsBy: { mltss: 0, voluntary: 0, claims: 1200 },
    aligned: 100,
    excluded: 0,
    memberMonths: 1200,
    sums: {
      py,
      memberMonths: 1200,
      expenditure: centsOf(a.expenditure),
      primaryCare: centsOf(a.primaryCare ?? '0'),
      participant: centsOf(a.participant ?? '0'),
      entitlements: {
        aged_disabled: { months: 1200, riskMonths: rmAd, ownRateBenchmark: ratio(a.benchmark), riskMonthsAll: rmAd, rowsNeedingRate: rmAd.n === 0n ? 0 : 1 },
        esrd: { months: 0, riskMonths: rmEsrd, ownRateBenchmark: R0, riskMonthsAll: rmEsrd, rowsNeedingRate: rmEsrd.n === 0n ? 0 : 1 },
      },
      hebaUpMonths: 0,
      hebaDownMonths: 0,
      stopLossExcess: [],
    },
    medicaidDuals: { spend: 0n, months: 0, rows: 0 },
  };
}

interface ParamSpec {
  py?: number;
  bands: readonly Band[];
  discount?: string;
  withhold?: string;
  quality?: string;
  sequestration?: string;
  rta?: string;
  feeReduction?: string;
  rates?: { aged_disabled?: string; esrd?: string };
  withholdBase?: 'benchmark' | 'discounted';
  corridorBase?: 'performance_benchmark' | 'benchmark';
  /** A capitation rate string, or null for "use the engine's default". Default '0' (no capitation). */
  capitationRate?: string | null;
}

/** A PY's rules and the capitation rate asked for (null: the engine's default). */
type Params = YearRules & { readonly capRate: string | null };

/** Hand-built YearRules; defaults: no discount/withhold, q = 1, seq 2%, RTA 1, fee reduction 100%, no capitation. */
function params(p: ParamSpec): Params {
  const rates: { aged_disabled?: Ratio; esrd?: Ratio } = {};
  if (p.rates?.aged_disabled !== undefined) rates.aged_disabled = ratio(p.rates.aged_disabled);
  if (p.rates?.esrd !== undefined) rates.esrd = ratio(p.rates.esrd);
  return {
    py: p.py ?? 2023,
    discountRate: ratio(p.discount ?? '0'),
    withholdRate: ratio(p.withhold ?? '0'),
    withholdBase: p.withholdBase ?? 'benchmark',
    qualityScore: ratio(p.quality ?? '1'),
    retentionWithholdRate: R0,
    sequestrationRate: ratio(p.sequestration ?? '0.02'),
    rta: ratio(p.rta ?? '1'),
    rtaGuardrail: false,
    rates,
    hebaUpPbpm: R0,
    hebaDownPbpm: R0,
    corridorBase: p.corridorBase ?? 'performance_benchmark',
    bands: exactBands(p.bands),
    capitation: { base: 'benchmark', reduces: 'primaryCare', feeReductionRate: ratio(p.feeReduction ?? '1') },
    capRate: p.capitationRate === undefined ? '0' : p.capitationRate,
  };
}

/** Settle through the kernel with a capitation engine: its base, its claims, its default rate when none is given. */
function settle(a: YearAggregate, p: Params | YearRules, capId: 'pcc' | 'tcc' = 'pcc', rules: RuleSet = RULE_SETS.dc): YearSettlement {
  if (!('capRate' in p)) return settleAggregate(a, p);
  const cap = CAPITATIONS[capId]!;
  const text = p.capRate ?? cap.defaultRate(rules, a.py);
  if (text === undefined) throw new Error(`no default ${capId} rate`);
  const rate = text === 'participant_share' ? undefined : ratio(text);
  return settleAggregate(a, { ...p, capitation: { base: cap.base, reduces: cap.reduces, feeReductionRate: p.capitation.feeReductionRate, ...(rate ? { rate } : {}) } }, cap.rateKey);
}

/** Every money line of a settlement as a two-decimal string. */
function lines(s: YearSettlement): Record<string, string> {
  return {
    benchmark: formatMoney(s.benchmark),
    discount: formatMoney(s.discount),
    quality_withhold: formatMoney(s.qualityWithhold),
    withhold_earned: formatMoney(s.withholdEarned),
    performance_benchmark: formatMoney(s.performanceBenchmark),
    capitation_paid: formatMoney(s.capitationPaid),
    fee_reduction: formatMoney(s.feeReduction),
    expenditure: formatMoney(s.expenditure),
    savings: formatMoney(s.savings),
    shared_savings: formatMoney(s.sharedSavings),
    sequestration: formatMoney(s.sequestration),
    settlement: formatMoney(s.settlement),
    gross_savings: formatMoney(s.grossSavings),
    cms_net_savings: formatMoney(s.cmsNetSavings),
  };
}

/** Invariants that hold for every settlement: the table adds up to the cent. */
function expectAddsUp(s: YearSettlement): void {
  expect(s.performanceBenchmark).toBe(s.benchmark - s.discount - s.qualityWithhold + s.withholdEarned - s.retentionWithhold);
  expect(s.expenditure).toBe(s.ffsExpenditure - s.feeReduction + s.capitationPaid - s.stopLossPayout + s.stopLossCharge);
  expect(s.savings).toBe(s.performanceBenchmark + s.heba - s.expenditure);
  expect(s.settlement).toBe(s.sharedSavings - s.sequestration);
  expect(s.grossSavings).toBe(s.benchmark - s.expenditure);
  expect(s.cmsNetSavings).toBe(s.grossSavings - s.settlement);
}

const GLOBAL: readonly Band[] = TRACKS.global!.corridors.dc.standard;
const PROFESSIONAL: readonly Band[] = TRACKS.professional!.corridors.dc.standard;
const REACH_GLOBAL_2023 = corridorOf(TRACKS.global!, RULE_SETS.reach, 2023);
const REACH_PROFESSIONAL_2023 = corridorOf(TRACKS.professional!, RULE_SETS.reach, 2023);

const perYear = (all: string): PerYear => ({ all: ratio(all), byYear: new Map() });

// ---------------------------------------------------------------------------------------------

describe('worked examples from the issue (reach, PY2023, no capitation, q = 1)', () => {
  it('the reach rule set has d = 3% and w = 2% for PY2023', () => {
    expect(scheduleValue(RULE_SETS.reach.discount, 2023)).toBe('0.03');
    expect(scheduleValue(RULE_SETS.reach.withhold, 2023)).toBe('0.02');
  });

  it('Global: B 12,000,000, E 10,800,000 -> shared 840,000.00, settlement 823,200.00', () => {
    // B  = 12,000,000.00
    // D  = 0.03 x 12,000,000 = 360,000.00
    // W  = 0.02 x 12,000,000 = 240,000.00;  Q = 1 x 240,000 = 240,000.00
    // B* = 12,000,000 - 360,000 - 240,000 + 240,000 = 11,640,000.00
    // capitation 0 (pcc rate 0), fee reduction 1 x 0 = 0  =>  E = 10,800,000.00
    // S  = 11,640,000 - 10,800,000 = 840,000.00; rate = 840,000 / 11,640,000 = 7/97 ~ 7.22%
    // band 0-25% (edge 2,910,000) keeps 100%: 840,000 x 1 = 840,000.00
    // sequestration = 0.02 x 840,000 = 16,800.00;  settlement = 840,000 - 16,800 = 823,200.00
    // gross = 12,000,000 - 10,800,000 = 1,200,000.00;  CMS net = 1,200,000 - 823,200 = 376,800.00
    const s = settle(
      agg({ benchmark: '12000000', expenditure: '10800000' }),
      params({ discount: '0.03', withhold: '0.02', quality: '1', bands: REACH_GLOBAL_2023, capitationRate: '0' }),
    );
    expect(lines(s)).toEqual({
      benchmark: '12000000.00',
      discount: '360000.00',
      quality_withhold: '240000.00',
      withhold_earned: '240000.00',
      performance_benchmark: '11640000.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '10800000.00',
      savings: '840000.00',
      shared_savings: '840000.00',
      sequestration: '16800.00',
      settlement: '823200.00',
      gross_savings: '1200000.00',
      cms_net_savings: '376800.00',
    });
    expect(cmp(s.savingsRate, { n: 7n, d: 97n })).toBe(0);
    expectAddsUp(s);
  });

  it('Professional: same figures (no discount) -> shared 510,000.00, settlement 499,800.00', () => {
    // B  = 12,000,000.00;  D = 0 (Professional)
    // W  = 0.02 x 12,000,000 = 240,000.00;  Q = 240,000.00
    // B* = 12,000,000 - 0 - 240,000 + 240,000 = 12,000,000.00;  E = 10,800,000.00
    // S  = 1,200,000.00;  rate = 1,200,000 / 12,000,000 = 10% (exactly the top of band 2)
    // band 0-5%:  600,000 x 0.50 = 300,000
    // band 5-10%: 600,000 x 0.35 = 210,000          shared = 510,000.00
    // sequestration = 0.02 x 510,000 = 10,200.00;  settlement = 499,800.00
    // gross = 1,200,000.00;  CMS net = 1,200,000 - 499,800 = 700,200.00
    const s = settle(
      agg({ benchmark: '12000000', expenditure: '10800000' }),
      params({ discount: '0', withhold: '0.02', quality: '1', bands: REACH_PROFESSIONAL_2023, capitationRate: '0' }),
    );
    expect(lines(s)).toEqual({
      benchmark: '12000000.00',
      discount: '0.00',
      quality_withhold: '240000.00',
      withhold_earned: '240000.00',
      performance_benchmark: '12000000.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '10800000.00',
      savings: '1200000.00',
      shared_savings: '510000.00',
      sequestration: '10200.00',
      settlement: '499800.00',
      gross_savings: '1200000.00',
      cms_net_savings: '700200.00',
    });
    expect(formatRate(s.savingsRate)).toBe('0.1');
    expectAddsUp(s);
  });

  it('resolveScenario gives the same parameters, and so the same settlements', () => {
    // Same cases through the rule set: reach, PY2023, pcc_rate 0. Expected as computed above.
    const a = agg({ benchmark: '12000000', expenditure: '10800000' });
    for (const [track, settlement] of [['global', '823200.00'], ['professional', '499800.00']] as const) {
      const r = resolveScenario({ rules: 'reach', track, pcc_rate: perYear('0') }, [2023]);
      const p = r.years[0]!.rules;
      expect(formatRate(p.discountRate)).toBe(track === 'global' ? '0.03' : '0');
      expect(formatRate(p.withholdRate)).toBe('0.02');
      expect(formatMoney(settle(a, p).settlement)).toBe(settlement);
    }
  });
});

describe('discount and quality withhold', () => {
  it('withhold_base benchmark, partial quality q = 0.37 (Global dc PY2024: d 4%, w 5%)', () => {
    // B  = 10,000,000.00;  D = 0.04 x 10,000,000 = 400,000.00
    // W  = 0.05 x B = 0.05 x 10,000,000 = 500,000.00
    // Q  = 0.37 x 500,000 = 185,000.00
    // B* = 10,000,000 - 400,000 - 500,000 + 185,000 = 9,285,000.00
    // E  = 9,000,000.00;  S = 285,000.00;  rate = 285,000 / 9,285,000 ~ 3.07% -> band 1, 100%
    // shared 285,000.00;  seq 0.02 x 285,000 = 5,700.00;  settlement 279,300.00
    // gross = 10,000,000 - 9,000,000 = 1,000,000.00;  CMS net = 1,000,000 - 279,300 = 720,700.00
    const s = settle(
      agg({ py: 2024, benchmark: '10000000', expenditure: '9000000' }),
      params({ py: 2024, discount: '0.04', withhold: '0.05', quality: '0.37', withholdBase: 'benchmark', bands: GLOBAL }),
    );
    expect(lines(s)).toEqual({
      benchmark: '10000000.00',
      discount: '400000.00',
      quality_withhold: '500000.00',
      withhold_earned: '185000.00',
      performance_benchmark: '9285000.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '9000000.00',
      savings: '285000.00',
      shared_savings: '285000.00',
      sequestration: '5700.00',
      settlement: '279300.00',
      gross_savings: '1000000.00',
      cms_net_savings: '720700.00',
    });
    expectAddsUp(s);
  });

  it('withhold_base discounted: W = w x (B - D)', () => {
    // B  = 10,000,000.00;  D = 400,000.00;  base B - D = 9,600,000
    // W  = 0.05 x 9,600,000 = 480,000.00;  Q = 0.37 x 480,000 = 177,600.00
    // B* = 10,000,000 - 400,000 - 480,000 + 177,600 = 9,297,600.00
    // E  = 9,000,000.00;  S = 297,600.00 (~3.2%, band 1, 100%) -> shared 297,600.00
    // seq = 0.02 x 297,600 = 5,952.00;  settlement = 291,648.00
    // gross = 1,000,000.00;  CMS net = 1,000,000 - 291,648 = 708,352.00
    const s = settle(
      agg({ py: 2024, benchmark: '10000000', expenditure: '9000000' }),
      params({ py: 2024, discount: '0.04', withhold: '0.05', quality: '0.37', withholdBase: 'discounted', bands: GLOBAL }),
    );
    expect(lines(s)).toEqual({
      benchmark: '10000000.00',
      discount: '400000.00',
      quality_withhold: '480000.00',
      withhold_earned: '177600.00',
      performance_benchmark: '9297600.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '9000000.00',
      savings: '297600.00',
      shared_savings: '297600.00',
      sequestration: '5952.00',
      settlement: '291648.00',
      gross_savings: '1000000.00',
      cms_net_savings: '708352.00',
    });
    expectAddsUp(s);
  });

  it('q = 0 earns nothing back; q = 1 earns it all', () => {
    // B = 10,000,000; D = 0; W = 0.05 x B = 500,000.00
    // q = 0: Q = 0.00, B* = 9,500,000.00;  q = 1: Q = 500,000.00, B* = 10,000,000.00
    const a = agg({ benchmark: '10000000', expenditure: '9000000' });
    const s0 = settle(a, params({ withhold: '0.05', quality: '0', bands: GLOBAL }));
    const s1 = settle(a, params({ withhold: '0.05', quality: '1', bands: GLOBAL }));
    expect([formatMoney(s0.withholdEarned), formatMoney(s0.performanceBenchmark)]).toEqual(['0.00', '9500000.00']);
    expect([formatMoney(s1.withholdEarned), formatMoney(s1.performanceBenchmark)]).toEqual(['500000.00', '10000000.00']);
  });

  it('Q is computed from the rounded W (Professional, q = 0.37, cents everywhere)', () => {
    // B  = 1,234,567.89;  D = 0
    // W  = 0.05 x 1,234,567.89 = 61,728.3945 -> 61,728.39
    // Q  = 0.37 x 61,728.39 = 22,839.5043 -> 22,839.50
    //      (from the unrounded W it would be 0.37 x 61,728.3945 = 22,839.505965 -> 22,839.51: wrong)
    // B* = 1,234,567.89 - 61,728.39 + 22,839.50 = 1,195,679.00
    // E  = 1,100,000.00;  S = 95,679.00;  rate = 95,679 / 1,195,679 ~ 8.0% (band 2)
    // edge 5% = 0.05 x 1,195,679 = 59,783.95
    // band 1: 59,783.95 x 0.50 = 29,891.975
    // band 2: (95,679 - 59,783.95) = 35,895.05 x 0.35 = 12,563.2675
    // shared = 42,455.2425 -> 42,455.24;  seq = 0.02 x 42,455.24 = 849.1048 -> 849.10
    // settlement = 42,455.24 - 849.10 = 41,606.14
    // gross = 1,234,567.89 - 1,100,000 = 134,567.89;  CMS net = 134,567.89 - 41,606.14 = 92,961.75
    const s = settle(
      agg({ benchmark: '1234567.89', expenditure: '1100000' }),
      params({ withhold: '0.05', quality: '0.37', bands: PROFESSIONAL }),
    );
    expect(lines(s)).toEqual({
      benchmark: '1234567.89',
      discount: '0.00',
      quality_withhold: '61728.39',
      withhold_earned: '22839.50',
      performance_benchmark: '1195679.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '1100000.00',
      savings: '95679.00',
      shared_savings: '42455.24',
      sequestration: '849.10',
      settlement: '41606.14',
      gross_savings: '134567.89',
      cms_net_savings: '92961.75',
    });
    expectAddsUp(s);
  });
});

describe('capitation and fee reduction', () => {
  // Global dc PY2022: d 2%, w 5%, q 1.  B = 10,000,000.00; D = 200,000.00; W = Q = 500,000.00;
  // B* = 10,000,000 - 200,000 - 500,000 + 500,000 = 9,800,000.00.  FFS expenditure 9,200,000.00.
  const base = { py: 2022, discount: '0.02', withhold: '0.05', quality: '1', bands: GLOBAL } as const;

  it('PCC 7% of B, fee reduction 100% of primary care spend', () => {
    // capitation = 0.07 x 10,000,000 = 700,000.00
    // fee reduction = 1 x 650,000 = 650,000.00
    // E = 9,200,000 - 650,000 + 700,000 = 9,250,000.00
    // S = 9,800,000 - 9,250,000 = 550,000.00 (~5.6%, band 1) -> shared 550,000.00
    // seq = 0.02 x 550,000 = 11,000.00;  settlement = 539,000.00
    // gross = 10,000,000 - 9,250,000 = 750,000.00;  CMS net = 750,000 - 539,000 = 211,000.00
    const s = settle(
      agg({ py: 2022, benchmark: '10000000', expenditure: '9200000', primaryCare: '650000', participant: '3000000' }),
      params({ ...base, capitationRate: '0.07', feeReduction: '1' }),
    );
    expect(lines(s)).toEqual({
      benchmark: '10000000.00',
      discount: '200000.00',
      quality_withhold: '500000.00',
      withhold_earned: '500000.00',
      performance_benchmark: '9800000.00',
      capitation_paid: '700000.00',
      fee_reduction: '650000.00',
      expenditure: '9250000.00',
      savings: '550000.00',
      shared_savings: '550000.00',
      sequestration: '11000.00',
      settlement: '539000.00',
      gross_savings: '750000.00',
      cms_net_savings: '211000.00',
    });
    expectAddsUp(s);
  });

  it('PCC default rate comes from the engine (rule set 7%) through the callback', () => {
    // capitationRate undefined -> CAPITATIONS.pcc.defaultRate(dc) = 0.07: same lines as above.
    const s = settle(
      agg({ py: 2022, benchmark: '10000000', expenditure: '9200000', primaryCare: '650000' }),
      params({ ...base, capitationRate: null }),
    );
    expect(formatRate(s.capitationRate)).toBe('0.07');
    expect(formatMoney(s.capitationPaid)).toBe('700000.00');
    expect(formatMoney(s.settlement)).toBe('539000.00');
    expect(s.notes).toEqual([]);
  });

  it('PCC with a partial fee reduction (35%) and a resulting loss', () => {
    // capitation = 0.07 x 10,000,000 = 700,000.00
    // fee reduction = 0.35 x 123,456.78 = 43,209.873 -> 43,209.87
    // E = 9,200,000 - 43,209.87 + 700,000 = 9,856,790.13
    // S = 9,800,000 - 9,856,790.13 = -56,790.13 (~ -0.58%, band 1, 100%) -> shared -56,790.13
    // losses: no sequestration (0.00);  settlement = -56,790.13
    // gross = 10,000,000 - 9,856,790.13 = 143,209.87
    // CMS net = 143,209.87 - (-56,790.13) = 200,000.00
    const s = settle(
      agg({ py: 2022, benchmark: '10000000', expenditure: '9200000', primaryCare: '123456.78' }),
      params({ ...base, capitationRate: '0.07', feeReduction: '0.35' }),
    );
    expect(lines(s)).toEqual({
      benchmark: '10000000.00',
      discount: '200000.00',
      quality_withhold: '500000.00',
      withhold_earned: '500000.00',
      performance_benchmark: '9800000.00',
      capitation_paid: '700000.00',
      fee_reduction: '43209.87',
      expenditure: '9856790.13',
      savings: '-56790.13',
      shared_savings: '-56790.13',
      sequestration: '0.00',
      settlement: '-56790.13',
      gross_savings: '143209.87',
      cms_net_savings: '200000.00',
    });
    expectAddsUp(s);
  });

  it('TCC = rate x (B - D), default rate participant / expenditure from the engine', () => {
    // Global dc PY2023: d 3%, w 5%, q 1.
    // B = 20,000,000.00;  D = 0.03 x 20,000,000 = 600,000.00;  W = Q = 1,000,000.00
    // B* = 20,000,000 - 600,000 - 1,000,000 + 1,000,000 = 19,400,000.00
    // default tcc_rate = participant / expenditure = 6,000,000 / 18,000,000 = 1/3 (exact fraction)
    // capitation = 1/3 x (20,000,000 - 600,000) = 19,400,000 / 3 = 6,466,666.666... -> 6,466,666.67
    // fee reduction = 1 x 6,000,000 = 6,000,000.00
    // E = 18,000,000 - 6,000,000 + 6,466,666.67 = 18,466,666.67
    // S = 19,400,000 - 18,466,666.67 = 933,333.33 (~4.8%, band 1) -> shared 933,333.33
    // seq = 0.02 x 933,333.33 = 18,666.6666 -> 18,666.67;  settlement = 914,666.66
    // gross = 20,000,000 - 18,466,666.67 = 1,533,333.33;  CMS net = 1,533,333.33 - 914,666.66 = 618,666.67
    const s = settle(
      agg({ py: 2023, benchmark: '20000000', expenditure: '18000000', primaryCare: '1000000', participant: '6000000' }),
      params({ py: 2023, discount: '0.03', withhold: '0.05', quality: '1', bands: GLOBAL, capitationRate: null }),
      'tcc',
    );
    expect(lines(s)).toEqual({
      benchmark: '20000000.00',
      discount: '600000.00',
      quality_withhold: '1000000.00',
      withhold_earned: '1000000.00',
      performance_benchmark: '19400000.00',
      capitation_paid: '6466666.67',
      fee_reduction: '6000000.00',
      expenditure: '18466666.67',
      savings: '933333.33',
      shared_savings: '933333.33',
      sequestration: '18666.67',
      settlement: '914666.66',
      gross_savings: '1533333.33',
      cms_net_savings: '618666.67',
    });
    expect(cmp(s.capitationRate, { n: 1n, d: 3n })).toBe(0);
    expect(s.notes).toHaveLength(1);
    expect(s.notes[0]).toMatch(/tcc_rate defaulted to participant_spend \/ expenditure/);
    expectAddsUp(s);
  });

  it('TCC with a given rate and a partial fee reduction', () => {
    // Same PY2023 figures.  tcc_rate 0.25, tcc_fee_reduction 0.5.
    // capitation = 0.25 x (20,000,000 - 600,000) = 4,850,000.00   (not 0.25 x B = 5,000,000)
    // fee reduction = 0.5 x 6,000,000 = 3,000,000.00
    // E = 18,000,000 - 3,000,000 + 4,850,000 = 19,850,000.00
    // S = 19,400,000 - 19,850,000 = -450,000.00 (~ -2.3%, band 1) -> shared -450,000.00, no seq
    // gross = 20,000,000 - 19,850,000 = 150,000.00;  CMS net = 150,000 + 450,000 = 600,000.00
    const s = settle(
      agg({ py: 2023, benchmark: '20000000', expenditure: '18000000', participant: '6000000' }),
      params({ py: 2023, discount: '0.03', withhold: '0.05', quality: '1', bands: GLOBAL, capitationRate: '0.25', feeReduction: '0.5' }),
      'tcc',
    );
    expect(lines(s)).toEqual({
      benchmark: '20000000.00',
      discount: '600000.00',
      quality_withhold: '1000000.00',
      withhold_earned: '1000000.00',
      performance_benchmark: '19400000.00',
      capitation_paid: '4850000.00',
      fee_reduction: '3000000.00',
      expenditure: '19850000.00',
      savings: '-450000.00',
      shared_savings: '-450000.00',
      sequestration: '0.00',
      settlement: '-450000.00',
      gross_savings: '150000.00',
      cms_net_savings: '600000.00',
    });
    expect(s.notes).toEqual([]);
    expectAddsUp(s);
  });
});

describe('corridor base', () => {
  // Global dc PY2025: d 5%, w 5%, q 1.  B = 10,000,000.00; D = 500,000.00; W = Q = 500,000.00;
  // B* = 9,500,000.00.  E = 6,650,000.00  =>  S = 2,850,000.00;  gross = 3,350,000.00
  const a = agg({ py: 2025, benchmark: '10000000', expenditure: '6650000' });
  const p = (corridorBase: 'performance_benchmark' | 'benchmark') =>
    params({ py: 2025, discount: '0.05', withhold: '0.05', quality: '1', bands: GLOBAL, corridorBase });

  it('performance_benchmark (default): edges are shares of B*', () => {
    // rate = 2,850,000 / 9,500,000 = 30% (band 2)
    // band 1: 0.25 x 9,500,000 = 2,375,000 x 1.0 = 2,375,000
    // band 2: 2,850,000 - 2,375,000 = 475,000 x 0.5 = 237,500      shared = 2,612,500.00
    // seq = 0.02 x 2,612,500 = 52,250.00;  settlement = 2,560,250.00
    // CMS net = 3,350,000 - 2,560,250 = 789,750.00
    const s = settle(a, p('performance_benchmark'));
    expect(lines(s)).toEqual({
      benchmark: '10000000.00',
      discount: '500000.00',
      quality_withhold: '500000.00',
      withhold_earned: '500000.00',
      performance_benchmark: '9500000.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '6650000.00',
      savings: '2850000.00',
      shared_savings: '2612500.00',
      sequestration: '52250.00',
      settlement: '2560250.00',
      gross_savings: '3350000.00',
      cms_net_savings: '789750.00',
    });
    expect(formatRate(s.savingsRate)).toBe('0.3');
    expect(formatMoney(s.corridorBase)).toBe('9500000.00');
    expectAddsUp(s);
  });

  it('benchmark: edges are shares of B', () => {
    // rate = 2,850,000 / 10,000,000 = 28.5% (band 2)
    // band 1: 0.25 x 10,000,000 = 2,500,000 x 1.0 = 2,500,000
    // band 2: 2,850,000 - 2,500,000 = 350,000 x 0.5 = 175,000      shared = 2,675,000.00
    // seq = 0.02 x 2,675,000 = 53,500.00;  settlement = 2,621,500.00
    // CMS net = 3,350,000 - 2,621,500 = 728,500.00
    const s = settle(a, p('benchmark'));
    expect(lines(s)).toEqual({
      benchmark: '10000000.00',
      discount: '500000.00',
      quality_withhold: '500000.00',
      withhold_earned: '500000.00',
      performance_benchmark: '9500000.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '6650000.00',
      savings: '2850000.00',
      shared_savings: '2675000.00',
      sequestration: '53500.00',
      settlement: '2621500.00',
      gross_savings: '3350000.00',
      cms_net_savings: '728500.00',
    });
    expect(formatRate(s.savingsRate)).toBe('0.285');
    expect(formatMoney(s.corridorBase)).toBe('10000000.00');
    expectAddsUp(s);
  });

  it('a negative corridor base with non-zero savings is an error', () => {
    // d 0.6 + w 0.6 with q 0: B* = 1,000 - 600 - 600 + 0 = -200, S = -200 - 10 = -210: S / B* means nothing.
    expect(() =>
      settle(agg({ benchmark: '1000', expenditure: '10' }), params({ discount: '0.6', withhold: '0.6', quality: '0', bands: GLOBAL })),
    ).toThrow(/corridor base/);
  });

  it('a zero corridor base with non-zero savings is an error', () => {
    // d 0.5 + w 0.5 with q 0: B* = 1,000 - 500 - 500 + 0 = 0, S = 0 - 10 = -10: the savings rate
    // S / B* (METHODOLOGY 5.7) is undefined, so there is no band to put S in; settleYear means to
    // refuse ("the corridor base ... is 0.00, not positive").
    expect(() =>
      settle(agg({ benchmark: '1000', expenditure: '10' }), params({ discount: '0.5', withhold: '0.5', quality: '0', bands: GLOBAL })),
    ).toThrow(/corridor base/);
  });

  it('a zero corridor base with zero savings settles to zero', () => {
    // B* = 0 as above, E = 0: S = 0, rate 0, shared 0, settlement 0.
    const s = settle(agg({ benchmark: '1000', expenditure: '0' }), params({ discount: '0.5', withhold: '0.5', quality: '0', bands: GLOBAL }));
    expect([s.performanceBenchmark, s.savings, s.sharedSavings, s.settlement].map(formatMoney)).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });
});

describe('benchmark: RTA and rates', () => {
  it('RTA 0.9491 on an own-rate benchmark (Global dc PY2021: d 2%, w 5%)', () => {
    // B  = 12,000,000 x 0.9491 = 11,389,200.00
    // D  = 0.02 x 11,389,200 = 227,784.00;  W = 0.05 x 11,389,200 = 569,460.00 = Q
    // B* = 11,389,200 - 227,784 = 11,161,416.00;  E = 10,800,000.00
    // S  = 361,416.00 (~3.2%, band 1) -> shared 361,416.00
    // seq = 0.02 x 361,416 = 7,228.32;  settlement = 354,187.68
    // gross = 11,389,200 - 10,800,000 = 589,200.00;  CMS net = 589,200 - 354,187.68 = 235,012.32
    const s = settle(
      agg({ py: 2021, benchmark: '12000000', expenditure: '10800000' }),
      params({ py: 2021, discount: '0.02', withhold: '0.05', rta: '0.9491', bands: GLOBAL }),
    );
    expect(lines(s)).toEqual({
      benchmark: '11389200.00',
      discount: '227784.00',
      quality_withhold: '569460.00',
      withhold_earned: '569460.00',
      performance_benchmark: '11161416.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '10800000.00',
      savings: '361416.00',
      shared_savings: '361416.00',
      sequestration: '7228.32',
      settlement: '354187.68',
      gross_savings: '589200.00',
      cms_net_savings: '235012.32',
    });
    expectAddsUp(s);
  });

  it('RTA applies to scenario-rate rows and own-rate rows; B rounded once', () => {
    // unrounded = (own 0.125 + 1,000.00 x 12,345.6 A&D risk-months + 7,500.00 x 240 ESRD) x 0.9491
    //           = (0.125 + 12,345,600 + 1,800,000) x 0.9491 = 14,145,600.125 x 0.9491
    //           = 13,425,589.0786375 -> B = 13,425,589.08
    // Global reach PY2022: d 2%, w 5%, q 1
    // D  = 0.02 x 13,425,589.08 = 268,511.7816 -> 268,511.78
    // W  = 0.05 x 13,425,589.08 = 671,279.454 -> 671,279.45 = Q
    // B* = 13,425,589.08 - 268,511.78 = 13,157,077.30;  E = 12,500,000.00
    // S  = 657,077.30 (~5%, band 1) -> shared 657,077.30
    // seq = 0.02 x 657,077.30 = 13,141.546 -> 13,141.55;  settlement = 643,935.75
    // gross = 13,425,589.08 - 12,500,000 = 925,589.08;  CMS net = 925,589.08 - 643,935.75 = 281,653.33
    const a = agg({ py: 2022, benchmark: '0.125', expenditure: '12500000', riskMonths: { aged_disabled: '12345.6', esrd: '240' } });
    const p = params({ py: 2022, discount: '0.02', withhold: '0.05', rta: '0.9491', rates: { aged_disabled: '1000.00', esrd: '7500.00' }, bands: GLOBAL });
    expect(formatRatio(settle(a, p).benchmarkUnrounded, 20)).toBe('13425589.0786375');
    const s = settle(a, p);
    expect(lines(s)).toEqual({
      benchmark: '13425589.08',
      discount: '268511.78',
      quality_withhold: '671279.45',
      withhold_earned: '671279.45',
      performance_benchmark: '13157077.30',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '12500000.00',
      savings: '657077.30',
      shared_savings: '657077.30',
      sequestration: '13141.55',
      settlement: '643935.75',
      gross_savings: '925589.08',
      cms_net_savings: '281653.33',
    });
    expectAddsUp(s);
  });

  it('risk-months without a scenario rate is an error naming benchmark_pbpm', () => {
    const a = agg({ benchmark: '0', expenditure: '100', riskMonths: { esrd: '12' } });
    expect(() => settle(a, params({ bands: GLOBAL, rates: { aged_disabled: '1000' } }))).toThrow(/esrd/);
    try {
      settle(a, params({ bands: GLOBAL }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DcsimError);
      expect((e as DcsimError).diagnostics[0]!.hint).toMatch(/benchmark_pbpm/);
    }
  });
});

describe('half-even rounding to the cent', () => {
  it('B on half a cent rounds to even', () => {
    // 1,000,000.125 -> 1,000,000.12 (2 is even; half-up would give .13)
    // 1,000,000.135 -> 1,000,000.14 (3 is odd, rounds up to 4)
    const p = params({ bands: GLOBAL });
    expect(formatMoney(settle(agg({ benchmark: '1000000.125', expenditure: '0' }), p).benchmark)).toBe('1000000.12');
    expect(formatMoney(settle(agg({ benchmark: '1000000.135', expenditure: '0' }), p).benchmark)).toBe('1000000.14');
  });

  it('D = 0.02 x B landing on x.xx5 rounds down to even (and sequestration too)', () => {
    // B  = 1,000,000.25;  D = 0.02 x 1,000,000.25 = 20,000.005 -> 20,000.00 (half-up: 20,000.01)
    // W  = 0.05 x 1,000,000.25 = 50,000.0125 -> 50,000.01 = Q (q 1)
    // B* = 1,000,000.25 - 20,000.00 - 50,000.01 + 50,000.01 = 980,000.25
    // E  = 900,000.00;  S = 80,000.25 (~8.2%, band 1) -> shared 80,000.25
    // seq = 0.02 x 80,000.25 = 1,600.005 -> 1,600.00 (half-even again);  settlement = 78,400.25
    // gross = 100,000.25;  CMS net = 100,000.25 - 78,400.25 = 21,600.00
    const s = settle(agg({ benchmark: '1000000.25', expenditure: '900000' }), params({ discount: '0.02', withhold: '0.05', bands: GLOBAL }));
    expect(lines(s)).toEqual({
      benchmark: '1000000.25',
      discount: '20000.00',
      quality_withhold: '50000.01',
      withhold_earned: '50000.01',
      performance_benchmark: '980000.25',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '900000.00',
      savings: '80000.25',
      shared_savings: '80000.25',
      sequestration: '1600.00',
      settlement: '78400.25',
      gross_savings: '100000.25',
      cms_net_savings: '21600.00',
    });
    expectAddsUp(s);
  });

  it('D = 0.02 x B landing on x.xx5 after an odd digit rounds up to even', () => {
    // B  = 1,000,000.75;  D = 0.02 x 1,000,000.75 = 20,000.015 -> 20,000.02
    // W  = 0.05 x 1,000,000.75 = 50,000.0375 -> 50,000.04 = Q
    // B* = 1,000,000.75 - 20,000.02 = 980,000.73;  E = 900,000.00;  S = 80,000.73
    // shared 80,000.73;  seq = 0.02 x 80,000.73 = 1,600.0146 -> 1,600.01;  settlement = 78,400.72
    // gross = 100,000.75;  CMS net = 100,000.75 - 78,400.72 = 21,600.03
    const s = settle(agg({ benchmark: '1000000.75', expenditure: '900000' }), params({ discount: '0.02', withhold: '0.05', bands: GLOBAL }));
    expect(lines(s)).toEqual({
      benchmark: '1000000.75',
      discount: '20000.02',
      quality_withhold: '50000.04',
      withhold_earned: '50000.04',
      performance_benchmark: '980000.73',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '900000.00',
      savings: '80000.73',
      shared_savings: '80000.73',
      sequestration: '1600.01',
      settlement: '78400.72',
      gross_savings: '100000.75',
      cms_net_savings: '21600.03',
    });
    expectAddsUp(s);
  });

  it('fee reduction and capitation on half a cent round to even', () => {
    // pcc 0.07 x B, B = 1,000.50 -> 70.035 -> 70.04 (3 odd -> 4)
    // fee reduction 0.5 x 100.01 = 50.005 -> 50.00 (0 even)
    // E = 900.00 - 50.00 + 70.04 = 920.04
    const s = settle(
      agg({ benchmark: '1000.50', expenditure: '900', primaryCare: '100.01' }),
      params({ bands: GLOBAL, capitationRate: '0.07', feeReduction: '0.5' }),
    );
    expect([formatMoney(s.capitationPaid), formatMoney(s.feeReduction), formatMoney(s.expenditure)]).toEqual(['70.04', '50.00', '920.04']);
  });
});

describe('losses', () => {
  it('Professional loss in band 2: no sequestration; the DCE owes CMS', () => {
    // Professional dc PY2022: D = 0, w 5%, q 1 -> B* = B = 10,000,000.00
    // E = 10,800,000.00;  S = -800,000.00;  rate = -8% (band 2)
    // band 1: 0.05 x 10,000,000 = 500,000 x 0.50 = 250,000
    // band 2: 800,000 - 500,000 = 300,000 x 0.35 = 105,000      shared = -355,000.00
    // sequestration 0.00 (losses);  settlement = -355,000.00
    // gross = -800,000.00;  CMS net = -800,000 - (-355,000) = -445,000.00
    const s = settle(
      agg({ py: 2022, benchmark: '10000000', expenditure: '10800000' }),
      params({ py: 2022, withhold: '0.05', bands: PROFESSIONAL, sequestration: '0.02' }),
    );
    expect(lines(s)).toEqual({
      benchmark: '10000000.00',
      discount: '0.00',
      quality_withhold: '500000.00',
      withhold_earned: '500000.00',
      performance_benchmark: '10000000.00',
      capitation_paid: '0.00',
      fee_reduction: '0.00',
      expenditure: '10800000.00',
      savings: '-800000.00',
      shared_savings: '-355000.00',
      sequestration: '0.00',
      settlement: '-355000.00',
      gross_savings: '-800000.00',
      cms_net_savings: '-445000.00',
    });
    expect(s.sequestration).toBe(0n);
    expectAddsUp(s);
  });
});

describe('resolveScenario', () => {
  const catchErr = (f: () => unknown): DcsimError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DcsimError);
      return e as DcsimError;
    }
    throw new Error('expected an error');
  };

  it('dc rules, Global, PY2026 without a discount: error names discount_rate', () => {
    // dc's discount schedule covers 2021..2025 only.
    const e = catchErr(() => resolveScenario({ rules: 'dc', track: 'global' }, [2026]));
    expect(e.message).toMatch(/discount_rate/);
    expect(e.message).toMatch(/2026/);
    // With the discount given it resolves; the withhold is dc's 5% every PY.
    const r = resolveScenario({ rules: 'dc', track: 'global', discount_rate: perYear('0.05') }, [2026]);
    expect(formatRate(r.years[0]!.rules.discountRate)).toBe('0.05');
    expect(formatRate(r.years[0]!.rules.withholdRate)).toBe('0.05');
  });

  it('reach rules, Professional, PY2027: error names withhold_rate', () => {
    // Professional has discount 0 for every PY, so the first uncovered key is the withhold (reach: 2021..2026).
    const e = catchErr(() => resolveScenario({ rules: 'reach', track: 'professional' }, [2027]));
    expect(e.message).toMatch(/withhold_rate/);
    expect(e.message).not.toMatch(/discount_rate/);
  });

  it('withhold phase-in under dc, first PY 2021: 1%, 2%, 3%, 4%, 5%', () => {
    // 5% x min(k, 5)/5, k = PY - 2021 + 1: 2021 k=1 1%, 2022 k=2 2%, 2023 3%, 2024 4%, 2025 5%.
    const years = [2021, 2022, 2023, 2024, 2025];
    const input: ScenarioInput = { rules: 'dc', withhold_phase_in: true, first_performance_year: 2021 };
    const r = resolveScenario(input, years);
    expect(r.years.map((y) => formatRate(y.rules.withholdRate))).toEqual(['0.01', '0.02', '0.03', '0.04', '0.05']);
    expect(r.years.map((y) => formatRate(y.values.withhold_rate!))).toEqual(['0.05', '0.05', '0.05', '0.05', '0.05']);
    // Without first_performance_year it defaults to the first PY in the data: the same.
    const r2 = resolveScenario({ rules: 'dc', withhold_phase_in: true }, years);
    expect(r2.years.map((y) => formatRate(y.rules.withholdRate))).toEqual(['0.01', '0.02', '0.03', '0.04', '0.05']);
    // Without the phase-in: 5% every PY.
    const r3 = resolveScenario({ rules: 'dc' }, years);
    expect(r3.years.map((y) => formatRate(y.rules.withholdRate))).toEqual(['0.05', '0.05', '0.05', '0.05', '0.05']);
  });

  it('phase-in caps at 5/5 after the fifth PY', () => {
    // PY2026, first 2021: k = 6, min(6, 5)/5 = 1 -> 5% (discount passed: dc has none for 2026).
    const r = resolveScenario({ rules: 'dc', withhold_phase_in: true, first_performance_year: 2021, discount_rate: perYear('0.05') }, [2026]);
    expect(formatRate(r.years[0]!.rules.withholdRate)).toBe('0.05');
  });

  it('tcc with Professional: error names capitation', () => {
    const e = catchErr(() => resolveScenario({ track: 'professional', capitation: 'tcc' }, [2023]));
    expect(e.message).toMatch(/capitation/);
  });

  it('reach Global PY2026 resolves to the narrowed corridor; other tracks/years to the standard table', () => {
    // reach 2026: d 4%, w 5%; first band 0-10% at 100%.
    const r = resolveScenario({ rules: 'reach', track: 'global' }, [2025, 2026]);
    expect(r.years.map((y) => formatRate(y.rules.discountRate))).toEqual(['0.04', '0.04']);
    expect(r.years.map((y) => formatRate(y.rules.withholdRate))).toEqual(['0.02', '0.05']);
    expect(r.years[0]!.rules.bands[0]).toEqual(exactBands([{ from: '0', to: '0.25', share: '1' }])[0]);
    expect(r.years[1]!.rules.bands[0]).toEqual(exactBands([{ from: '0', to: '0.1', share: '1' }])[0]);
    const p = resolveScenario({ rules: 'reach', track: 'professional' }, [2026]);
    expect(p.years[0]!.rules.bands[0]).toEqual(exactBands([{ from: '0', to: '0.05', share: '0.5' }])[0]);
  });
});
