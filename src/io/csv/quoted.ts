// Records with quotes: csv-parse reads their values, once for a whole run of quoted records (bytes
// in, strings out: its fastest form, three times its Buffer output's speed); record.ts's scanner has
// found where each one ends.
import { createRequire } from 'node:module';
import { decodeUtf8, isUtf8 } from './decode.js';
import { scanRecord, UNFINISHED, type RecordShape } from './record.js';

const NL = 10;
const CR = 13;
const QUOTE = 34;

type CsvParse = (input: Buffer, options: import('csv-parse/sync').Options) => string[][];
let csvParseSync: CsvParse | undefined;
/** csv-parse, loaded on the first quoted record (most files have none: start-up stays short). */
function csvParse(input: Buffer, options: import('csv-parse/sync').Options): string[][] {
  csvParseSync ??= (createRequire(import.meta.url)('csv-parse/sync') as { parse: CsvParse }).parse;
  return csvParseSync(input, options);
}

const OPTIONS: import('csv-parse/sync').Options = { relax_column_count: true, bom: false, record_delimiter: ['\r\n', '\n'] };

/**
 * The records of b[s, e) (each ended by a newline but the last; a last CR is dropped) read by one
 * csv-parse call: each record's fields. A syntax error throws csv-parse's error.
 */
export function parseRecords(b: Uint8Array, s: number, e: number): string[][] {
  if (e > s && b[e - 1] === CR) e--;
  const buf = b as Buffer;
  return csvParse(buf.subarray(s, e), OPTIONS);
}

/** The fields of the one record b[s, e) (no quote: split at commas), or undefined if it is malformed. */
export function parseFields(b: Uint8Array, s: number, e: number): string[] | undefined {
  const buf = b as Buffer;
  if (buf.subarray(s, e).indexOf(QUOTE) < 0) return decodeUtf8(buf.subarray(s, e)).split(',');
  try {
    return parseRecords(b, s, e)[0] ?? [];
  } catch {
    return undefined;
  }
}

/** A complete quoted record: [s, e) with e its newline (or the input's end), and the newlines inside it. */
export interface QuotedRecord {
  readonly s: number;
  readonly e: number;
  readonly lines: number;
}

/** A run of quoted records ends after this many bytes: csv-parse's strings for a run are held at once. */
const MAX_RUN_BYTES = 1 << 20;

/**
 * The run of complete quoted records that starts with `first` (already checked): the records that
 * follow it while each has a quote before its first newline, is complete before `limit`, is at
 * most `maxBytes` and is valid UTF-8 without NUL (checked only if the region has such bytes), up to
 * MAX_RUN_BYTES in all.
 */
export function quotedRun(b: Buffer, first: QuotedRecord, limit: number, final: boolean, maxBytes: number, checkUtf8: boolean, checkNul: boolean): QuotedRecord[] {
  const run = [first];
  let p = first.e + 1;
  const shape: RecordShape = { lines: 0 };
  while (p < limit && p - first.s < MAX_RUN_BYTES) {
    const q = b.indexOf(QUOTE, p);
    const nl = b.indexOf(NL, p);
    if (q < 0 || (nl >= 0 && nl < q) || q >= limit) break;
    const e = scanRecord(b, p, limit, final, shape);
    if (e === UNFINISHED || e - p > maxBytes) break;
    if (checkUtf8 && !isUtf8(b.subarray(p, e))) break;
    if (checkNul) {
      const z = b.indexOf(0, p);
      if (z >= 0 && z < e) break;
    }
    run.push({ s: p, e, lines: shape.lines });
    p = e + 1;
  }
  return run;
}

/** A record's fields written as UTF-8 into one reused buffer, with their offsets: what RowSink reads. */
export class FieldPacker {
  buf = Buffer.allocUnsafe(1 << 12);
  st = new Int32Array(64);
  en = new Int32Array(64);

  pack(fields: readonly string[]): void {
    const n = fields.length;
    let size = 0;
    for (const f of fields) size += 3 * f.length; // at most 3 bytes a UTF-16 unit
    if (this.buf.length < size) this.buf = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
    if (this.st.length < n) {
      this.st = new Int32Array(n * 2);
      this.en = new Int32Array(n * 2);
    }
    let o = 0;
    for (let i = 0; i < n; i++) {
      this.st[i] = o;
      o += this.buf.write(fields[i]!, o);
      this.en[i] = o;
    }
  }
}
