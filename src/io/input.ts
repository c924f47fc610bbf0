// Reading the beneficiary CSV from a file or stdin: the only place that touches the input's bytes
// on disk. Files are read in 1 MiB chunks with readSync (no stream overhead); a suspected
// duplicate id is confirmed by a second pass over the file.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { DcsimError, type Diagnostic } from '../domain/errors.js';
import type { Population } from '../domain/population.js';
import { CsvReader, type ReadResult } from './csv-reader.js';
import { dupKey } from './rowsink.js';

const CHUNK = 1 << 20;

export interface InputOptions {
  readonly maxErrors: number;
  readonly onProgress?: (bytes: number, rows: number) => void;
  /** Name used in messages (defaults to the path). */
  readonly displayName?: string;
  /** Stop-loss attachment points (cents) the groups should carry excesses for. */
  readonly attachments?: readonly number[];
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
  const errors = [...r.errors, ...extra].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (errors.length || !r.population) throw new DcsimError(errors, 1, r.moreErrors);
  return { population: r.population, unknownColumns: r.unknownColumns };
}

/** Read a CSV file ("-" for stdin) into a population, or throw a DcsimError listing what is wrong. */
export async function readInput(path: string, opts: InputOptions, stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<Input> {
  const name = opts.displayName ?? (path === '-' ? '<stdin>' : path);
  const base = { source: name, maxErrors: opts.maxErrors, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), ...(opts.attachments?.length ? { attachments: opts.attachments } : {}) };
  if (path === '-') {
    const r = await readStreamWith(stdin, new CsvReader({ ...base, trackLines: true }));
    // stdin cannot be read twice: a 64-bit hash match is taken as the duplicate it almost surely is.
    const dups: Diagnostic[] = r.suspects.map((s) => ({ file: name, line: s.line, column: s.column, lineText: s.ctx, message: `beneficiary ${JSON.stringify(s.id)} appears twice in performance year ${s.py} (first at line ${s.firstLine})`, hint: 'a beneficiary has one row per performance year' }));
    return finish(r, dups.slice(0, Math.max(0, opts.maxErrors - r.errors.length)));
  }
  let expectedRows = 0;
  try {
    expectedRows = Math.floor(statSync(path).size / 96); // a typical row; the table grows if there are more
  } catch {
    /* reported when the file is opened */
  }
  const first = readFileWith(path, new CsvReader({ ...base, expectedRows }), name);
  if (first.suspects.length === 0) return finish(first);
  const confirmKeys = new Set(first.suspects.map((s) => dupKey(s.py, s.id)));
  const second = readFileWith(path, new CsvReader({ ...base, confirmKeys }), name);
  return finish(second);
}
