// The claims read by two threads (the built dist/io/cclf/, whose worker thread exists once `npm test`
// has built it): split by file, the worker reads the older files and the main thread takes back the
// older copies the worker counted; the rows, counts and errors are those of one thread, and the stats
// say which path ran.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as CclfIndex from '../src/io/cclf/index.js';
import { CclfBook, recordOutcome } from '../src/domain/cclf/book.js';
import { RecordSet } from '../src/domain/cclf/keys.js';
import type { ClaimJob } from '../src/io/cclf/cclf-worker.js';
import { cutByFile, defaultThreads, type ClaimFile } from '../src/io/cclf/claim-files.js';
import { ClaimLog, retractLogged } from '../src/io/cclf/claim-log.js';
import { ClaimWorker } from '../src/io/cclf/claim-worker.js';
import { cclf5, cclf8, cclf9, cclfFolder, cclfName, type Folder } from './cclf-fixtures.js';
import { dcsimInProcess } from './helpers.js';
import { tempDir } from './tmp.js';

const DIST = new URL('../dist/io/cclf/index.js', import.meta.url);
const load = async (): Promise<typeof CclfIndex> => {
  if (!existsSync(new URL('../dist/io/cclf/cclf-worker.js', import.meta.url))) throw new Error('build first: npm run build');
  return (await import(DIST.href)) as typeof CclfIndex;
};

const M = '1AAAAAAAA01';
const M2 = '1AAAAAAAA02';
const U = '1UUUUUUUU09';
const AL = `mbi,performance_year,start_month,end_month\n${M},2024,1,12\n${M2},2024,1,6\n`;
const PART = { tin: '023456789', npi: '1111111111' };

type Line = Parameters<typeof cclf5>[0];
const line = (id: number, amount: string, more: Partial<Line> = {}): string => cclf5({ id: String(id), line: '1', mbi: M, thru: '2024-02-10', amount, load: '2024-03-01', ...more });
/** Ten lines a file: the lines given, then fillers (ids from `from`, 1.00 each, counted). */
const file = (lines: string[], from: number): string[] => [...lines, ...Array.from({ length: 10 - lines.length }, (_, i) => line(from + i, '1'))];

const read = async (f: Folder, threads: number, maxErrors = 20): Promise<CclfIndex.CclfReadResult | { error: unknown }> => {
  const { readCclf } = await load();
  try {
    return await readCclf({ dir: f.dir, participants: join(f.root, 'participants.csv'), alignment: join(f.root, 'alignment.csv'), primaryCareCodes: join(f.root, 'codes.txt'), asOf: 20241231, threads, maxErrors });
  } catch (e) {
    return { error: e };
  }
};

