// What the reader says about a record: where its fields stand (columns for the caret), the
// csv-parse syntax errors in words, and the whole-file messages.
import type { Diagnostic } from '../../domain/errors.js';
import { MAX_LINE_BYTES } from '../../domain/input-schema.js';
import type { RecordContext } from './rowsink.js';

const QUOTE = 34;
const COMMA = 44;

/**
 * Field start columns (1-based, in characters, counted from the record's start) of a raw record.
 * A quote opens a quoted value only at the start of a field (RFC 4180).
 */
export function rawColumns(raw: string): number[] {
  const cols: number[] = [1];
  let inQ = false;
  let atStart = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inQ) {
      if (c === QUOTE) {
        if (raw.charCodeAt(i + 1) === QUOTE) i++;
        else inQ = false;
      }
      continue;
    }
    if (c === QUOTE && atStart) inQ = true;
    else if (c === COMMA) {
      cols.push(i + 2);
      atStart = true;
      continue;
    }
    atStart = false;
  }
  return cols;
}

export class ArrayContext implements RecordContext {
  private readonly raw: string;
  private readonly cols: readonly number[];
  constructor(raw: string) {
    this.raw = raw.replace(/\r\n/g, '\n');
    this.cols = rawColumns(this.raw);
  }
  /** The record, a multi-line one on one line (each line end shown as a single ↵). */
  text(): string {
    return this.raw.replace(/\r?\n/g, '\u21b5');
  }
  column(field: number): number {
    return this.cols[Math.max(0, Math.min(field, this.cols.length - 1))] ?? 1;
  }
}

/** Encode string fields into one buffer with start/end offsets, for RowSink. */
export function encodeFields(values: readonly string[]): { buf: Uint8Array; st: Int32Array; en: Int32Array } {
  const parts = values.map((v) => Buffer.from(v, 'utf8'));
  const buf = Buffer.concat(parts);
  const st = new Int32Array(values.length);
  const en = new Int32Array(values.length);
  let o = 0;
  parts.forEach((p, i) => {
    st[i] = o;
    o += p.length;
    en[i] = o;
  });
  return { buf, st, en };
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

/** Where a csv-parse syntax error stands: the stray quote, or the field it is in. */
export function syntaxColumn(err: unknown, ctx: ArrayContext, raw: string): number {
  const field = (err as { column?: number }).column ?? 0;
  const start = ctx.column(field);
  const code = (err as { code?: string }).code;
  const flat = raw.replace(/\r\n/g, '\n');
  if (code === 'INVALID_OPENING_QUOTE') {
    const q = flat.indexOf('"', start - 1);
    if (q >= 0) return q + 1;
  }
  return start;
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
