// `dcsim cclf` refusing bad input: exit 1, nothing on stdout, `dcsim: error: FILE:LINE:COL: ...` with
// the line and a caret under the field, as the CSV reader's errors (test/errors/).
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';
import { cclf1, cclf5, cclf9, cclfFolder, cclfName, type Folder } from './cclf-fixtures.js';

const folder = cclfFolder; // (test/tmp.ts removes each folder when the file ends)
const AL = 'mbi,performance_year,start_month,end_month\n1AAAAAAAA01,2024,1,12\n';
const M = '1AAAAAAAA01';
const N1 = cclfName('1', '24', '240701');

/** The error's first line, and the caret's column under the excerpt (1-based in the line). */
function parse(stderr: string): { first: string; caret: number; excerpt: string } {
  const lines = stderr.split('\n').filter((l) => !l.startsWith('dcsim: cclf:'));
  const first = lines.find((l) => l.startsWith('dcsim: error: '))!;
  const i = lines.indexOf(first);
  const excerpt = lines[i + 1]!;
  const caretLine = lines[i + 2]!;
  const bar = excerpt.indexOf('| ') + 2;
  return { first, caret: caretLine.indexOf('^') - bar + 1, excerpt: excerpt.slice(bar) };
}

async function refused(f: Folder, asOf = '2024-12-31'): Promise<{ first: string; caret: number; excerpt: string; stderr: string }> {
  const a = await dcsimInProcess(f.args(asOf));
  expect(a.code).toBe(1);
  expect(a.stdout).toBe('');
  return { ...parse(a.stderr), stderr: a.stderr };
}

