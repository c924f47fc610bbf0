// What the reader says about the input as a whole, and csv-parse's syntax errors in words (the
// context of a record's message, its text and columns, is quoted.ts's BytesContext).
import type { Diagnostic } from '../../domain/errors.js';
import { MAX_LINE_BYTES } from '../../domain/input-schema.js';

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

export const utf16File = (file: string, order: 'LE' | 'BE', bom: boolean): Diagnostic => ({
  file, message: `the file is UTF-16 (${order === 'LE' ? 'little' : 'big'}-endian${bom ? ', with a byte-order mark' : ''}), not UTF-8`,
  hint: `convert it to UTF-8 first: iconv -f ${bom ? 'UTF-16' : `UTF-16${order}`} -t UTF-8 in.csv > out.csv`,
});
