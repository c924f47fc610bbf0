// The completion_factor scenario key (issue 17, item 3): E = round(Σ expenditure × factor) − fee
// reduction + capitation, rounded once to the cent (half-even), shown as expenditure_completion.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './tmp.js';
import { dcsimInProcess } from './helpers.js';

const SMALL = ['test/fixtures/small.csv', '--scenario', 'test/fixtures/small-scenario.json'];
const TMP = tempDir('dcsim-completion-'); // removed when this file ends (test/setup.ts)

function csvRows(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trimEnd().split('\n');
  const cols = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v])));
}

describe('completion_factor', () => {
  it('factor 1 (given or not) changes nothing but the appended 0.00 line', async () => {
    const plain = await dcsimInProcess(['run', ...SMALL, '-O', 'csv']);
    const one = await dcsimInProcess(['run', ...SMALL, '--completion-factor', '1', '-O', 'csv']);
    expect(one.stdout).toBe(plain.stdout);
    expect(plain.stdout).toBe(readFileSync('test/golden/run-small.csv', 'utf8'));
    expect(csvRows(plain.stdout).map((r) => r.expenditure_completion)).toEqual(['0.00', '0.00']);
    // the table and the JSON scenario mention it only when some PY's factor is not 1
    const t = await dcsimInProcess(['run', ...SMALL, '--completion-factor', '1', '-O', 'table', '--no-color']);
    expect(t.stdout).not.toMatch(/completion/i);
    const j = JSON.parse((await dcsimInProcess(['run', ...SMALL, '-O', 'json'])).stdout);
    expect(j.scenario.completion_factor).toBeUndefined();
    expect(j.years[0].expenditure_completion).toBe('0.00');
  });

  it('a worked example at 1.05 for PY2023, to the cent', async () => {
    // test/fixtures/small.csv, PY2023: aligned B1 10,000 + B2 5,000 + B3 80,000 + B5 7,000 = 102,000.00
    // (B4 is not aligned). Σ × 1.05 = 107,100.00, so expenditure_completion = 5,100.00;
    // E = 107,100.00 − fee reduction 1,900.00 + capitation 9,542.40 = 114,742.40;
    // S = B* 132,230.40 − 114,742.40 = 17,488.00 (13.2% of B*, in the 100% band: shared 17,488.00);
    // sequestration 2% = 349.76; settlement 17,138.24; gross B − E = 136,320.00 − 114,742.40 = 21,577.60.
    // PY2024 keeps factor 1: its row is the golden's.
    const r = await dcsimInProcess(['run', ...SMALL, '--completion-factor', '2023=1.05', '-O', 'csv']);
    expect(r.code).toBe(0);
    const [y23, y24] = csvRows(r.stdout);
    expect(y23).toMatchObject({
      expenditure_completion: '5100.00', fee_reduction: '1900.00', capitation_paid: '9542.40', expenditure: '114742.40',
      savings: '17488.00', shared_savings: '17488.00', sequestration: '349.76', settlement: '17138.24', gross_savings: '21577.60',
    });
    const golden = csvRows(readFileSync('test/golden/run-small.csv', 'utf8'));
    expect(y24).toEqual(golden[1]);
    const t = (await dcsimInProcess(['run', ...SMALL, '--completion-factor', '2023=1.05', '-O', 'table', '--no-color'])).stdout;
    expect(t).toMatch(/Expenditure completion \(estimate\) +│ +5,100\.00 +│ +0\.00 +│ +5,100\.00/);
    expect(t).toMatch(/completion_factor: 2023 1\.05, 2024 1/);
    const j = JSON.parse((await dcsimInProcess(['run', ...SMALL, '--completion-factor', '2023=1.05', '-O', 'json'])).stdout);
    expect(j.schema_version).toBe(3);
    expect(j.scenario.completion_factor).toEqual({ 2023: '1.05', 2024: '1' });
    expect(j.total.expenditure_completion).toBe('5100.00');
    const s = (await dcsimInProcess(['sweep', ...SMALL, '--vary', 'completion_factor=1,1.05', '-O', 'csv'])).stdout.trimEnd().split('\n');
    // (schema 3: program mssp's six lines follow the completion line)
    const at = s[0]!.split(',').indexOf('expenditure_completion');
    expect(s[0]!.split(',').slice(at)).toEqual(['expenditure_completion', 'msr', 'mlr', 'final_sharing_rate', 'shared_loss_rate', 'cap', 'result']);
    expect(s.slice(1).map((l) => l.split(',')[at])).toEqual(['0.00', '0.00', '5100.00', '7000.00']); // 140,000 × 0.05
  });

  it('the HTML report shows the estimate as its own waterfall bar, beside the loaded claims', async () => {
    const file = join(TMP, 'r.html');
    const r = await dcsimInProcess(['report', ...SMALL, '--completion-factor', '2023=1.05', '-o', file]);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Expenditure completion (estimate)');
    expect(html).toContain('Expenditure, loaded claims (E − completion)');
    const plain = join(TMP, 'p.html');
    await dcsimInProcess(['report', ...SMALL, '-o', plain]);
    expect(readFileSync(plain, 'utf8')).not.toContain('loaded claims');
  });

  it('rounds once, half-even, at half a cent', async () => {
    // One aligned row per PY: 0.30 × 1.05 = 0.315 → 0.32 (31.5 cents to the even 32);
    // 0.50 × 1.05 = 0.525 → 0.52 (52.5 cents to the even 52; half-up would give 0.53).
    const head = 'beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,dual_status,claims_aligned,voluntary_aligned,mltss_enrolled,opted_out,primary_care_spend,participant_spend,medicaid_spend,benchmark_pbpm';
    const csv = join(TMP, 'half.csv');
    writeFileSync(csv, `${head}\nB1,2023,0.30,12,1.0,aged_disabled,none,true,false,false,false,0,0,,1000.00\nB1,2024,0.50,12,1.0,aged_disabled,none,true,false,false,false,0,0,,1000.00\n`);
    const r = await dcsimInProcess(['run', csv, '--completion-factor', '1.05', '-O', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows.map((x) => x.expenditure_completion)).toEqual(['0.02', '0.02']);
    // E = completed − fee reduction (0) + capitation (7% of B)
    expect(rows.map((x) => BigInt(x.expenditure!.replace('.', '')) - BigInt(x.capitation_paid!.replace('.', '')))).toEqual([32n, 52n]);
  });

  it('refuses a factor outside [1, 3]', async () => {
    for (const v of ['0.99', '3.01']) {
      const r = await dcsimInProcess(['run', ...SMALL, '--completion-factor', v, '-O', 'csv']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`--completion-factor: ${v} is out of range [1, 3]`);
    }
  });
});
