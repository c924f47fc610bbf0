// Program mssp through the command line: `dcsim run --program mssp` on beneficiary rows (the kernel's
// path: B from the rates, E = claims), the refusals of bad input (exit 1 naming the key and the values
// it allows), and `dcsim settle` of MSSP entity rows. Every figure worked by hand beside its test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';
import { tempDir } from './tmp.js';

const HEAD = 'beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,dual_status,claims_aligned,voluntary_aligned,mltss_enrolled,opted_out,primary_care_spend,participant_spend,medicaid_spend,benchmark_pbpm';
const TMP = tempDir('dcsim-mssp-');
const file = (name: string, text: string): string => {
  const p = join(TMP, name);
  writeFileSync(p, text);
  return p;
};
// One beneficiary in PY2025: 12 months at risk 1.0 and its own rate 10,000.00 -> B = 120,000.00;
// claims 100,000.00 (its primary care 600.00 is not reduced: MSSP has no capitation) -> S = 20,000.00.
const ONE = file('one.csv', `${HEAD}\nB1,2025,100000.00,12,1.0,aged_disabled,none,true,false,false,false,600.00,5000.00,,10000.00\n`);
const OLD = file('old.csv', `${HEAD}\nB1,2023,100000.00,12,1.0,aged_disabled,none,true,false,false,false,600.00,5000.00,,10000.00\n`);

function csvRow(stdout: string): Record<string, string> {
  const [head, row] = stdout.trimEnd().split('\n');
  const keys = head!.split(',');
  return Object.fromEntries(row!.split(',').map((v, i) => [keys[i]!, v]));
}

