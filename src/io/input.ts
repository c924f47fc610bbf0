// Reading the beneficiary CSV from a file or stdin: the only place that touches the input's bytes
// on disk. Files are read in 4 MiB chunks with readSync (no stream overhead), by two threads when
// large; every (PY, id) key is hashed, the hashes sorted, and a repeated hash is confirmed against
// the real ids by a second pass over the file (stdin, which cannot be read twice, keeps a table).
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DcsimError, type Diagnostic } from '../domain/errors.js';
import { mergeGroups, populationOf, reviveGroup, type ClonedGroup, type Population, type RowTable } from '../domain/population.js';
import { concatRows } from './row-table.js';
import { CsvReader, type ReadResult } from './csv-reader.js';
import { repeatedPairs, sortPairs } from './dupset.js';

const CHUNK = 1 << 22;

export interface InputOptions {
  readonly maxErrors: number;
  readonly onProgress?: (bytes: number, rows: number) => void;
  /** Name used in messages (defaults to the path). */
  readonly displayName?: string;
  /** Stop-loss attachment points (cents) the groups should carry excesses for. */
  readonly attachments?: readonly number[];
  /** 1: read with this thread only (default: two threads for files over 8 MiB). */
  readonly threads?: number;
  /** Also return every valid row, in file order, as population.rows (compact typed columns). */
  readonly keepRows?: boolean;
}

export interface Input {
  readonly population: Population;
  readonly unknownColumns: readonly string[];
}

function readFileWith(path: string, reader: CsvReader, name: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DcsimError([{ file: name, message: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a CSV file' : `cannot open: ${(e as Error).message}` }], 1);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new DcsimError([{ file: name, message: 'is a directory, not a CSV file' }], 1);
  }
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      reader.feed(buf.subarray(0, n));
    }
  } catch (e) {
    throw new DcsimError([{ file: name, message: `cannot read: ${(e as Error).message}` }], 1);
  } finally {
    closeSync(fd);
  }
  return reader.end();
}

async function readStreamWith(stream: AsyncIterable<Buffer | string>, reader: CsvReader): Promise<ReadResult> {
  for await (const chunk of stream) reader.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return reader.end();
}

function finish(r: ReadResult, extra: Diagnostic[] = []): Input {
  const errors = [...r.errors, ...extra].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (errors.length || !r.population) throw new DcsimError(errors, 1, r.moreErrors);
  return { population: r.population, unknownColumns: r.unknownColumns };
}

/** Read a CSV file ("-" for stdin) into a population, or throw a DcsimError listing what is wrong. */
export async function readInput(path: string, opts: InputOptions, stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<Input> {
  const name = opts.displayName ?? (path === '-' ? '<stdin>' : path);
  const base = { source: name, maxErrors: opts.maxErrors, ...(opts.keepRows ? { keepRows: true } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), ...(opts.attachments?.length ? { attachments: opts.attachments } : {}) };
  if (path === '-') {
    const r = await readStreamWith(stdin, new CsvReader({ ...base, trackLines: true }));
    // stdin cannot be read twice: a 64-bit hash match is taken as the duplicate it almost surely is.
    const dups: Diagnostic[] = r.suspects.map((s) => ({ file: name, line: s.line, column: s.column, lineText: s.ctx, message: `beneficiary ${JSON.stringify(s.id)} appears twice in performance year ${s.py} (first at line ${s.firstLine})`, hint: 'a beneficiary has one row per performance year' }));
    return finish(r, dups.slice(0, Math.max(0, opts.maxErrors - r.errors.length)));
  }
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    /* reported when the file is opened */
  }
  const expectedRows = Math.floor(size / 96); // a typical row; the tables grow if there are more
  const parallel = opts.threads !== 1 && size >= PARALLEL_MIN_BYTES ? await readParallel(path, { ...base, expectedRows }, name, size) : undefined;
  const first = parallel ?? readFileWith(path, new CsvReader({ ...base, expectedRows, collectHashes: true }), name);
  const repeated = parallel ? parallel.repeated : repeatedPairs(sortPairs(first.hashes ?? new Uint32Array(0), (first.hashes?.length ?? 0) / 2));
  if (repeated.size === 0) return finish(first);
  // Some (PY, id) hashes repeat: read again, checking the rows with those hashes by their ids.
  return finish(readFileWith(path, new CsvReader({ ...base, keepRows: false, confirmHashes: repeated }), name));
}