describe('dcsim cclf on two threads, split by file', () => {
  it('takes back the older copies the worker counted: same rows and counts as one thread', async () => {
    // Four CCLF5 files of ten lines, oldest f1 .. newest f4; read newest first, the main thread takes
    // f4 and f3 (half the bytes), the worker f2 and f1. Records (CUR_CLM_UNIQ_ID 1-8, line 1):
    //   1: f1 10.00 (participant, primary care) | f4 1.00       -> 1.00 counted; f1's copy taken back
    //   2: f2 20.00 adj "7" (unknown code)      | f3 2.00       -> 2.00; f2's copy and its "7" taken back
    //   3: f1 30.00 under an unaligned MBI      | f3 3.00       -> 3.00; f1's unaligned copy taken back
    //   4: f2 40.00 loaded 2025-03-01 (after)   | f4 4.00       -> 4.00; f2's after-as-of copy taken back
    //   5: f1 50.00 of M2 in September (outside)| f4 5.00       -> 5.00; f1's outside copy taken back
    //   6: f2 6.00, f1 60.00 (both the worker's)                -> 6.00; f1's copy a duplicate in the worker
    //   7: f1 7.00 only                                          -> 7.00
    //   8: f2 80.00, f3 8.00 (a duplicate in the main thread), f4 80.00 -> f4's 80.00
    // Fillers: f4 6, f3 7, f2 6, f1 5 lines of 1.00 = 24.00.
    // M: 1 + 2 + 3 + 4 + 5 + 6 + 7 + 80 + 24 = 132.00; participant spend 0 (record 1's f1 copy was the
    // only participant line, and it is taken back); M2: nothing counted (5's copy is outside its months).
    // Counted: 8 records + 24 fillers = 32; duplicates: 6 taken back + 6's and 8's inner copies = 8.
    const f4 = file([line(1, '1'), line(4, '4'), line(5, '5', { thru: '2024-09-10' }), line(8, '80')], 400);
    const f3 = file([line(2, '2'), line(3, '3'), line(8, '8')], 300);
    const f2 = file([line(2, '20', { adj: '7' }), line(4, '40', { load: '2025-03-01' }), line(6, '6'), line(8, '80')], 200);
    const f1 = file([line(1, '10', { ...PART, hcpcs: '99213' }), line(3, '30', { mbi: U }), line(5, '50', { mbi: M2, thru: '2024-09-10' }), line(6, '60'), line(7, '7')], 100);
    const f = cclfFolder({
      [cclfName('5', '24', '240201')]: f1, [cclfName('5', '24', '240301')]: f2, [cclfName('5', '24', '240401')]: f3, [cclfName('5', '24', '240501')]: f4,
    }, { alignment: AL, participants: `performance_year,tin,npi\n2024,${PART.tin},${PART.npi}\n`, codes: '99213\n' });
    const one = await read(f, 1);
    const two = await read(f, 2);
    if ('error' in one || 'error' in two) throw new Error('expected rows');
    expect(one.reading).toMatchObject({ threads: 1, split: 'none', retracted: 0 });
    expect(two.reading).toMatchObject({ threads: 2, split: 'files', workerFiles: 2, retracted: 5 + 1 });
    const m = two.rows.find((r) => r.mbi === M)!;
    expect(m).toMatchObject({ expenditure: 13200, participant: 0, primaryCare: 0 });
    expect(two.rows.find((r) => r.mbi === M2)!.expenditure).toBe(0);
    expect(two.counts).toMatchObject({ records: 40, counted: 32, duplicates: 8, unaligned: 0, outsideMonths: 0, afterAsOf: 0 });
    expect(two.counts.unknownAdjustment.size).toBe(0);
    expect(two.rows).toEqual(one.rows);
    expect(two.counts).toEqual(one.counts);
    expect(two.clamps).toEqual(one.clamps);
  });

  it('with a CCLF8 read after the worker has its job: the same rows and counts', async () => {
    // four files as above, and a CCLF8 of 20,000 rows, which the main thread reads after handing
    // the worker its job (the worker's logs may come before the main thread reaches the claims:
    // see "ClaimWorker" below for the logs posted early)
    const f4 = file([line(1, '1'), line(4, '4'), line(8, '80')], 400);
    const f3 = file([line(2, '2'), line(3, '3'), line(8, '8')], 300);
    const f2 = file([line(2, '20'), line(4, '40'), line(6, '6'), line(8, '80')], 200);
    const f1 = file([line(1, '10'), line(3, '30'), line(5, '50'), line(6, '60'), line(7, '7')], 100);
    const demographics = Array.from({ length: 20_000 }, (_, i) => cclf8(`1D${String(i).padStart(9, '0')}`, '10', '00'));
    const f = cclfFolder({
      [cclfName('5', '24', '240201')]: f1, [cclfName('5', '24', '240301')]: f2, [cclfName('5', '24', '240401')]: f3, [cclfName('5', '24', '240501')]: f4,
      [cclfName('8', '24', '240501')]: demographics,
    }, { alignment: AL });
    const one = await read(f, 1);
    const two = await read(f, 2);
    if ('error' in one || 'error' in two) throw new Error('expected rows');
    // taken back: f2's 2, 4, 8 and f1's 1, 3 (f1's 6 is a duplicate inside the worker) = 5
    expect(two.reading).toMatchObject({ threads: 2, split: 'files', workerFiles: 2, retracted: 5 });
    expect(two.counts).toEqual(one.counts);
    expect(two.rows).toEqual(one.rows);
  });

  it('lists the errors one thread lists, up to the file where the list is full', async () => {
    // Two bad dates in each of four files. Newest first, one thread reads f4 (2), f3 (2) and, with
    // --max-errors 5, f2 (2: the list is full at 5, one more) and stops: f1's are never seen.
    const bad = (id: number): string => line(id, '1', { thru: '2024-13-01' });
    const f = cclfFolder({
      [cclfName('5', '24', '240201')]: file([bad(1), bad(2)], 100), [cclfName('5', '24', '240301')]: file([bad(3), bad(4)], 200),
      [cclfName('5', '24', '240401')]: file([bad(5), bad(6)], 300), [cclfName('5', '24', '240501')]: file([bad(7), bad(8)], 400),
    }, { alignment: AL });
    for (const max of [3, 5, 20]) {
      const one = await read(f, 1, max);
      const two = await read(f, 2, max);
      if (!('error' in one) || !('error' in two)) throw new Error('expected errors');
      const e1 = one.error as { diagnostics: { file: string; line: number }[]; more: number };
      const e2 = two.error as typeof e1;
      expect(e2.diagnostics).toEqual(e1.diagnostics);
      expect(e2.more).toBe(e1.more);
      // 3: f4 2 + f3 2 = 4 (3 listed, 1 more); 5: 6 (5 and 1); 20: all 8
      expect([e1.diagnostics.length, e1.more]).toEqual(max === 3 ? [3, 1] : max === 5 ? [5, 1] : [8, 0]);
    }
  });
});

