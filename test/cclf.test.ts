// `dcsim cclf`: CMS's worked example and each rule of CCLF.md sections 3 and 4, on records built at
// the packet's field positions (test/cclf-fixtures.ts). Each expected figure is worked by hand in
// the comment beside it.
import { describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';
import { cclf1, cclf5, cclf6, cclf8, cclf9, cclfFolder, cclfName, HEADER } from './cclf-fixtures.js';

const folder = cclfFolder; // (test/tmp.ts removes each folder when the file ends)

describe('dcsim cclf: CMS worked example (packet §5.3.2)', () => {
  const M = '6U50TE7GG18';
  // Part A, Table 4: claims 1-6 07/01/12-07/08/12, claim 7 08/20/12-08/29/12 (paid, adj, effective date)
  const partA = [
    ['1', '200', '0', '2012-07-20'], ['2', '0', '2', '2012-09-20'], ['3', '200', '1', '2012-08-07'],
    ['4', '210', '2', '2012-09-20'], ['5', '0', '2', '2012-08-07'], ['6', '0', '1', '2012-10-07'],
  ].map(([id, amount, adj, load]) => cclf1({ id: id!, mbi: M, from: '2012-07-01', thru: '2012-07-08', amount: amount!, adj: adj!, load: load! }));
  partA.push(cclf1({ id: '7', mbi: M, from: '2012-08-20', thru: '2012-08-29', amount: '50', adj: '0', load: '2012-09-20' }));
  // Part B, Table 6 (CLM_CNTL_NUM 7): claim/line: paid, adj (effective)
  const partB = [
    ['1', '3', '0', '1', '2012-09-02'], ['1', '1', '380', '1', '2012-09-02'], ['1', '2', '227', '1', '2012-09-02'],
    ['2', '1', '380', '0', '2012-09-02'], ['2', '2', '227', '0', '2012-09-02'], ['2', '3', '100', '0', '2012-09-02'],
    ['3', '3', '0', '0', '2012-08-15'], ['3', '1', '380', '0', '2012-08-15'], ['3', '2', '227', '0', '2012-08-15'],
  ].map(([id, line, amount, adj, load]) => cclf5({ id: id!, line: line!, mbi: M, thru: '2012-07-15', lineThru: '2012-07-15', amount: amount!, adj: adj!, load: load! }));

  it('Part A 260 + Part B 707 = 967', async () => {
    // Part A: 200 + 0 - 200 + 210 + 0 - 0 + 50 = 260 (each record signed by its own code; no pairing)
    // Part B: -0 - 380 - 227 + 380 + 227 + 100 + 0 + 380 + 227 = 707
    const f = folder({ [cclfName('1', '12', '121015')]: partA, [cclfName('5', '12', '121015')]: partB }, { alignment: `mbi,performance_year,start_month,end_month\n${M},2012,1,12\n` });
    const a = await dcsimInProcess(f.args('2012-12-31'));
    expect(a.stderr).toContain('IME/DSH/UCC removal off');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(`${HEADER}\n${M},2012,967.00,12,aged_disabled,none,0.00,0.00\n`);
    // one line each: no CCLF8 row for the MBI
    expect(a.stderr).toContain('1 beneficiary-year(s) with no CCLF8 row');
  });

  it('Part A alone is 260, not Tuva\'s 50', async () => {
    const f = folder({ [cclfName('1', '12', '121015')]: partA }, { alignment: `mbi,performance_year,start_month,end_month\n${M},2012,1,12\n` });
    const a = await dcsimInProcess(f.args('2012-12-31'));
    expect(a.stdout.split('\n')[1]).toBe(`${M},2012,260.00,12,aged_disabled,none,0.00,0.00`);
  });
});

const AL = (rows: string): string => `mbi,performance_year,start_month,end_month\n${rows}`;

describe('dcsim cclf: the rules of CCLF.md section 3', () => {
  it('follows the MBI chain A→B (old file) and B→C (newer file) to C', async () => {
    // alignment names A (the oldest MBI); claims are under A (100), B (20) and C (3): all are C's.
    const f = folder({
      [cclfName('9', '24', '240201')]: [cclf9('1BBBBBBBB02', '1AAAAAAAA01')],
      [cclfName('9', '24', '240601')]: [cclf9('1CCCCCCCC03', '1BBBBBBBB02')],
      [cclfName('1', '24', '240201')]: [cclf1({ id: '11', mbi: '1AAAAAAAA01', thru: '2024-01-10', amount: '100' })],
      [cclfName('1', '24', '240601')]: [cclf1({ id: '12', mbi: '1BBBBBBBB02', thru: '2024-03-10', amount: '20' })],
      [cclfName('6', '24', '240601')]: [cclf6({ id: '13', line: '1', mbi: '1CCCCCCCC03', thru: '2024-04-10', amount: '3' })],
    }, { alignment: AL('1AAAAAAAA01,2024,1,12\n') });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    // 100 + 20 + 3 = 123, one row under the current MBI C
    expect(a.stdout).toBe(`${HEADER}\n1CCCCCCCC03,2024,123.00,12,aged_disabled,none,0.00,0.00\n`);
  });

  it('counts a record re-sent under a newer MBI once, the later file\'s copy', async () => {
    // claim 77 is in the January file under A (500.00) and again in the June run-out file under B
    // (its CCLF9 says A→B) with 450.00: counted once, the later copy: 450.
    const f = folder({
      [cclfName('9', '24', '240601')]: [cclf9('1BBBBBBBB02', '1AAAAAAAA01')],
      [cclfName('1', '24', '240115')]: [cclf1({ id: '0000000000077', mbi: '1AAAAAAAA01', thru: '2024-01-05', amount: '500' })],
      [cclfName('1', '24', '240601', '0000000', true)]: [cclf1({ id: '77', mbi: '1BBBBBBBB02', thru: '2024-01-05', amount: '450' })],
    }, { alignment: AL('1BBBBBBBB02,2024,1,12\n') });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.stdout.split('\n')[1]).toBe('1BBBBBBBB02,2024,450.00,12,aged_disabled,none,0.00,0.00');
    expect(a.stderr).toContain('1 older copies');
  });

  it('a cancellation loaded after --as-of does not count: its original stands', async () => {
    // original 300 loaded 2024-03-01; its cancellation (-300) loaded 2024-07-15.
    // as-of 2024-06-30: 300; as-of 2024-07-15 (on the load date): 300 - 300 = 0.
    const f = folder({
      [cclfName('1', '24', '240801')]: [
        cclf1({ id: '1', mbi: '1AAAAAAAA01', thru: '2024-02-10', amount: '300', adj: '0', load: '2024-03-01' }),
        cclf1({ id: '2', mbi: '1AAAAAAAA01', thru: '2024-02-10', amount: '300', adj: '1', load: '2024-07-15' }),
      ],
    }, { alignment: AL('1AAAAAAAA01,2024,1,12\n') });
    expect((await dcsimInProcess(f.args('2024-06-30'))).stdout.split('\n')[1]).toBe('1AAAAAAAA01,2024,300.00,12,aged_disabled,none,0.00,0.00');
    expect((await dcsimInProcess(f.args('2024-07-15'))).stdout.split('\n')[1]).toBe('1AAAAAAAA01,2024,0.00,12,aged_disabled,none,0.00,0.00');
  });

  it('places a stay from 2023-12-28 to 2024-01-03 in January of PY2024', async () => {
    // aligned all of 2023 and 2024: the 1,000.00 stay is PY2024's (thru date), PY2023 has 0.
    const f = folder({
      [cclfName('1', '24', '240201')]: [cclf1({ id: '5', mbi: '1AAAAAAAA01', from: '2023-12-28', thru: '2024-01-03', amount: '1000' })],
    }, { alignment: AL('1AAAAAAAA01,2023,1,12\n1AAAAAAAA01,2024,1,12\n') });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.stdout).toBe(`${HEADER}\n1AAAAAAAA01,2023,0.00,12,aged_disabled,none,0.00,0.00\n1AAAAAAAA01,2024,1000.00,12,aged_disabled,none,0.00,0.00\n`);
  });

  it('leaves out a month without alignment; unites ranges', async () => {
    // aligned Jan-Mar and Jun-Jun (4 months); claims in Feb (10), Apr (20, not aligned), Jun (30):
    // 10 + 30 = 40. A Part B line is placed by its line date (Apr → not counted), not the claim's (Jun).
    const f = folder({
      [cclfName('5', '24', '240801')]: [
        cclf5({ id: '1', line: '1', mbi: '1AAAAAAAA01', thru: '2024-02-01', lineThru: '2024-02-01', amount: '10' }),
        cclf5({ id: '2', line: '1', mbi: '1AAAAAAAA01', thru: '2024-06-20', lineThru: '2024-04-15', amount: '20' }),
        cclf5({ id: '3', line: '1', mbi: '1AAAAAAAA01', thru: '2024-06-20', amount: '30' }),
      ],
    }, { alignment: AL('1AAAAAAAA01,2024,1,3\n1AAAAAAAA01,2024,6,6\n1AAAAAAAA01,2024,2,3\n') });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.stdout.split('\n')[1]).toBe('1AAAAAAAA01,2024,40.00,4,aged_disabled,none,0.00,0.00');
    expect(a.stderr).toContain('1 outside aligned months');
  });
});