/** Files at least this big are read by two threads (a worker starts in ~30 ms). */
const PARALLEL_MIN_BYTES = 8 << 20;
/** The share of the file this thread reads; the worker reads the rest. */
const MAIN_SHARE = 0.53;
const WORKER = new URL('./read-worker.js', import.meta.url);

/**
 * Read the file's first half here and its second half in a worker thread, then merge. The split is
 * the first line start after the middle; if that falls inside a quoted value (this thread's reader
 * ends with an unfinished record), or the header has quotes, the file is read by one thread.
 */
async function readParallel(path: string, base: ConstructorParameters<typeof CsvReader>[0], name: string, size: number): Promise<(ReadResult & { repeated: Set<string> }) | undefined> {
  if (!existsSync(fileURLToPath(WORKER))) return undefined; // running from sources (tests)
  const fd = openSync(path, 'r');
  let header: Buffer;
  let split: number;
  try {
    const head = Buffer.alloc(1 << 16);
    const hn = readSync(fd, head, 0, head.length, 0);
    const nl = head.subarray(0, hn).indexOf(10);
    if (nl < 0 || head.subarray(0, nl).includes(34)) return undefined;
    header = head.subarray(0, nl + 1);
    // this thread takes a little more: the worker starts some 40 ms later
    const mid = Math.floor(size * MAIN_SHARE);
    const win = Buffer.alloc(1 << 16);
    const wn = readSync(fd, win, 0, win.length, mid);
    const at = win.subarray(0, wn).indexOf(10);
    if (at < 0 || mid + at + 1 >= size) return undefined;
    split = mid + at + 1;
  } finally {
    closeSync(fd);
  }
  const worker = new Worker(WORKER, {
    workerData: { path, start: split, header, source: name, maxErrors: base.maxErrors, attachments: base.attachments ?? [], expectedRows: Math.floor((size - split) / 96), keepRows: base.keepRows === true },
  });
  const done = new Promise<WorkerResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Progress: this thread's share, scaled to the whole file (the worker keeps about the same pace).
  const report = base.onProgress;
  const scale = size / split;
  const reader = new CsvReader({
    ...base,
    expectedRows: Math.floor(split / 96),
    collectHashes: true,
    ...(report ? { onProgress: (bytes: number, rows: number) => report(Math.min(size, bytes * scale), Math.round(rows * scale)) } : {}),
  });
  const rfd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let pos = 0;
    while (pos < split) {
      const n = readSync(rfd, buf, 0, Math.min(CHUNK, split - pos), pos);
      if (n === 0) break;
      pos += n;
      reader.feed(buf.subarray(0, n));
    }
  } finally {
    closeSync(rfd);
  }
  if (reader.pending > 0) {
    await worker.terminate();
    return undefined;
  }
  const mine = reader.end();
  // Sort this half's keys while the worker finishes its half.
  const mineSorted = sortPairs(mine.hashes ?? new Uint32Array(0), (mine.hashes?.length ?? 0) / 2);
  const theirs = await done.catch(() => undefined);
  void worker.terminate();
  if (theirs === undefined) return undefined; // the worker failed: one thread reads it all
  // The worker numbered its header line 1 and its first row 2; here that row is line mine.nextLine.
  const shift = mine.nextLine - 2;
  const errors = [...mine.errors, ...theirs.errors.map((d) => ({ ...d, ...(d.line !== undefined ? { line: d.line + shift } : {}) }))];
  const kept = errors.slice(0, base.maxErrors);
  // Both threads' keys, each sorted by hash: a repeated hash is a suspect to confirm.
  const repeated = repeatedPairs(mineSorted, theirs.hashes);
  const groups = mergeGroups([mine.groups, theirs.groups.map(reviveGroup)]);
  const rowsRead = mine.rowsRead + theirs.rowsRead;
  const clean = errors.length === 0 && repeated.size === 0;
  return {
    ...(clean && mine.population ? { population: populationOf(name, rowsRead, groups, mine.population.columns, base.attachments ?? [], mine.rows && theirs.rows ? concatRows([mine.rows, theirs.rows]) : undefined) } : {}),
    errors: kept,
    moreErrors: mine.moreErrors + theirs.moreErrors + (errors.length - kept.length),
    suspects: [],
    repeated,
    unknownColumns: mine.unknownColumns,
    rowsRead,
    groups,
    nextLine: theirs.nextLine + shift,
  };
}

interface WorkerResult {
  groups: ClonedGroup[];
  errors: Diagnostic[];
  moreErrors: number;
  rowsRead: number;
  hashes: Uint32Array;
  nextLine: number;
  rows?: RowTable;
}