describe('dcsim run --program mssp', () => {
  it('ENHANCED, MSR 0: 75% x 20,000.00 = 15,000.00 (limit 20% x 120,000.00 = 24,000.00); sequestration 300.00; settlement 14,700.00', async () => {
    const r = await dcsimInProcess(['run', ONE, '--program', 'mssp', '--msr', '0', '-O', 'csv']);
    expect(r.code).toBe(0);
    expect(csvRow(r.stdout)).toMatchObject({
      benchmark: '120000.00', discount: '0.00', capitation_paid: '0.00', fee_reduction: '0.00', expenditure: '100000.00', savings: '20000.00',
      shared_savings: '15000.00', sequestration: '300.00', settlement: '14700.00', msr: '0', mlr: '0', final_sharing_rate: '0.75',
      shared_loss_rate: '0.4', cap: '24000.00', result: 'shared_savings',
    });
  });

  it('assigned_beneficiaries 12,500 gives the variable MSR 2.85% (3,420.00 of B): S clears it, the same 15,000.00', async () => {
    const r = await dcsimInProcess(['run', ONE, '--program', 'mssp', '--assigned-beneficiaries', '12500', '-O', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema_version).toBe(3);
    expect(j.years[0]).toMatchObject({ msr: '0.0285', shared_savings: '15000.00', result: 'shared_savings' });
    expect(j.scenario).toMatchObject({ program: 'mssp', mssp_track: 'enhanced', msr: 'variable', msr_interpolation: 'linear', assigned_beneficiaries: { 2025: 12500 } });
    expect(j.scenario.assumed.join('\n')).toContain('msr_interpolation');
  });

  it('BASIC A (one-sided) with a loss: nothing owed; mlr and shared_loss_rate empty', async () => {
    // claims 130,000.00 against B 120,000.00: S = -10,000.00
    const loss = file('loss.csv', `${HEAD}\nB1,2025,130000.00,12,1.0,aged_disabled,none,true,false,false,false,0,0,,10000.00\n`);
    const r = await dcsimInProcess(['run', loss, '--program', 'mssp', '--mssp-track', 'basic_a', '--assigned-beneficiaries', '6000', '-O', 'csv']);
    expect(r.code).toBe(0);
    expect(csvRow(r.stdout)).toMatchObject({ savings: '-10000.00', shared_savings: '0.00', settlement: '0.00', msr: '0.036', mlr: '', shared_loss_rate: '', result: 'one_sided_no_losses' });
  });
});

describe('dcsim compare --program mssp: every MSSP track when none is named', () => {
  it('12,500 assigned (MSR 2.85% = 3,420.00): A, B 40% = 8,000.00 -> 7,840.00; C-E 50% -> 9,800.00; ENHANCED 75% -> 14,700.00 (pays most)', async () => {
    const r = await dcsimInProcess(['compare', ONE, '--program', 'mssp', '--assigned-beneficiaries', '12500', '-O', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').slice(1).filter((l) => l.includes(',2025,')).map((l) => l.split(','));
    expect(lines.map((l) => `${l[0]} ${l[4]} ${l[9]}`)).toEqual([
      'mssp/basic_a 7840.00 false', 'mssp/basic_b 7840.00 false', 'mssp/basic_c 9800.00 false', 'mssp/basic_d 9800.00 false',
      'mssp/basic_e 9800.00 false', 'mssp/enhanced 14700.00 true',
    ]);
  });
});

describe('bad input: exit 1 naming the key and the values it allows', () => {
  const cases: [string, string[], string[]][] = [
    ['an MSR the CFR does not allow', ['--msr', '0.03'], ['--msr', 'variable, 0, 0.005, 0.01, 0.015, 0.02']],
    ['a quality status not one of three', ['--quality-status', 'good'], ['--quality-status', 'met, alt, fail']],
    ['a variable MSR below 5,000 without msr_table', [], ['"msr"', '"msr_table"', '5000']],
    ['a fixed MSR on a one-sided track', ['--mssp-track', 'basic_b', '--msr', '0.01'], ['"msr"', 'one-sided']],
    ['a REACH key under mssp', ['--msr', '0', '--discount-rate', '0.03'], ['"discount_rate"', 'not used by program mssp']],
    ['a bad msr_table', ['--msr-table', '3000:0.05'], ['"msr_table"', 'BENEFICIARIES=RATE']],
  ];
  for (const [what, args, words] of cases) {
    it(what, async () => {
      const r = await dcsimInProcess(['run', ONE, '--program', 'mssp', ...args, '-O', 'csv']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      for (const w of words) expect(r.stderr).toContain(w);
    });
  }
  it('a PY outside the rule set (PY2023 under mssp: PY2024-2036)', async () => {
    const r = await dcsimInProcess(['run', OLD, '--program', 'mssp', '--msr', '0', '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"program": program mssp covers PY2024-2036; PY2023 is outside it');
  });
  it('MSSP keys under reach', async () => {
    const r = await dcsimInProcess(['run', ONE, '--rules', 'reach', '--msr', '0.01', '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"msr": not used by program reach');
  });
  it('in a scenario file: the file, the key and the values', async () => {
    const s = file('bad.json', '{"program": "mssp", "quality_status": "partial"}');
    const r = await dcsimInProcess(['run', ONE, '--scenario', s, '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.json: "quality_status": expected one of met, alt, fail, got "partial"');
  });
});

// Entity rows (dcsim settle): B = 10,000,000.00 each.
// A1 BASIC E, 12,500 assigned (variable MSR 2.85% = 285,000.00), E 9,000,000.00: S = 1,000,000.00 >= MSR;
//    50% = 500,000.00 (limit 1,000,000.00); sequestration 10,000.00; settlement 490,000.00.
// A2 ENHANCED, MSR 1%, alternative QPS q 0.8: E 12,000,000.00, -S = 2,000,000.00 >= 100,000.00; loss rate
//    1 - 0.75 x 0.8 = 0.4: 800,000.00 (cap 15% = 1,500,000.00): -800,000.00.
// A3 BASIC C, MSR 0, revenue 30,000,000.00: E 11,000,000.00, 30% x 1,000,000.00 = 300,000.00 > the cap
//    min(2% x 30,000,000.00 = 600,000.00, 1% x B = 100,000.00) = 100,000.00: -100,000.00.
// R1 REACH Global PY2023: B* 1,000,000.00, E 900,000.00, S 100,000.00 (10%, first band) kept whole;
//    sequestration 2,000.00; settlement 98,000.00; Enhanced PCC 5,000.00 recouped: net cash 93,000.00.
const ENTITY = [
  'entity_id,performance_year,program,track,benchmark,performance_benchmark,expenditure,msr,quality_status,quality_score,assigned_beneficiaries,participant_revenue,enhanced_pcc_paid',
  'A1,2025,mssp,BASIC E,10000000.00,,9000000.00,,met,,12500,,',
  'A2,2025,MSSP,enhanced,10000000.00,,12000000.00,0.010,alt,0.8,,,',
  'A3,2025,mssp,basic_c,10000000.00,,11000000.00,0,,,,30000000,',
  'R1,2023,,Global,,1000000.00,900000.00,,,,,,5000.00',
].join('\n');

describe('dcsim settle: MSSP entity rows', () => {
  it('settles each by its own MSR, quality and caps; a REACH row beside them, its Enhanced PCC a cash line', async () => {
    const r = await dcsimInProcess(['settle', file('entities.csv', `${ENTITY}\n`), '-O', 'json']);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema_version).toBe(3);
    const by = Object.fromEntries(j.entities.map((e: { entity_id: string }) => [e.entity_id, e]));
    expect(by.A1).toMatchObject({ program: 'mssp', track: 'basic_e', savings: '1000000.00', shared_savings: '500000.00', sequestration: '10000.00', settlement: '490000.00', msr: '0.0285', result: 'shared_savings', discount: null });
    expect(by.A2).toMatchObject({ track: 'enhanced', shared_savings: '-800000.00', settlement: '-800000.00', msr: '0.01', mlr: '0.01', final_sharing_rate: '0.6', shared_loss_rate: '0.4', result: 'shared_losses' });
    expect(by.A3).toMatchObject({ shared_savings: '-100000.00', cap: '100000.00', result: 'loss_cap_binding' });
    expect(by.R1).toMatchObject({ program: 'reach', track: 'global', shared_savings: '100000.00', settlement: '98000.00', enhanced_pcc_recoupment: '-5000.00', net_cash: '93000.00', msr: null });
  });

  it('refuses an MSR the CFR does not allow and an unknown quality status, naming the column (exit 1)', async () => {
    const bad = file('bad-entities.csv', [
      'entity_id,performance_year,program,track,benchmark,expenditure,msr,quality_status,assigned_beneficiaries',
      'A1,2025,mssp,enhanced,100.00,90.00,0.03,met,6000',
      'A2,2025,mssp,enhanced,100.00,90.00,0,partial,6000',
      'A3,2025,mssp,gold,100.00,90.00,0,met,6000',
    ].join('\n'));
    const r = await dcsimInProcess(['settle', bad, '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('msr "0.03" is not an MSR the CFR allows');
    expect(r.stderr).toContain('variable, 0, 0.005, 0.01, 0.015, 0.02');
    expect(r.stderr).toContain('quality_status "partial" is not a quality status');
    expect(r.stderr).toContain('track "gold" is not an MSSP track');
  });

  it('a variable MSR without assigned_beneficiaries, and a REACH what-if on an MSSP row, are errors at the row', async () => {
    const f = file('no-n.csv', 'entity_id,performance_year,program,track,benchmark,expenditure\nA1,2025,mssp,enhanced,100.00,90.00\n');
    const r = await dcsimInProcess(['settle', f, '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('assigned_beneficiaries');
    const w = await dcsimInProcess(['settle', file('ok.csv', 'entity_id,performance_year,program,track,benchmark,expenditure,msr\nA1,2025,mssp,enhanced,100.00,90.00,0\n'), '--discount-rate', '0.03', '-O', 'csv']);
    expect(w.code).toBe(1);
    expect(w.stderr).toContain('does not apply to an MSSP row');
  });
});