describe('dcsim cclf: bad input is exit 1 with FILE:LINE:COL and a caret', () => {
  it('a record longer than its layout', async () => {
    // line 2 is a CCLF1 record (437) with 3 more characters: the caret at column 438
    const good = cclf1({ id: '1', mbi: M, thru: '2024-01-01', amount: '1' });
    const f = folder({ [N1]: [good, `${good}XYZ`] }, { alignment: AL });
    const e = await refused(f);
    expect(e.first).toBe(`dcsim: error: ${join(f.dir, N1)}:2:438: record longer than its layout: a CCLF1 record is 437 characters, this line has 440`);
    // the excerpt is a window of the long line ("..." then the line from column 338): the caret
    // stands under the first extra character, X
    expect(e.excerpt.startsWith('...')).toBe(true);
    expect(e.excerpt[e.caret - 1]).toBe('X');
  });

  it('a line without line ends (two records run together) is refused at once', async () => {
    const good = cclf5({ id: '1', line: '1', mbi: M, thru: '2024-01-01', amount: '1' });
    const f = folder({ [cclfName('5', '24', '240701')]: [good + good] }, { alignment: AL });
    const e = await refused(f);
    expect(e.first).toContain(':1:389: record longer than its layout: a CCLF5 record is 388 characters, this line has 776');
  });

  it('a date that is not a date', async () => {
    // CLM_THRU_DT (start 54) of line 1 is 2024-02-30
    const f = folder({ [N1]: [cclf1({ id: '1', mbi: M, thru: '2024-02-30', amount: '1' })] }, { alignment: AL });
    const e = await refused(f);
    expect(e.first).toBe(`dcsim: error: ${join(f.dir, N1)}:1:54: field CLM_THRU_DT is not a date: "2024-02-30"`);
    expect(e.caret).toBe(54);
    expect(e.stderr).toContain('hint: a date is YYYY-MM-DD');
  });

  it('an amount that is not money', async () => {
    // CLM_LINE_CVRD_PD_AMT (start 103) is "12,50"; CLM_IDR_LD_DT of line 2 is "2024/07/01"
    const N5 = cclfName('5', '24', '240701');
    const f = folder({ [N5]: [cclf5({ id: '1', line: '1', mbi: M, thru: '2024-01-01', amount: '1' }).replace(' 00000000001.00', '          12,50'), cclf5({ id: '2', line: '1', mbi: M, thru: '2024-01-01', amount: '1', load: '2024/07/01' })] }, { alignment: AL });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`dcsim: error: ${join(f.dir, N5)}:1:103: field CLM_LINE_CVRD_PD_AMT is not money: "12,50"`);
    expect(a.stderr).toContain(`dcsim: error: ${join(f.dir, N5)}:2:162: field CLM_IDR_LD_DT is not a date: "2024/07/01"`);
    expect(a.stderr).toContain('2 errors; nothing was settled');
  });

  it('an MBI crosswalk cycle names the MBIs', async () => {
    // A→B in one file, B→A in a later one
    const N9 = cclfName('9', '24', '240801');
    const f = folder({ [cclfName('9', '24', '240701')]: [cclf9('1BBBBBBBB02', M)], [N9]: [cclf9(M, '1BBBBBBBB02')] }, { alignment: AL });
    const e = await refused(f);
    expect(e.first).toMatch(/:1:2: field CRNT_NUM closes a loop in the MBI crosswalk: 1(A|B)+0[12] → 1(A|B)+0[12] → 1(A|B)+0[12]$/);
    expect(e.first).toContain('1AAAAAAAA01');
    expect(e.first).toContain('1BBBBBBBB02');
  });

  it('an alignment range outside 1..12', async () => {
    const f = folder({}, { alignment: 'mbi,performance_year,start_month,end_month\n1AAAAAAAA01,2024,0,12\n' });
    const e = await refused(f);
    expect(e.first).toBe(`dcsim: error: ${join(f.root, 'alignment.csv')}:2:18: field start_month is outside 1..12: "0"`);
    expect(e.caret).toBe(18);
  });

  it('an alignment file with a header and no rows', async () => {
    const f = folder({}, { alignment: 'mbi,performance_year,start_month,end_month\n' });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`dcsim: error: ${join(f.root, 'alignment.csv')}:1: the alignment file has a header but no rows`);
  });

  it('a participant file without its header', async () => {
    const f = folder({}, { alignment: AL, participants: '2024,023456789,1111111111\n' });
    const e = await refused(f);
    expect(e.first).toBe(`dcsim: error: ${join(f.root, 'participants.csv')}:1:1: the file has no header line (field performance_year is not named)`);
  });

  it('a damaged .gz file and a file that is not a zip archive', async () => {
    // the gzip stream cut in half; a .zip that is plain text
    const gz = gzipSync(Buffer.from(`${cclf1({ id: '1', mbi: M, thru: '2024-01-01', amount: '1' })}\n`.repeat(50)));
    const f = folder({ [`${N1}.gz`]: gz.subarray(0, gz.length >> 1) }, { alignment: AL });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`dcsim: error: ${join(f.dir, `${N1}.gz`)}: the gzip data is damaged`);
    const z = folder({ 'P.D0001.ACO.ZCY24.D240301.T0000000.zip': ['not a zip'] }, { alignment: AL });
    const b = await dcsimInProcess(z.args('2024-12-31'));
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('not a readable zip archive: no end of central directory record');
  });

  it('unknown adjustment codes are counted and summarised on one line, not refused', async () => {
    // codes 7 and X on two records (5 + 6 counted as debits: 11)
    const f = folder({ [N1]: [cclf1({ id: '1', mbi: M, thru: '2024-01-01', amount: '5', adj: '7' }), cclf1({ id: '2', mbi: M, thru: '2024-01-01', amount: '6', adj: 'X' })] }, { alignment: AL });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.code).toBe(0);
    expect(a.stdout.split('\n')[1]).toBe(`${M},2024,11.00,12,aged_disabled,none,0.00,0.00`);
    expect(a.stderr.match(/unknown CLM_ADJSMT_TYPE_CD/g)).toHaveLength(1);
    expect(a.stderr).toContain('2 record(s) with an unknown CLM_ADJSMT_TYPE_CD ("7" 1, "X" 1)');
  });
});
