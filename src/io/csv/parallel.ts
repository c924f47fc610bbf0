// Two threads on one regular file: this thread reads the first part, a worker (read-worker.ts) the
// rest, each through its own CsvReader, concurrently. The split is the first line start after 53% of
// the file (this thread starts first). When that cannot work (a quoted header, a quoted record across
// the split, a worker that fails) the caller reads the file with one thread and says why.
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../domain/errors.js';
import type { Group, RowTable } from '../../domain/population.js';
import { CsvReader, type PathCounts, type ReadOptions, type ReadResult } from './reader.js';
import type { Marks, SortedKeys } from './keysort.js';
import { concatRows } from './row-table.js';
import type { DupNote } from './rowsink.js';
import { mergeGroups, reviveGroup, type ClonedGroup } from './transport.js';

/** What the worker sends back. */
export interface WorkerResult {
  groups: ClonedGroup[];
  errors: Diagnostic[];
  dupNotes: DupNote[];
  moreErrors: number;
  rowsRead: number;
  /** Its rows' (PY, id) keys, sorted, with its record numbers. */
  keys: SortedKeys;
  /** Where every 256th of its records starts: file offsets, its own lines. */
  marks: Marks;
  nextLine: number;
  paths: PathCounts;
  rows?: RowTable;
}

export interface RangeJob {
  /** This thread's descriptor of the file (threads share descriptors): the file is opened once. */
  readonly fd: number;
  readonly start: number;
  readonly header: Uint8Array;
  readonly source: string;
  readonly maxErrors: number;
  readonly attachments: readonly number[];
  readonly expectedRows: number;
  readonly keepRows: boolean;
}

export interface ParallelResult {
  readonly mine: ReadResult;
  readonly theirs: WorkerResult;
  readonly groups: Group[];
  readonly rows?: RowTable;
}

/** The share of the file this thread reads; the worker reads the rest. */
const MAIN_SHARE = 0.53;
const CHUNK = 1 << 22;

export async function readParallel(fh: FileHandle, head: Buffer, size: number, base: ReadOptions, worker: URL, name: string): Promise<ParallelResult | { reason: string }> {
  const nl = head.subarray(0, 1 << 16).indexOf(10);
  if (nl < 0 || head.subarray(0, nl).includes(34)) return { reason: 'the header line has quotes or no line end in its first 64 KiB: one thread' };
  const header = Buffer.from(head.subarray(0, nl + 1));
  const mid = Math.floor(size * MAIN_SHARE);
  const win = Buffer.alloc(1 << 16);
  const { bytesRead } = await fh.read(win, 0, win.length, mid);
  const at = win.subarray(0, bytesRead).indexOf(10);
  if (at < 0 || mid + at + 1 >= size) return { reason: 'no line end near the middle of the file: one thread' };
  const split = mid + at + 1;
  const job: RangeJob = {
    fd: fh.fd, start: split, header, source: name, maxErrors: base.maxErrors, attachments: base.attachments ?? [],
    expectedRows: Math.floor((size - split) / 96), keepRows: base.keepRows === true,
  };
  const w = new Worker(worker, { workerData: job });
  const done = new Promise<WorkerResult>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
  });
  done.catch(() => undefined); // handled below; never an unhandled rejection
  // Progress: this thread's share, scaled to the whole file (the worker keeps about the same pace).
  const report = base.onProgress;
  const scale = size / split;
  const reader = new CsvReader({
    ...base,
    collectKeys: true,
    expectedRows: Math.floor(split / 96),
    ...(report ? { onProgress: (bytes: number, rows: number) => report(Math.min(size, bytes * scale), Math.round(rows * scale)) } : {}),
  });
  try {
    let pos = 0;
    const buf = Buffer.allocUnsafe(CHUNK); // one buffer for every read (the reader copies what it keeps)
    while (pos < split && !reader.done) {
      const { bytesRead: n } = await fh.read(buf, 0, Math.min(CHUNK, split - pos), pos);
      if (n === 0) break;
      pos += n;
      reader.feed(buf.subarray(0, n));
    }
  } catch (e) {
    await w.terminate();
    throw e;
  }
  if (reader.pending > 0) {
    await w.terminate();
    return { reason: 'a quoted value spans the middle of the file: one thread' };
  }
  const mine = reader.end();
  let theirs: WorkerResult;
  try {
    theirs = await done;
  } catch (e) {
    return { reason: `the reading worker failed (${(e as Error).message}): one thread` };
  } finally {
    void w.terminate();
  }
  const groups = mergeGroups([mine.groups, theirs.groups.map(reviveGroup)]);
  const rows = mine.rows && theirs.rows ? concatRows([mine.rows, theirs.rows]) : undefined;
  return { mine, theirs, groups, ...(rows ? { rows } : {}) };
}