describe('dcsim cclf on two threads, split by key', () => {
  it('with one big file, both threads read it and each takes half the records: same rows and counts', async () => {
    // f2 (newer) 40 lines, f1 (older) 5: no cut leaves 30% on each side, so the threads split by
    // (CUR_CLM_UNIQ_ID + CLM_LINE_NUM) parity. f1's ids 1-5 are re-sent in f2 (10.00 each there,
    // 99.00 in f1): the later copy counts, whichever thread a record falls to.
    // M: f2 holds ids 1-40 at 10.00 = 400.00; f1's five copies are duplicates.
    const f = cclfFolder({
      [cclfName('5', '24', '240201')]: Array.from({ length: 5 }, (_, i) => line(i + 1, '99')),
      [cclfName('5', '24', '240301')]: Array.from({ length: 40 }, (_, i) => line(i + 1, '10')),
    }, { alignment: AL });
    const one = await read(f, 1);
    const two = await read(f, 2);
    if ('error' in one || 'error' in two) throw new Error('expected rows');
    expect(two.reading).toMatchObject({ threads: 2, split: 'keys', retracted: 0 });
    expect(two.rows.find((r) => r.mbi === M)!.expenditure).toBe(40000);
    expect(two.counts).toMatchObject({ records: 45, counted: 40, duplicates: 5 });
    expect(two.rows).toEqual(one.rows);
    expect(two.counts).toEqual(one.counts);
  });
});

describe('dcsim cclf on two threads: a failure before the claims', () => {
  it('stops the worker it started (a bad alignment row, then a crosswalk loop): the error, no hang', async () => {
    // the worker is started before the side files are read; an error there must end it too
    const four = { [cclfName('5', '24', '240201')]: file([], 100), [cclfName('5', '24', '240301')]: file([], 200) };
    const badRow = cclfFolder(four, { alignment: `${AL}${M},2024,0,12\n` });
    const r = await read(badRow, 2);
    expect('error' in r && (r.error as Error).message).toContain('field start_month is outside 1..12');
    const loop = cclfFolder({ ...four, [cclfName('9', '24', '240301')]: [cclf9(M, M2), cclf9(M2, M)] }, { alignment: AL });
    const l = await read(loop, 2);
    expect('error' in l && (l.error as Error).message).toContain('closes a loop in the MBI crosswalk');
  });
});

describe('dcsim cclf on two threads: a synthetic CCLF set', () => {
  it('synth --cclf (re-sent records, MBI changes, run-out files): two threads give one thread\'s rows and counts', async () => {
    // 1,500 beneficiaries over PY2023-2024: 12 monthly and 3 run-out files a kind and PY, records
    // re-sent in later files; split by file, the worker's copies of newer files' records are taken back
    const dir = tempDir('dcsim-synth-cclf-');
    const made = await dcsimInProcess(['synth', '-n', '1500', '--years', '2023-2024', '--seed', '11', '--cclf', join(dir, 'set'), '-o', join(dir, 'pop.csv')]);
    expect(made.code, made.stderr).toBe(0);
    const S = join(dir, 'set');
    const { readCclf } = await load();
    const o = { dir: join(S, 'cclf'), participants: join(S, 'participants.csv'), alignment: join(S, 'alignment.csv'), primaryCareCodes: join(S, 'primary_care_codes.txt'), asOf: 20261231 };
    const one = await readCclf({ ...o, threads: 1 });
    const two = await readCclf({ ...o, threads: 2 });
    expect(two.reading.split).toBe('files');
    expect(two.reading.retracted).toBeGreaterThan(0);
    expect(one.counts.duplicates).toBeGreaterThanOrEqual(two.reading.retracted);
    expect(two.counts).toEqual(one.counts);
    expect(two.rows).toEqual(one.rows);
  });
});

