// The CSV reader's one entry point: readPopulation(path | '-' | stream, options) → { population,
// unknownColumns, stats }. Everything else in src/io/csv/ (the fast row, csv-parse for quoted
// records, duplicate detection, the worker thread and its transport) is internal.
//
// Every input is read once, as a stream of chunks awaited one by one (so Ctrl-C is handled between
// chunks): a file in 4 MiB reads, stdin or a pipe as it comes. Gzip input (by its magic bytes, any
// name) is decompressed on the fly. Duplicate ids: stdin and pipes check each key as it is read
// (dupset.ts DuplicateSet); a regular file collects its keys by record number (8 bytes a row) and
// every 256th record's place, sorts them after reading (keysort.ts), and locates and reads back the
// few rows to list by positional reads on the descriptor already open (locate.ts, cross.ts). Regular files from 256 MiB (or over 8 MiB with --threads 2) are read by two threads: this one the first
// part, a worker the rest; the repeats are found over both parts' keys. Only if a row read back no
// longer hashes to its key (the file changed meanwhile) is the file read again (stats.fallbacks).
import { constants as fsc, existsSync, open as openCb } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DcsimError, type Diagnostic } from '../../domain/errors.js';
import { decompressed, isDirectoryFd, isGzip } from '../decode.js';
import { populationOf, type Population } from '../../domain/population.js';
import { placeRepeats, refusal, renumber } from './cross.js';
import { findRepeats, sortKeys, type Keys, type SortedKeys } from './keysort.js';
import { CsvReader, type ReadOptions, type ReadResult } from './reader.js';
import { readParallel, type ParallelResult } from './parallel.js';

const CHUNK = 1 << 22;

export interface ReadPopulationOptions {
  /** Input errors to list; the rest are counted (default 20). */
  readonly maxErrors?: number;
  readonly onProgress?: (bytes: number, rows: number) => void;
  /** Name used in messages (defaults to the path, or "<stdin>"). */
  readonly displayName?: string;
  /** Stop-loss attachment points (cents) the groups should carry excesses for. */
  readonly attachments?: readonly number[];
  /** 1: read with this thread only; 2: two threads for regular files over 8 MiB; default: two from 256 MiB. */
  readonly threads?: number;
  /** Also return every valid row, in file order, as population.rows (compact typed columns). */
  readonly keepRows?: boolean;
  /** What '-' reads (default: process.stdin). */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
}

/** How the input was read: which paths took the rows, how many threads, and why any fell back. */
export interface ReadStats {
  /** Rows taken whole by the fused fast path. */
  readonly fastRows: number;
  /** Rows split and checked field by field (the fast path gave up on them: a space, a capital, an error). */
  readonly checkedRows: number;
  /** Records with quotes, read by csv-parse. */
  readonly csvParseRows: number;
  /** Threads that read the rows that were kept. */
  readonly threads: 1 | 2;
  /** The input was gzip-compressed. */
  readonly gzip: boolean;
  /** Each time a faster way was given up, and why. */
  readonly fallbacks: readonly { readonly reason: string }[];
}

export interface ReadPopulationResult {
  readonly population: Population;
  readonly unknownColumns: readonly string[];
  readonly stats: ReadStats;
}

/** A path, '-' for stdin, or a stream of chunks. */
export type PopulationSource = string | AsyncIterable<Uint8Array | string>;

/** Files at least this big are read by two threads (a worker starts in ~30 ms). */
export const PARALLEL_MIN_BYTES = 8 << 20;
/**
 * Without --threads, a file is split in two only from this size: `npm run bench` (BENCHMARKS.md,
 * 2026-11-30) measured two threads 12% slower than one on a 99 MB file and level on a 495 MB one.
 */
export const DEFAULT_PARALLEL_MIN_BYTES = 256 << 20;

