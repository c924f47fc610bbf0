// `dcsim cclf` reading: .zip archives and .gz files as CMS delivers them, other names ignored with one
// note, CRLF and blank lines, the IME/DSH/UCC option, the add-back of PBP reductions, and
// `dcsim run --cclf` settling the folder straight from the derived rows.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';
import { cclf1, cclf5, cclf8, cclf9, cclfFolder, cclfName, fixed, HEADER, money } from './cclf-fixtures.js';

const folder = cclfFolder; // (test/tmp.ts removes each folder when the file ends)
const AL = 'mbi,performance_year,start_month,end_month\n1AAAAAAAA01,2024,1,12\n';
const M = '1AAAAAAAA01';

describe('dcsim cclf: files', () => {
  it('reads members of a .zip (deflated and stored) and a .gz file, ignoring other names with one note', async () => {
    // zip (deflate): CCLF1 claim 1 = 100; zip (stored): CCLF9 A→B is absent, CCLF8 says ESRD;
    // gz: CCLF5 line = 20.50; README.txt and a member notes.txt are ignored: 2 files, one note.
    const enc = (lines: string[]): Uint8Array => Buffer.from(`${lines.join('\r\n')}\r\n`);
    const zip = zipSync({
      [cclfName('1', '24', '240301')]: [enc([cclf1({ id: '1', mbi: M, thru: '2024-01-02', amount: '100' })]), { level: 6 }],
      [`x/${cclfName('8', '24', '240301')}`]: [enc([cclf8(M, '11', '00')]), { level: 0 }],
      'notes.txt': [enc(['hello']), { level: 0 }],
    });
    const f = folder({
      'P.D0001.ACO.ZCY24.D240301.T0000000.zip': Buffer.from(zip),
      [`${cclfName('5', '24', '240301')}.gz`]: gzipSync(Buffer.from(`\n${cclf5({ id: '2', line: '1', mbi: M, thru: '2024-01-03', amount: '20.5' })}\n\n`)),
      'README.txt': ['not a CCLF file'],
    }, { alignment: AL });
    const a = await dcsimInProcess(f.args('2024-12-31'));
    expect(a.stderr).toMatch(/ignored 2 file\(s\)/);
    expect(a.stderr.match(/ignored/g)).toHaveLength(1);
    expect(a.stdout).toBe(`${HEADER}\n${M},2024,120.50,12,esrd,none,0.00,0.00\n`);
  });

  it('pads a short line (trailing blanks trimmed) and skips blank lines', async () => {
    // the CCLF1 line cut after its load date (column 170): the rest is blank. 42.
    const line = cclf1({ id: '1', mbi: M, thru: '2024-05-05', amount: '42', load: '2024-06-01' }).trimEnd();
    const f = folder({ [cclfName('1', '24', '240701')]: ['', line, '   '] }, { alignment: AL });
    expect((await dcsimInProcess(f.args('2024-12-31'))).stdout.split('\n')[1]).toBe(`${M},2024,42.00,12,aged_disabled,none,0.00,0.00`);
  });
});

