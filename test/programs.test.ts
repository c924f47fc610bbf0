// compare --programs (METHODOLOGY-2027 section 4): one row per program and PY with the programs' lines,
// the one that pays most marked; a benchmark per program (--benchmark-pbpm PROGRAM:...) and a scenario
// per program (--scenario-for). Worked by hand below, to the cent.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrograms, programInput } from '../src/usecases/programs.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { DcsimError } from '../src/domain/errors.js';
import { dcsimInProcess } from './helpers.js';
import { tempDir } from './tmp.js';

const HEAD = 'beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,dual_status,claims_aligned,voluntary_aligned,mltss_enrolled,opted_out,primary_care_spend,participant_spend';
// Two claims-aligned A&D beneficiaries in PY2025, 12 months each at risk 1.0 (24 risk-months), no own
// benchmark rate; claims 10,000.00 + 2,000.00 = 12,000.00, no primary care spend.
const DATA = `${HEAD}\nB1,2025,10000.00,12,1.0,aged_disabled,none,true,false,false,false,0,0\nB2,2025,2000.00,12,1.0,aged_disabled,none,true,false,false,false,0,0\n`;
const TMP = tempDir('dcsim-programs-');
const CSV = join(TMP, 'data.csv');
const MSSP_JSON = join(TMP, 'mssp.json');
writeFileSync(CSV, DATA);
// Two beneficiaries are far below the variable MSR's 5,000: the MSSP programs elect MSR 0.
writeFileSync(MSSP_JSON, '{"msr": "0"}');
// REACH's PCC at 7% of B, given (dcsim's default is the data's primary-care share, 0 here).
const REACH_JSON = join(TMP, 'reach.json');
writeFileSync(REACH_JSON, '{"pcc_rate": "0.07"}');

const BENCH = 'reach:aged_disabled=1000;mssp:aged_disabled=1200';
const run = (extra: string[]) => dcsimInProcess(['compare', CSV, '--programs', 'reach/global,mssp/enhanced,mssp/basic_e', '--scenario-for', `mssp=${MSSP_JSON}`, '--scenario-for', `reach=${REACH_JSON}`, '--benchmark-pbpm', BENCH, ...extra]);

/** The CSV's rows as objects. */
function rows(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trimEnd().split('\n');
  const keys = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i]!, v])));
}