/** Read a beneficiary CSV into a population, or throw a DcsimError listing what is wrong. */
export async function readPopulation(source: PopulationSource, opts: ReadPopulationOptions = {}): Promise<ReadPopulationResult> {
  const name = opts.displayName ?? (typeof source === 'string' ? (source === '-' ? '<stdin>' : source) : '<stream>');
  const maxErrors = opts.maxErrors ?? 20;
  const base: ReadOptions = {
    source: name, maxErrors,
    ...(opts.keepRows ? { keepRows: true } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.attachments?.length ? { attachments: opts.attachments } : {}),
  };
  const fallbacks: { reason: string }[] = [];
  if (typeof source !== 'string' || source === '-') {
    const stream = typeof source === 'string' ? opts.stdin ?? process.stdin : source;
    if (stream === process.stdin && isDirectoryFd(0)) throw new DcsimError([{ file: name, message: 'standard input is a directory, not a CSV file' }], 1);
    const { chunks, gzip } = await decompressed(stream, name);
    const r = await readChunks(chunks, new CsvReader(base));
    return finish(r, 1, gzip, fallbacks);
  }

  const kind = await kindOf(source);
  if (kind === 'pipe') {
    // A FIFO or socket (`<(…)` too) is read through a non-blocking pipe handle: a blocking read in
    // the thread pool would keep the process from exiting on Ctrl-C while the writer is idle.
    const fd = await openFd(source, name);
    const { chunks, gzip } = await decompressed(new Socket({ fd, readable: true, writable: false }), name);
    return finish(await readChunks(chunks, new CsvReader(base)), 1, gzip, fallbacks);
  }
  const fh = await openInput(source, name);
  try {
    const st = await fh.stat();
    const first = Buffer.allocUnsafe(CHUNK);
    const n = (await readAt(fh, first, 0, CHUNK, null, name)).bytesRead; // null: from the current offset (a FIFO has no other)
    const head = first.subarray(0, n);
    if (isGzip(head)) {
      const { chunks } = await decompressed(fileChunks(fh, head, null, name), name);
      return finish(await readChunks(chunks, new CsvReader(base)), 1, true, fallbacks);
    }
    const expectedRows = Math.floor(st.size / 96); // a typical row; the tables grow if there are more
    if (opts.threads !== 1 && st.isFile() && st.size >= (opts.threads === 2 ? PARALLEL_MIN_BYTES : DEFAULT_PARALLEL_MIN_BYTES)) {
      if (!existsSync(fileURLToPath(WORKER))) fallbacks.push({ reason: 'the worker script is not built (running from sources): one thread' });
      else {
        const p = await readParallel(fh, head, st.size, { ...base, expectedRows }, WORKER, name);
        if ('reason' in p) fallbacks.push({ reason: p.reason });
        else {
          const done = await finishParallel(p, fh, name, maxErrors, base.attachments ?? [], fallbacks);
          if (done) return done;
          return readAgain(fh, base, expectedRows, name, fallbacks);
        }
      }
    }
    if (!st.isFile()) return finish(await readChunks(fileChunks(fh, head, null, name), new CsvReader({ ...base, expectedRows })), 1, false, fallbacks);
    // A regular file: keys collected as read, repeats found by sorting, listed rows read back.
    const r = await readChunks(fileChunks(fh, head, n, name, first), new CsvReader({ ...base, expectedRows, collectKeys: true }));
    if (!r.keys || !r.header) return finish(r, 1, false, fallbacks);
    const found = findRepeats(maxErrors, await sorted(r.keys));
    if (found.total === 0) return finish(r, 1, false, fallbacks);
    const repeats = await placeRepeats(fh, found, [{ base: 0, shift: 0, marks: r.keys.marks }]);
    const e = repeats && (await refusal(fh, r.errors, r.moreErrors, repeats, r.header, name, maxErrors));
    if (e) throw e;
    return readAgain(fh, base, expectedRows, name, fallbacks);
  } finally {
    await fh.close();
  }
}

const WORKER = new URL('./read-worker.js', import.meta.url);

async function kindOf(path: string): Promise<'pipe' | 'other'> {
  try {
    const st = await stat(path);
    return st.isFIFO() || st.isSocket() ? 'pipe' : 'other';
  } catch {
    return 'other'; // the open that follows names the problem
  }
}

