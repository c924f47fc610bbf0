// LEAD's benchmark build (METHODOLOGY-2027 section 2, step 0): the pure build by cohort, its reading
// from the scenario sub-object `lead_benchmark_build`, and the CLI's report of every intermediate.
// Every figure is worked by hand in the comment beside it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCents, formatRatio, toCents } from '../src/domain/exact.js';
import { buildLeadBenchmark, parseLeadBuild, type LeadBenchmarkBuild } from '../src/domain/lead-benchmark.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { dcsimInProcess } from './helpers.js';

const BUILD = {
  base_year_weights: { 2024: '0.1', 2025: '0.3', 2026: '0.6' },
  kappa: '0.05',
  acpt: { 2027: '1.05', 2028: '1.02' },
  cohorts: {
    ad_claims: {
      expenditure: { 2024: '900', 2025: '1000', 2026: '1100' }, regional: '1200', national: '1000', prior_savings: '40',
      two_way_trend: { 2027: '1.04', 2028: '1.03' }, risk_score: { 2027: '1.05', 2028: '1.0' }, risk_score_by3: '1.0', months: { 2027: '1200', 2028: '1000' },
    },
    hn_claims: {
      expenditure: { 2024: '3000', 2025: '3000', 2026: '3000' }, regional: '2900', national: '2500', high_needs: true,
      two_way_trend: { 2027: '1.05', 2028: '1.05' }, risk_score: { 2027: '0.95', 2028: '1' }, risk_score_by3: '1.0', months: { 2027: '100', 2028: '100' },
    },
  },
};

const fail = (message: string): never => {
  throw new Error(message);
};
const build = (o: unknown = BUILD): LeadBenchmarkBuild => parseLeadBuild(o, fail);
const r10 = (x: Parameters<typeof formatRatio>[0]) => formatRatio(x, 10);

describe('the build by cohort (pure)', () => {
  it('PY2027, lower-spending Global: REA capped, PSA lower, the ACPT guardrail and the risk cap binding', () => {
    // ad_claims: hist = 0.1 x 900 + 0.3 x 1,000 + 0.6 x 1,100 = 90 + 300 + 660 = 1,050
    //   REA = min(max(0.5 x (1,200 - 1,050), 0), 0.05 x 1,000) = min(75, 50) = 50; PSA = min(0.5 x 40, 50) = 20; adj = 50
    //   u = 2/3 x 1.04 + 1/3 x clamp(1.05, 1.038, 1.043) = (2.08 + 1.043) / 3 = 1.041 (the +0.3 pp guardrail binds)
    //   rho = clamp(1.05 / 1.0, 0.97, 1.03) = 1.03; row = 1,100 x 1.041 x 1.03 x 1,200 = 1,415,343.60
    // hn_claims: hist 3,000; REA = max(0.5 x (2,900 - 3,000), 0) = 0; PSA 0; adj 0
    //   u = (2 x 1.05 + clamp(1.05, 1.048, 1.053)) / 3 = 1.05; rho = clamp(0.95, 0.96, 1.04) = 0.96 (High Needs: 4%)
    //   row = 3,000 x 1.05 x 0.96 x 100 = 302,400.00.  B = 1,717,743.60
    const { total, cohorts } = buildLeadBenchmark(build(), 2027, true, () => 0);
    expect(cohorts.map((c) => [c.cohort, r10(c.hist), r10(c.rea), r10(c.psa), r10(c.adj), r10(c.u), r10(c.rho), r10(c.months), formatCents(toCents(c.rowBenchmark))])).toEqual([
      ['ad_claims', '1050', '50', '20', '50', '1.041', '1.03', '1200', '1415343.60'],
      ['hn_claims', '3000', '0', '0', '0', '1.05', '0.96', '100', '302400.00'],
    ]);
    expect(formatCents(toCents(total))).toBe('1717743.60');
  });

  it('higher-spending (or Professional): no adjustment', () => {
    // ad_claims row = 1,050 x 1.041 x 1.03 x 1,200 = 1,351,009.80; with hn 302,400.00: B = 1,653,409.80
    const { total } = buildLeadBenchmark(build(), 2027, false, () => 0);
    expect(formatCents(toCents(total))).toBe('1653409.80');
  });

  it('PY2028 compounds the trend from 2027, the -0.2 pp guardrail binding', () => {
    // ad_claims 2028: factor = (2 x 1.03 + clamp(1.02, 1.028, 1.033)) / 3 = 3.088 / 3; u = 1.041 x 3.088 / 3 = 1.071536
    const { cohorts } = buildLeadBenchmark(build(), 2028, true, () => 0);
    expect(r10(cohorts[0]!.u)).toBe('1.071536');
    expect(r10(cohorts[0]!.rho)).toBe('1');
  });

  it('months from the data when a cohort names its entitlement', () => {
    // no months for ad_claims, entitlement aged_disabled: the data's 30 months; row = 1,179.453 x 30 = 35,383.59
    const o = structuredClone(BUILD) as { cohorts: { ad_claims: Record<string, unknown> } };
    delete o.cohorts.ad_claims.months;
    o.cohorts.ad_claims.entitlement = 'aged_disabled';
    const { cohorts } = buildLeadBenchmark(build(o), 2027, true, (e) => (e === 'aged_disabled' ? 30 : 0));
    expect(formatCents(toCents(cohorts[0]!.rowBenchmark))).toBe('35383.59');
  });

  it('refuses weights that do not add up to 1, unknown keys, and a missing PY', () => {
    expect(() => build({ ...BUILD, base_year_weights: { 2024: '0.5', 2025: '0.3' } })).toThrow(/add up to 1/);
    expect(() => build({ ...BUILD, kapa: '0.05' })).toThrow(/kapa: unknown key/);
    expect(() => buildLeadBenchmark(build(), 2029, true, () => 0)).toThrow(/no value for 2029/);
    // through the scenario reader, the error names the key
    expect(() => scenarioFromObject({ lead_benchmark_build: { ...BUILD, kappa: 'x' } }, FILE_ORIGIN('s.json'))).toThrow(/"lead_benchmark_build": kappa: expected a number/);
  });
});