// reach/global, rule set reach, PY2025 (rate 1,000.00): B = 1,000 x 24 = 24,000.00; D = 4% = 960.00;
// W = 2% = 480.00, Q = 1 x W = 480.00; B* = 23,040.00; PCC 7% x B = 1,680.00 (no fee reduction: no
// primary care spend); E = 12,000.00 + 1,680.00 = 13,680.00; S = 9,360.00 (40.625% of B*). Corridor on
// 23,040.00: 0-25% (5,760.00) kept 100% = 5,760.00; 25-35% (to 8,064.00) 50% x 2,304.00 = 1,152.00;
// 35-50% 25% x (9,360.00 - 8,064.00) = 324.00; shared 7,236.00; sequestration 2% = 144.72; settlement 7,091.28.
// mssp/enhanced (rate 1,200.00): B = 28,800.00; E = claims 12,000.00; S = 16,800.00 >= MSR 0; 75% =
// 12,600.00 > 20% x B = 5,760.00: shared 5,760.00 (ppl_binding); sequestration 115.20; settlement 5,644.80.
// mssp/basic_e: 50% = 8,400.00 > 10% x B = 2,880.00: shared 2,880.00; sequestration 57.60; settlement 2,822.40.
describe('compare --programs reach/global,mssp/enhanced,mssp/basic_e (a benchmark and a scenario per program)', () => {
  it('CSV: one row per program and PY (and its total), the lines of each, the one that pays most marked', async () => {
    const r = await run(['-O', 'csv']);
    // (only the warning that the capitation replaces no claims: the data has no primary-care spend)
    expect(r.stderr).toBe('dcsim: note: reach/global: warning: PY2025: capitation of 1680.00 is paid while no claims are reduced (the data has no primary_care_spend): E carries it on top of the full FFS claims\n');
    expect(r.code).toBe(0);
    const rs = rows(r.stdout);
    expect(rs.map((x) => `${x.option} ${x.performance_year}`)).toEqual([
      'reach/global 2025', 'reach/global total', 'mssp/enhanced 2025', 'mssp/enhanced total', 'mssp/basic_e 2025', 'mssp/basic_e total',
    ]);
    const [reach, , enhanced, , basicE] = rs;
    expect(reach).toMatchObject({
      program: 'reach', track: 'global', capitation: 'pcc', benchmark: '24000.00', discount: '960.00', quality_withhold: '480.00',
      withhold_earned: '480.00', expenditure: '13680.00', savings: '9360.00', shared_savings: '7236.00', sequestration: '144.72',
      settlement: '7091.28', pays_most: 'true', msr: '', result: '',
    });
    expect(enhanced).toMatchObject({
      program: 'mssp', track: 'enhanced', capitation: '', benchmark: '28800.00', discount: '0.00', expenditure: '12000.00', savings: '16800.00',
      shared_savings: '5760.00', sequestration: '115.20', settlement: '5644.80', pays_most: 'false', msr: '0', mlr: '0',
      final_sharing_rate: '0.75', shared_loss_rate: '0.4', cap: '5760.00', result: 'ppl_binding',
    });
    expect(basicE).toMatchObject({ shared_savings: '2880.00', settlement: '2822.40', final_sharing_rate: '0.5', shared_loss_rate: '0.3', cap: '2880.00', result: 'ppl_binding' });
    // the total line: sums, and no MSSP rates
    expect(rs[3]).toMatchObject({ settlement: '5644.80', msr: '', cap: '', result: '' });
  });

  it('JSON (schema 3): pays_most names reach/global; the table marks it with *', async () => {
    const j = JSON.parse((await run(['-O', 'json'])).stdout);
    expect(j.schema_version).toBe(3);
    expect(j.pays_most).toEqual({ total: ['reach/global'], by_year: { 2025: ['reach/global'] } });
    expect(j.options.map((o: { option: string; program: string }) => `${o.option}:${o.program}`)).toEqual(['reach/global:reach', 'mssp/enhanced:mssp', 'mssp/basic_e:mssp']);
    expect(j.options[1].years[0]).toMatchObject({ msr: '0', result: 'ppl_binding', cap: '5760.00' });
    expect(j.options[0].years[0]).toMatchObject({ msr: null, result: null });
    const t = await run(['-O', 'table']);
    expect(t.stdout).toMatch(/reach\/global\s+│\s+\* 7,091\.28/);
    expect(t.stdout).toContain('in total: reach/global');
  });

  it('a choice\'s benchmark beats its program\'s: mssp/basic_e at 1,100.00 -> B 26,400.00, shared 10% = 2,640.00, settlement 2,587.20', async () => {
    // 1,100 x 24 = 26,400.00; S = 14,400.00; 50% = 7,200.00 > 2,640.00; sequestration 52.80
    const r = await dcsimInProcess(['compare', CSV, '--programs', 'mssp/enhanced,mssp/basic_e', '--scenario-for', `mssp=${MSSP_JSON}`, '--benchmark-pbpm', 'mssp:aged_disabled=1200;mssp/basic_e:aged_disabled=1100', '-O', 'csv']);
    expect(r.code).toBe(0);
    const b = rows(r.stdout).find((x) => x.option === 'mssp/basic_e' && x.performance_year === '2025')!;
    expect([b.benchmark, b.shared_savings, b.settlement]).toEqual(['26400.00', '2640.00', '2587.20']);
    expect(rows(r.stdout).find((x) => x.option === 'mssp/enhanced')!.benchmark).toBe('28800.00');
  });

  it('a program that cannot settle is reported and the others compared (exit 1): MSSP\'s variable MSR below 5,000', async () => {
    const r = await dcsimInProcess(['compare', CSV, '--programs', 'reach/global,mssp/enhanced', '--benchmark-pbpm', BENCH, '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mssp/enhanced: ');
    expect(r.stderr).toContain('"msr_table"');
    expect(rows(r.stdout).map((x) => x.option)).toEqual(['reach/global', 'reach/global']);
  });

  it('usage: a bad list, a choice twice, --tracks with --programs, a target not in the list (exit 2)', async () => {
    for (const [args, msg] of [
      [['--programs', 'mssp/gold'], 'mssp has no track "gold"'],
      [['--programs', 'aco/global'], 'unknown program "aco"'],
      [['--programs', 'reach/global,reach/global'], 'listed twice'],
      [['--programs', 'reach/global', '--tracks', 'global/pcc'], '--tracks: --programs settles every program'],
      [['--programs', 'reach/global', '--benchmark-pbpm', 'mssp:aged_disabled=1'], '"mssp" is not in --programs'],
      [['--scenario-for', `mssp=${MSSP_JSON}`], '--scenario-for needs --programs'],
    ] as const) {
      const r = await dcsimInProcess(['compare', CSV, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stdout).toBe('');
    }
  });
});

describe('risk and report take the same list: P(loss) and the worst 5% per program', () => {
  it('risk --programs: one row per PY and program; on the data each settles as compare does', async () => {
    const r = await dcsimInProcess(['risk', CSV, '--programs', 'reach/global,mssp/enhanced', '--scenario-for', `mssp=${MSSP_JSON}`, '--benchmark-pbpm', BENCH, '--trials', '200', '--no-progress', '-O', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rs = rows(r.stdout);
    // reach/global with PCC at the data's primary-care share (0): E = 12,000.00; S = 11,040.00 on B* 23,040.00:
    // 5,760.00 + 1,152.00 + 25% x (11,040.00 - 8,064.00) = 744.00 -> shared 7,656.00; sequestration 153.12; 7,502.88
    expect(rs.map((x) => `${x.performance_year} ${x.option} ${x.settlement_on_data}`)).toEqual(['2025 reach/global 7502.88', '2025 mssp/enhanced 5644.80']);
    for (const x of rs) {
      expect(Number(x.settlement_p_loss)).toBeGreaterThanOrEqual(0);
      expect(x.settlement_expected_shortfall).toMatch(/^-?\d+\.\d{2}$/);
    }
    // a trial draws two of the two rows: MSSP never owes (S >= 12,000.00 below B 28,800.00 at most 2 x 10,000.00)
    expect(rs[1]!.settlement_p_loss).toBe('0');
  });

  it('report --programs --risk: the options chart names the programs, a distribution per program and PY', async () => {
    const out = join(TMP, 'r.html');
    const r = await dcsimInProcess(['report', CSV, '--programs', 'reach/global,mssp/enhanced', '--scenario-for', `mssp=${MSSP_JSON}`, '--benchmark-pbpm', BENCH, '--risk', '100', '--no-progress', '-o', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('PY2025 reach/global: distribution of the settlement');
    expect(html).toContain('PY2025 mssp/enhanced: distribution of the settlement');
    expect(html).toContain('worst 5% avg');
  });
});

describe('lead rows (rule set lead on main)', () => {
  it('lead/global equals dcsim run --rules lead --track global with the same scenario', async () => {
    const data = file2027();
    const lead = join(TMP, 'lead.json');
    writeFileSync(lead, '{"spending_class": "lower", "benchmark_pbpm": {"aged_disabled": "1000"}}');
    const c = await dcsimInProcess(['compare', data, '--programs', 'lead/global,mssp/enhanced', '--scenario-for', `lead=${lead}`, '--scenario-for', `mssp=${MSSP_JSON}`, '--benchmark-pbpm', 'mssp:aged_disabled=1200', '-O', 'csv']);
    expect(c.code).toBe(0);
    const row = rows(c.stdout).find((x) => x.option === 'lead/global' && x.performance_year === '2027')!;
    expect(row.program).toBe('lead');
    const r = await dcsimInProcess(['run', data, '--rules', 'lead', '--track', 'global', '--scenario', lead, '-O', 'csv']);
    expect(r.code).toBe(0);
    const run = rows(r.stdout)[0]!;
    expect([row.benchmark, row.discount, row.expenditure, row.settlement]).toEqual([run.benchmark, run.discount, run.expenditure, run.settlement]);
  });
});

function file2027(): string {
  const p = join(TMP, 'data2027.csv');
  writeFileSync(p, DATA.replace(/,2025,/g, ',2027,'));
  return p;
}

describe('the program list as a use case', () => {
  it('parses PROGRAM/TRACK in any case and keeps the order', () => {
    expect(parsePrograms('REACH/Global, lead/professional,mssp/basic_a')).toEqual([
      { program: 'reach', track: 'global' }, { program: 'lead', track: 'professional' }, { program: 'mssp', track: 'basic_a' },
    ]);
    expect(() => parsePrograms('mssp')).toThrow(DcsimError);
  });

  it('each program keeps only its keys of the base scenario; its own scenario is laid over it', () => {
    const base = scenarioFromObject({ track: 'global', capitation: 'tcc', rules: 'reach', discount_rate: '0.03', quality_score: '0.9', attribution: 'mltss-first' }, FILE_ORIGIN('b.json'));
    const mssp = programInput(base, { program: 'mssp', track: 'basic_c' }, scenarioFromObject({ msr: '0.01' }, FILE_ORIGIN('m.json')));
    expect(mssp).toMatchObject({ program: 'mssp', mssp_track: 'basic_c', msr: '0.01', attribution: 'mltss-first' });
    expect(mssp.discount_rate).toBeUndefined();
    expect(mssp.capitation).toBeUndefined();
    expect(mssp.track).toBeUndefined();
    const prof = programInput(base, { program: 'reach', track: 'professional' });
    // TCC is Global's: Professional keeps PCC (the default)
    expect(prof).toMatchObject({ program: 'reach', track: 'professional', rules: 'reach' });
    expect(prof.capitation).toBeUndefined();
    const lead = programInput(base, { program: 'lead', track: 'global' });
    expect(lead).toMatchObject({ program: 'lead', rules: 'lead', track: 'global', capitation: 'tcc' });
  });
});