async function openFd(path: string, name: string): Promise<number> {
  try {
    return await new Promise<number>((resolve, reject) => openCb(path, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
  } catch (e) {
    throw new DcsimError([{ file: name, message: `cannot open: ${(e as Error).message}` }], 1);
  }
}

async function openInput(path: string, name: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(path, fsc.O_RDONLY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DcsimError([{ file: name, message: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a CSV file' : `cannot open: ${(e as Error).message}` }], 1);
  }
  if ((await fh.stat()).isDirectory()) {
    await fh.close();
    throw new DcsimError([{ file: name, message: 'is a directory, not a CSV file' }], 1);
  }
  return fh;
}

async function readAt(fh: FileHandle, buf: Buffer, off: number, len: number, pos: number | null, name: string): Promise<{ bytesRead: number }> {
  try {
    return await fh.read(buf, off, len, pos);
  } catch (e) {
    throw new DcsimError([{ file: name, message: `cannot read: ${(e as Error).message}` }], 1);
  }
}

/**
 * The file's chunks: `head` (already read, may be empty), then 4 MiB reads from byte `from` (a
 * regular file) or from the descriptor's current offset (null: a device). `reuse` (head's own
 * buffer may be it): every read goes into it, for a consumer done with a chunk when it asks for the
 * next (CsvReader copies what it keeps): no 4 MiB of garbage a chunk, which kept ~15 MB more
 * resident on 5M rows.
 */
async function* fileChunks(fh: FileHandle, head: Buffer, from: number | null, name: string, reuse?: Buffer): AsyncGenerator<Uint8Array> {
  if (head.length) yield head;
  else if (from === null || from > 0) return; // (an empty first read: the input is empty)
  let pos = from;
  for (;;) {
    const buf = reuse ?? Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await readAt(fh, buf, 0, CHUNK, pos, name);
    if (bytesRead === 0) return;
    if (pos !== null) pos += bytesRead;
    yield buf.subarray(0, bytesRead);
  }
}

/** A repeated row could not be read back as it was read (the file changed): read it all again as a stream. */
async function readAgain(fh: FileHandle, base: ReadOptions, expectedRows: number, name: string, fallbacks: { reason: string }[]): Promise<ReadPopulationResult> {
  fallbacks.push({ reason: 'a repeated row read back differs (the file changed while being read): read again, checking ids as read' });
  return finish(await readChunks(fileChunks(fh, Buffer.alloc(0), 0, name), new CsvReader({ ...base, expectedRows })), 1, false, fallbacks);
}

/** Feed every chunk, awaiting each (the event loop runs between chunks: a SIGINT handler can act). */
async function readChunks(chunks: AsyncIterable<Uint8Array>, reader: CsvReader): Promise<ReadResult> {
  for await (const c of chunks) {
    reader.feed(c);
    if (reader.done) break;
  }
  return reader.end();
}

/** The keys sorted, awaiting between the passes (Ctrl-C is handled there). */
async function sorted(keys: Keys): Promise<SortedKeys> {
  const g = sortKeys(keys);
  for (let r = g.next(); ; r = g.next()) {
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function sortErrors(errors: readonly Diagnostic[]): Diagnostic[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function finish(r: ReadResult, threads: 1 | 2, gzip: boolean, fallbacks: { reason: string }[]): ReadPopulationResult {
  if (r.errors.length || !r.population) throw new DcsimError(sortErrors(r.errors), 1, r.moreErrors);
  return { population: r.population, unknownColumns: r.unknownColumns, stats: { fastRows: r.paths.fast, checkedRows: r.paths.checked, csvParseRows: r.paths.csvParse, threads, gzip, fallbacks } };
}

/**
 * Both halves read: merge, errors renumbered to the whole file's lines, the repeats found over both
 * halves' keys. Undefined when a repeated row cannot be read back as it was.
 */
async function finishParallel(p: ParallelResult, fh: FileHandle, name: string, maxErrors: number, attachments: readonly number[], fallbacks: { reason: string }[]): Promise<ReadPopulationResult | undefined> {
  const { mine, theirs } = p;
  if (!mine.headerOk || !mine.header || !mine.keys) return finish(mine, 1, false, fallbacks); // the header's errors, once
  // The worker numbered its header line 1 and its first row 2; here that row is line mine.nextLine.
  const shift = mine.nextLine - 2;
  const marks = mine.keys.marks;
  const found = findRepeats(maxErrors, await sorted(mine.keys), { keys: theirs.keys, base: mine.rowsRead });
  const errors = [...mine.errors, ...renumber(theirs, shift)];
  if (errors.length === 0 && found.total === 0 && mine.population) {
    const population = populationOf(name, mine.rowsRead + theirs.rowsRead, p.groups, mine.population.columns, attachments, p.rows);
    const paths = { fast: mine.paths.fast + theirs.paths.fast, checked: mine.paths.checked + theirs.paths.checked, csvParse: mine.paths.csvParse + theirs.paths.csvParse };
    return { population, unknownColumns: mine.unknownColumns, stats: { fastRows: paths.fast, checkedRows: paths.checked, csvParseRows: paths.csvParse, threads: 2, gzip: false, fallbacks } };
  }
  const repeats = await placeRepeats(fh, found, [{ base: 0, shift: 0, marks }, { base: mine.rowsRead, shift, marks: theirs.marks }]);
  const e = repeats && (await refusal(fh, errors, mine.moreErrors + theirs.moreErrors, repeats, mine.header, name, maxErrors));
  if (!e) return undefined;
  throw e;
}