describe('dcsim run with a benchmark build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcsim-lead-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // small.csv moved to PY2027: aligned B1 (10,000, 12 months), B2 (5,000, 6), B3 ESRD (80,000, 12), B5 (7,000, 12)
  // expenditure 102,000.00, primary care 1,900.00
  const csv = join(dir, 'small27.csv');
  writeFileSync(csv, [
    'beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,dual_status,claims_aligned,voluntary_aligned,mltss_enrolled,opted_out,primary_care_spend,participant_spend,medicaid_spend,benchmark_pbpm',
    'B1,2027,10000.00,12,1.0,aged_disabled,none,true,false,false,false,600.00,5000.00,,',
    'B2,2027,5000.00,6,1.5,aged_disabled,none,false,true,false,false,300.00,2000.00,,',
    'B3,2027,80000.00,12,1.1,esrd,partial,true,false,false,false,1000.00,40000.00,1200.00,',
    'B5,2027,7000.00,12,0.9,aged_disabled,full,true,false,true,false,0,0,24000.00,900.00',
  ].join('\n') + '\n');
  const scenario = join(dir, 's.json');
  writeFileSync(scenario, JSON.stringify({ rules: 'lead', track: 'global', spending_class: 'lower', lead_benchmark_build: BUILD }));

  it('B is the sum of the cohort rows; JSON reports every intermediate and the assumed values', async () => {
    // B = 1,717,743.60 (above); D = W = Q = 0.03 x B = 51,532.308 -> 51,532.31; B* = 1,666,211.29
    const r = await dcsimInProcess(['run', csv, '-s', scenario, '-O', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.years[0].benchmark).toBe('1717743.60');
    expect(j.years[0].performance_benchmark).toBe('1666211.29');
    expect(j.lead_benchmark).toEqual([
      { performance_year: 2027, cohort: 'ad_claims', hist: '1050', rea: '50', psa: '20', adj: '50', u: '1.041', rho: '1.03', months: '1200', row_benchmark: '1415343.60' },
      { performance_year: 2027, cohort: 'hn_claims', hist: '3000', rea: '0', psa: '0', adj: '0', u: '1.05', rho: '0.96', months: '100', row_benchmark: '302400.00' },
    ]);
    expect(j.scenario.lead_benchmark_build).toEqual({ cohorts: ['ad_claims', 'hn_claims'] });
    expect(j.scenario.assumed.map((a: { key: string }) => a.key)).toContain('withhold_rate');
  });

  it('the table shows the cohorts; CSV prints the assumed values on stderr', async () => {
    const t = await dcsimInProcess(['run', csv, '-s', scenario, '-O', 'table', '--no-color']);
    expect(t.stdout).toMatch(/LEAD benchmark build/);
    expect(t.stdout).toMatch(/hn_claims.*0\.96.*302,400\.00/);
    expect(t.stdout).toMatch(/assumed \(not CMS text/);
    const c = await dcsimInProcess(['run', csv, '-s', scenario, '-O', 'csv']);
    expect(c.stderr).toMatch(/dcsim: assumed \(rule set lead, not CMS text\): discount_rate \(lower-spending\)=0\.03 \[S\]; withhold_rate=0\.03 \[S\]/);
    expect(c.stdout.split('\n')[0]!.endsWith(',corridor_base,admin_addon,enhanced_pcc_recoupment,net_cash,expenditure_completion,msr,mlr,final_sharing_rate,shared_loss_rate,cap,result')).toBe(true);
  });

  it('--lead-benchmark-out writes the cohorts as CSV beside the settlement; without a build it is refused', async () => {
    const out = join(dir, 'cohorts.csv');
    const r = await dcsimInProcess(['run', csv, '-s', scenario, '-O', 'csv', '--lead-benchmark-out', out]);
    expect(r.code).toBe(0);
    // the rows of the JSON section above, one per PY and cohort
    expect(readFileSync(out, 'utf8')).toBe([
      'performance_year,cohort,hist,rea,psa,adj,u,rho,months,row_benchmark',
      '2027,ad_claims,1050,50,20,50,1.041,1.03,1200,1415343.60',
      '2027,hn_claims,3000,0,0,0,1.05,0.96,100,302400.00',
      '',
    ].join('\n'));
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify({ rules: 'lead', track: 'professional', benchmark_pbpm: { aged_disabled: '1000', esrd: '8000' } }));
    const e = await dcsimInProcess(['run', csv, '-s', plain, '-O', 'csv', '--lead-benchmark-out', join(dir, 'x.csv')]);
    expect(e.code).toBe(2);
    expect(e.stdout).toBe('');
    expect(e.stderr).toMatch(/--lead-benchmark-out needs rules lead and a lead_benchmark_build/);
  });
});