describe('ClaimWorker', () => {
  it('keeps a log the worker posts before the main thread listens for the take-back, and takes it back then', async () => {
    // A stand-in worker posts one file's log at once, on its job, then its result. The main thread
    // hands over its keys 300 ms later. A Worker's message with no listener is lost, so the holder
    // listens from the start. The log: CUR_CLM_UNIQ_ID 7 line 1, counted in pair 0 (participant,
    // not primary care), 5.00; the main thread's keys hold (7, 1): it is taken back: pair 0's
    // expenditure 0 - 500 = -500, participant -500, primary care 0; counted -1, duplicates 1.
    const dir = tempDir('dcsim-claim-worker-');
    const script = join(dir, 'stand-in.mjs');
    writeFileSync(script, `import { parentPort } from 'node:worker_threads';
      parentPort.once('message', () => {
        const log = { n: 1, ids: Float64Array.of(7), lines: Int32Array.of(1), outcomes: Int32Array.of(${recordOutcome(0, true, false)}), cents: Float64Array.of(500), unknownAdjustment: new Map() };
        parentPort.postMessage({ kind: '5', log });
        parentPort.postMessage({ result: { blocks: new Float64Array(4), counts: { records: 1, duplicates: 0, unaligned: 0, outsideMonths: 0, afterAsOf: 0, counted: 1, unknownAdjustment: new Map() }, problems: [], more: 0, problemsByFile: [0], bytes: 0 } });
      });`);
    const book = new CclfBook(20241231);
    book.align(book.beneficiary(0, M), 2024, 1, 12);
    book.freeze();
    const keys = new RecordSet(8);
    keys.add(7, 1);
    const w = new ClaimWorker(pathToFileURL(script));
    try {
      w.start({} as ClaimJob);
      await new Promise((r) => setTimeout(r, 300));
      w.keysIn(book, new Map([['5', keys]]));
      await w.result;
      expect(w.retracted).toBe(1);
      expect([...book.blocks.subarray(0, 3)]).toEqual([-500, -500, 0]);
      expect(book.counts).toMatchObject({ counted: -1, duplicates: 1 });
    } finally {
      await w.terminate();
    }
  });
});

describe('ClaimLog', () => {
  it('keeps a 10-digit CLM_LINE_NUM whole, so the record is still found and taken back', () => {
    // line 3,000,000,000 is above 2^31 (and above the packed keys' 511: the key set keeps it by
    // text); 2.00 counted in pair 0, taken back: expenditure 0 - 200 = -200
    const book = new CclfBook(20241231);
    book.align(book.beneficiary(0, M), 2024, 1, 12);
    book.freeze();
    const keys = new RecordSet(8);
    keys.add(42, 3_000_000_000);
    const log = new ClaimLog();
    log.push(42, 3_000_000_000, recordOutcome(0, false, false), 200);
    log.push(43, 1, recordOutcome(0, false, false), 100);
    expect(retractLogged(book, log.data(), keys)).toBe(1);
    expect(book.blocks[0]).toBe(-200);
  });
});

describe('cutByFile', () => {
  const files = (sizes: number[]): ClaimFile[] => sizes.map((size, i) => ({ kind: '5', runout: false, yy: 24, d: String(i), t: '0', display: `f${i}`, path: `f${i}`, gzip: size < 0, size, stored: size < 0 ? 10 : size }));
  it('cuts where the first files hold about the main share; not when a side would be too small', () => {
    // 40 30 30: 40% before a cut at 1, 70% at 2; 0.56 is nearer 0.7 (0.14 off) than 0.4 (0.16 off)
    expect(cutByFile(files([40, 30, 30]), 0.56, 0.3)).toBe(2);
    // 25 25 25 25: cuts at 50% (1 = 25% is below the least share of 30%)
    expect(cutByFile(files([25, 25, 25, 25]), 0.56, 0.3)).toBe(2);
    // one big file and a small one: no cut leaves 30% on each side
    expect(cutByFile(files([90, 10]), 0.56, 0.3)).toBe(-1);
    expect(cutByFile(files([100]), 0.56, 0.3)).toBe(-1);
    // a gzip file (size -1) weighs 4 x its 10 stored bytes: 40 | 40 (weighed 0, no cut would do)
    expect(cutByFile(files([-1, 40]), 0.5, 0.3)).toBe(1);
  });

  it('two threads by default from 64 MiB of claim files, a gzip file weighed at 4 x its compressed size', () => {
    const MiB = 1 << 20;
    // 60 MiB plain: 1; 60 + 4 MiB: 2; gzip of 16 MiB compressed = 64 MiB estimated: 2; of 15 MiB: 1
    const sized = (sizes: number[], stored: number[]): ClaimFile[] => files(sizes).map((f, i) => ({ ...f, stored: stored[i]! }));
    expect(defaultThreads(files([60 * MiB]))).toBe(1);
    expect(defaultThreads(files([60 * MiB, 4 * MiB]))).toBe(2);
    expect(defaultThreads(sized([-1], [16 * MiB]))).toBe(2);
    expect(defaultThreads(sized([-1], [15 * MiB]))).toBe(1);
  });
});