describe('dcsim cclf: parameters', () => {
  it('--exclude-ime-dsh-ucc subtracts CCLF1\'s removal fields before signing', async () => {
    // paid 1,000.00 with operating IME 150.00: off 1000; on 1000 - 150 = 850.
    const f = folder({ [cclfName('1', '24', '240701')]: [cclf1({ id: '1', mbi: M, thru: '2024-05-05', amount: '1000', ime: '150' })] }, { alignment: AL });
    const off = await dcsimInProcess(f.args('2024-12-31'));
    expect(off.stdout.split('\n')[1]).toBe(`${M},2024,1000.00,12,aged_disabled,none,0.00,0.00`);
    const on = await dcsimInProcess(f.args('2024-12-31', '--exclude-ime-dsh-ucc'));
    expect(on.stderr).toContain('IME/DSH/UCC removal on');
    expect(on.stdout.split('\n')[1]).toBe(`${M},2024,850.00,12,aged_disabled,none,0.00,0.00`);
  });

  it('--add-back-reductions adds CCLFA/CCLFB PBP reductions to their claims, signed as the claim', async () => {
    // CCLF1 claim 10 paid 800 (reduced by 200 in CCLFA): 1000. CCLF5 claim 20 line 1 paid 90
    // (reduced by 10 in CCLFB) and its cancellation claim 21 line 1 (paid 90, reduced 10): 100 - 100.
    // Total with the add-back: 1000; without: 800.
    const a = fixed(400, [[1, 13, '10'], [63, 19, money('0', 19)], [82, 19, money('200', 19)]]);
    const b = [fixed(200, [[1, 13, '20'], [14, 10, '1'], [78, 15, money('10')]]), fixed(200, [[1, 13, '21'], [14, 10, '1'], [78, 15, money('10')]])];
    const f = folder({
      [cclfName('1', '24', '240701')]: [cclf1({ id: '10', mbi: M, thru: '2024-05-05', amount: '800' })],
      [cclfName('5', '24', '240701')]: [cclf5({ id: '20', line: '1', mbi: M, thru: '2024-05-05', amount: '90' }), cclf5({ id: '21', line: '1', mbi: M, thru: '2024-05-05', amount: '90', adj: '1' })],
      [cclfName('A', '24', '240701')]: [a],
      [cclfName('B', '24', '240701')]: b,
    }, { alignment: AL });
    expect((await dcsimInProcess(f.args('2024-12-31'))).stdout.split('\n')[1]).toBe(`${M},2024,800.00,12,aged_disabled,none,0.00,0.00`);
    const on = await dcsimInProcess(f.args('2024-12-31', '--add-back-reductions'));
    expect(on.stderr).toContain('add-back of capitation fee reductions on');
    expect(on.stderr).toContain('3 reduction record(s) from 2 CCLFA/CCLFB file(s)');
    expect(on.stdout.split('\n')[1]).toBe(`${M},2024,1000.00,12,aged_disabled,none,0.00,0.00`);
  });

  it('--add-back-reductions without CCLFA/CCLFB files: a note, nothing added', async () => {
    const f = folder({ [cclfName('1', '24', '240701')]: [cclf1({ id: '10', mbi: M, thru: '2024-05-05', amount: '800' })] }, { alignment: AL });
    const on = await dcsimInProcess(f.args('2024-12-31', '--add-back-reductions'));
    expect(on.stderr).toContain('no CCLFA or CCLFB file');
    expect(on.stdout.split('\n')[1]).toBe(`${M},2024,800.00,12,aged_disabled,none,0.00,0.00`);
  });

  it('writes -o atomically and prints nothing on stdout', async () => {
    const f = folder({ [cclfName('1', '24', '240701')]: [cclf1({ id: '1', mbi: M, thru: '2024-05-05', amount: '5' })] }, { alignment: AL });
    const out = join(f.root, 'out.csv');
    const a = await dcsimInProcess([...f.args('2024-12-31'), '-o', out]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe('');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toBe(`${HEADER}\n${M},2024,5.00,12,aged_disabled,none,0.00,0.00\n`);
  });
});

describe('dcsim run --cclf: the derived rows settle as the CSV does', () => {
  it('run --cclf DIR gives the same settlement as run on the CSV `dcsim cclf` writes', async () => {
    // two beneficiaries, one renamed through CCLF9; the settlement JSON of both runs must be equal
    // (the source name aside).
    const f = folder({
      [cclfName('9', '24', '240601')]: [cclf9('1BBBBBBBB02', '1ZZZZZZZZ09')],
      [cclfName('1', '24', '240701')]: [cclf1({ id: '1', mbi: M, thru: '2024-05-05', amount: '12000' }), cclf1({ id: '2', mbi: '1ZZZZZZZZ09', thru: '2024-03-05', amount: '7000.55' })],
      [cclfName('8', '24', '240701')]: [cclf8('1ZZZZZZZZ09', '11', '02')],
    }, { alignment: `${AL}1BBBBBBBB02,2024,4,12\n` });
    const csv = join(f.root, 'rows.csv');
    expect((await dcsimInProcess([...f.args('2024-12-31'), '-o', csv])).code).toBe(0);
    // aligned from April: B's March claim is outside: 0 for B.
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(csv, 'utf8')).toBe(`${HEADER}\n${M},2024,12000.00,12,aged_disabled,none,0.00,0.00\n1BBBBBBBB02,2024,0.00,9,esrd,full,0.00,0.00\n`);
    const scen = ['--track', 'global', '--benchmark-pbpm', 'aged_disabled=1000,esrd=8000', '-O', 'json'];
    const viaCsv = await dcsimInProcess(['run', csv, ...scen]);
    const side = f.args('2024-12-31').slice(2);
    const viaDir = await dcsimInProcess(['run', '--cclf', f.dir, ...side, ...scen]);
    expect(viaDir.code).toBe(0);
    const strip = (s: string): unknown => JSON.parse(s.replaceAll(JSON.stringify(csv).slice(1, -1), 'X').replaceAll(JSON.stringify(f.dir).slice(1, -1), 'X'));
    expect(strip(viaDir.stdout)).toEqual(strip(viaCsv.stdout));
    for (const cmd of ['compare', 'sweep']) {
      const r = await dcsimInProcess([cmd, '--cclf', f.dir, ...side, '--benchmark-pbpm', 'aged_disabled=1000,esrd=8000', '-O', 'csv']);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(0);
    }
    const risk = await dcsimInProcess(['risk', '--cclf', f.dir, ...side, '--benchmark-pbpm', 'aged_disabled=1000,esrd=8000', '--trials', '50', '--threads', '1', '-O', 'csv']);
    expect(risk.code, risk.stderr).toBe(0);
  });

  it('usage: --cclf with a data file, or without its side files, is exit 2', async () => {
    const both = await dcsimInProcess(['run', 'x.csv', '--cclf', 'dir']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const missing = await dcsimInProcess(['run', '--cclf', 'dir', '--participants', 'p.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--alignment, --primary-care-codes, --as-of');
    const asOf = await dcsimInProcess(['cclf', 'dir', '--participants', 'p', '--alignment', 'a', '--primary-care-codes', 'c', '--as-of', '2024-02-30']);
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('expected a date YYYY-MM-DD');
  });
});

describe('dcsim cclf --threads 2 (the built binary: its worker thread)', () => {
  it('gives the same rows and counts as one thread, and the same errors', async () => {
    // claims 1..40 across two files, every fourth re-sent in the later file with another amount, and
    // cancellations: the later copy wins in either thread, since both copies fall to one thread.
    const { spawnSync } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const bin = join(import.meta.dirname, '..', 'bin', 'dcsim.js');
    if (!existsSync(join(import.meta.dirname, '..', 'dist', 'bundle', 'cclf-worker.js'))) throw new Error('build first: npm run build');
    const old: string[] = [];
    const later: string[] = [];
    for (let i = 1; i <= 40; i++) {
      old.push(cclf5({ id: String(i), line: String(1 + (i % 3)), mbi: i % 2 ? M : '1BBBBBBBB02', thru: `2024-0${1 + (i % 9)}-10`, amount: String(i * 10), adj: i % 7 === 0 ? '1' : '0', tin: '023456789', npi: '1111111111', hcpcs: '99213' }));
      if (i % 4 === 0) later.push(cclf5({ id: String(i), line: String(1 + (i % 3)), mbi: i % 2 ? M : '1BBBBBBBB02', thru: `2024-0${1 + (i % 9)}-10`, amount: String(i), tin: '023456789', npi: '1111111111', hcpcs: '99213' }));
    }
    const f = folder({ [cclfName('5', '24', '240301')]: old, [cclfName('5', '24', '240601')]: later },
      { alignment: `${AL}1BBBBBBBB02,2024,1,12\n`, participants: 'performance_year,tin,npi\n2024,023456789,1111111111\n', codes: '99213\n' });
    const run = (t: string): { status: number | null; stdout: string; stderr: string } => spawnSync(process.execPath, [bin, ...f.args('2024-12-31', '--threads', t)], { encoding: 'utf8' });
    const one = run('1');
    const two = run('2');
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stderr).toContain('10 older copies');
    // errors: a bad date in each of two records that fall to different threads (ids 1 and 2)
    const bad = folder({ [cclfName('5', '24', '240301')]: [
      cclf5({ id: '1', line: '0', mbi: M, thru: '2024-13-01', amount: '1' }), cclf5({ id: '2', line: '0', mbi: M, thru: '2024-00-01', amount: '1' }),
    ] }, { alignment: AL });
    const b1 = spawnSync(process.execPath, [bin, ...bad.args('2024-12-31', '--threads', '1')], { encoding: 'utf8' });
    const b2 = spawnSync(process.execPath, [bin, ...bad.args('2024-12-31', '--threads', '2')], { encoding: 'utf8' });
    expect(b1.status).toBe(1);
    expect(b2.status).toBe(1);
    expect(b2.stderr.match(/is not a date/g)).toHaveLength(2);
    expect(b2.stderr).toBe(b1.stderr);
  });
});
