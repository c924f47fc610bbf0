// What the reader says: the context of a record's message (its text, its fields' columns, computed
// from the bytes only when a message asks), csv-parse's syntax errors in words, and the messages
// about the input as a whole.
import type { Diagnostic } from '../../domain/errors.js';
import { MAX_LINE_BYTES } from '../../domain/input-schema.js';
import { decodeUtf8 } from './decode.js';
import { scanRecord, type RecordShape } from './record.js';
import type { RecordContext } from './rowsink.js';

/** Column positions of the fields of a line, computed only when an error needs them. */
export class LineContext implements RecordContext {
  buf: Uint8Array = new Uint8Array(0);
  ls = 0;
  le = 0;
  starts: Int32Array = new Int32Array(0);
  text(): string {
    return decodeUtf8(this.buf.subarray(this.ls, this.le));
  }
  column(field: number): number {
    const s = this.starts[Math.max(0, field)] ?? this.ls;
    return decodeUtf8(this.buf.subarray(this.ls, s)).length + 1;
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


export function csvSyntaxMessage(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED': return 'unterminated quoted field: a double quote opens a value that never closes';
    case 'INVALID_OPENING_QUOTE': return 'a double quote inside an unquoted value';
    case 'CSV_INVALID_CLOSING_QUOTE': return 'characters after the closing quote of a value';
    default: return `malformed CSV: ${(e as Error).message}`;
  }
}

export const emptyFile = (file: string): Diagnostic => ({ file, message: 'the input is empty: no header line', hint: 'the first line must name the columns, e.g. beneficiary_id,performance_year,expenditure' });
export const noRows = (file: string): Diagnostic => ({ file, line: 1, message: 'the file has a header but no data rows', hint: 'add one row per beneficiary per performance year' });

export const CSV_QUOTE_HINT = 'quote a whole value ("like, this") and write a quote inside it as two ("")';


export const lineTooLong = (file: string, line: number): Diagnostic => ({
  file, line, message: `line ${line} is longer than ${MAX_LINE_BYTES / (1 << 20)} MiB (${MAX_LINE_BYTES} bytes): this does not look like a beneficiary CSV`,
  hint: `a record may be at most ${MAX_LINE_BYTES} bytes; a quoted value that never closes also runs on`,
});

// UTF-16 detection and its message belong to the one decoding layer (src/io/decode.ts).
export { utf16File, utf16Of } from '../decode.js';

/** Field start columns (1-based, in characters) of a raw record, by the one record scanner (record.ts). */
export function rawColumns(raw: string): number[] {
  const b = Buffer.from(raw, 'utf8');
  const shape: RecordShape = { lines: 0, starts: [] };
  scanRecord(b, 0, b.length, true, shape);
  return shape.starts!.map((p) => decodeUtf8(b.subarray(0, p)).length + 1);
}