describe('dcsim cclf: the columns of CCLF.md section 4', () => {
  it('participant spend: CCLF5 by TIN+NPI, CCLF1 and CCLF6 by NPI with any TIN; primary care: participant CCLF5 with a listed code', async () => {
    // participants 2024: (023456789, 1111111111). Lines:
    //   CCLF5 99213 TIN 023456789 NPI 1111111111: 100  participant, primary care
    //   CCLF5 99213 TIN 23456789  NPI 1111111111: 40   not a participant (the TIN's leading zero counts)
    //   CCLF5 71045 TIN 023456789 NPI 1111111111: 60   participant, not primary care
    //   CCLF1 facility NPI 1111111111: 500               participant (any TIN)
    //   CCLF6 pay-to NPI 2222222222: 7                   not a participant
    // expenditure 100 + 40 + 60 + 500 + 7 = 707; participant 100 + 60 + 500 = 660; primary 100
    const M = '1AAAAAAAA01';
    const f = folder({
      [cclfName('5', '24', '240801')]: [
        cclf5({ id: '1', line: '1', mbi: M, thru: '2024-02-01', amount: '100', hcpcs: '99213', tin: '023456789', npi: '1111111111' }),
        cclf5({ id: '1', line: '2', mbi: M, thru: '2024-02-01', amount: '40', hcpcs: '99213', tin: '23456789', npi: '1111111111' }),
        cclf5({ id: '1', line: '3', mbi: M, thru: '2024-02-01', amount: '60', hcpcs: '71045', tin: '023456789', npi: '1111111111' }),
      ],
      [cclfName('1', '24', '240801')]: [cclf1({ id: '2', mbi: M, thru: '2024-03-01', amount: '500', npi: '1111111111' })],
      [cclfName('6', '24', '240801')]: [cclf6({ id: '3', line: '1', mbi: M, thru: '2024-03-01', amount: '7', npi: '2222222222' })],
    }, { alignment: AL(`${M},2024,1,12\n`), participants: 'performance_year,tin,npi\n2024, 023456789 ,1111111111\n', codes: '# E/M\n99213\n g0402 \n' });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.stdout.split('\n')[1]).toBe(`${M},2024,707.00,12,aged_disabled,none,100.00,660.00`);
  });

  it('entitlement and dual status from the latest CCLF8 row of the PY\'s files', async () => {
    // A: PY2024 files: Jan says 10/00, June says 11/02 (ESRD, full): esrd, full.
    // B: only a PY2023 file lists B (21, 03): no file of 2024 does, so any file: esrd, partial.
    // C: two rows in one file: BENE_RNG_BGN_DT 2024-05-01 (20, 01) beats 2024-01-01 (31, 02): aged_disabled, partial.
    // D: code 09 (dual without Medicaid) and NA: none; status 20: aged_disabled.
    const f = folder({
      [cclfName('8', '24', '240115')]: [cclf8('1AAAAAAAA01', '10', '00'), cclf8('1CCCCCCCC03', '20', '01', '2024-05-01'), cclf8('1CCCCCCCC03', '31', '02', '2024-01-01'), cclf8('1DDDDDDDD04', '20', '09')],
      [cclfName('8', '24', '240615')]: [cclf8('1AAAAAAAA01', '11', '02'), cclf8('1DDDDDDDD04', '20', 'NA')],
      [cclfName('8', '23', '231215')]: [cclf8('1BBBBBBBB02', '21', '03')],
    }, { alignment: AL('1AAAAAAAA01,2024,1,12\n1BBBBBBBB02,2024,1,12\n1CCCCCCCC03,2024,1,12\n1DDDDDDDD04,2024,1,12\n') });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.stdout).toBe([
      HEADER,
      '1AAAAAAAA01,2024,0.00,12,esrd,full,0.00,0.00',
      '1BBBBBBBB02,2024,0.00,12,esrd,partial,0.00,0.00',
      '1CCCCCCCC03,2024,0.00,12,aged_disabled,partial,0.00,0.00',
      '1DDDDDDDD04,2024,0.00,12,aged_disabled,none,0.00,0.00',
      '',
    ].join('\n'));
  });

  it('clamps a net negative expenditure to 0 and says so once', async () => {
    // a cancellation (-50) whose original was in PY2023's non-aligned months: net -50 → 0.
    const f = folder({ [cclfName('1', '24', '240801')]: [cclf1({ id: '9', mbi: '1AAAAAAAA01', thru: '2024-02-01', amount: '50', adj: '1' })] }, { alignment: AL('1AAAAAAAA01,2024,1,12\n') });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.stdout.split('\n')[1]).toBe('1AAAAAAAA01,2024,0.00,12,aged_disabled,none,0.00,0.00');
    expect(a.stderr.match(/net expenditure below 0/g)).toHaveLength(1);
  });
});
