// Records with quotes: csv-parse reads their values, once for a whole run of quoted records (bytes
// in, strings out: its fastest form, three times its Buffer output's speed); record.ts's scanner has
// found where each one ends. Also the context an error message needs (the record's text and its fields' columns), computed
// from the bytes only when a message asks.
import { createRequire } from 'node:module';
import { decodeUtf8 } from './decode.js';
import { scanRecord, type RecordShape } from './record.js';
import type { RecordContext } from './rowsink.js';

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

/** The record b[s, e) for messages: its text on one line (each line end inside it shown as ↵), its fields' columns. */
export class BytesContext implements RecordContext {
  private cols?: number[];
  private flatText?: string;
  constructor(private readonly b: Uint8Array, private readonly s: number, private readonly e: number) {}
  /** The record's text with CRLF as LF. */
  flat(): string {
    return (this.flatText ??= decodeUtf8(this.b.subarray(this.s, this.e)).replace(/\r\n/g, '\n'));
  }
  text(): string {
    return this.flat().replace(/\r?\n/g, '\u21b5');
  }
  /** 1-based column (characters of the flat text) where field `field` starts. */
  column(field: number): number {
    if (this.cols === undefined) {
      const shape: RecordShape = { lines: 0, starts: [] };
      scanRecord(this.b, this.s, this.e, true, shape);
      this.cols = shape.starts!.map((p) => decodeUtf8(this.b.subarray(this.s, p)).replace(/\r\n/g, '\n').length + 1);
    }
    return this.cols[Math.max(0, Math.min(field, this.cols.length - 1))] ?? 1;
  }
}

/** Where a csv-parse syntax error stands: the stray quote, or the field it is in. */
export function syntaxColumn(err: unknown, ctx: BytesContext): number {
  const field = (err as { column?: number }).column ?? 0;
  const start = ctx.column(field);
  if ((err as { code?: string }).code === 'INVALID_OPENING_QUOTE') {
    const q = ctx.flat().indexOf('"', start - 1);
    if (q >= 0) return q + 1;
  }
  return start;
}
