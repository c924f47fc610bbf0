// dcsim's own inputs beside the CCLF files (CCLF.md section 5): participants.csv, alignment.csv and
// the primary-care code list. UTF-8 only (a BOM is skipped, UTF-16 is named and refused); errors
// are FILE:LINE:COL with the line and a caret, collected up to --max-errors. A line with a double
// quote is read by csv-parse; the others are split on commas (these files are plain).
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { DcsimError, type Diagnostic } from '../../domain/errors.js';
import { MAX_PY, MIN_PY } from '../../domain/population.js';
import { utf16File, utf16Of } from '../csv/messages.js';
import { rawColumns } from '../csv/messages.js';

export interface CsvLine {
  readonly line: number;
  readonly text: string;
  readonly cells: readonly string[];
}

async function readText(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DcsimError([{ file: path, message: code === 'ENOENT' ? `no such file (${what})` : code === 'EISDIR' ? `is a folder, not ${what}` : `cannot read ${what}: ${(e as Error).message}` }], 1);
  }
  const u16 = utf16Of(bytes);
  if (u16) throw new DcsimError([utf16File(path, u16, bytes[0] === 0xff || bytes[0] === 0xfe)], 1);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // where the UTF-8 breaks: the line and column of the first bad byte
    const good = new TextDecoder('utf-8').decode(body);
    const at = good.indexOf('\ufffd');
    const before = good.slice(0, at);
    const line = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const text = good.slice(lineStart, good.indexOf('\n', at) < 0 ? undefined : good.indexOf('\n', at)).replace(/\r$/, '');
    throw new DcsimError([{ file: path, line, column: at - lineStart + 1, lineText: text, message: 'bytes that are not valid UTF-8', hint: 're-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)' }], 1);
  }
}

/**
 * The lines of a small CSV file, numbered and split into cells, handed to `each` in order (blank lines
 * skipped); none is kept, so a file of a few hundred thousand lines costs no more than its rows.
 */
async function eachCsvLine(path: string, what: string, each: (l: CsvLine) => void, fast?: FastLine): Promise<void> {
  const text = await readText(path, what);
  for (let start = 0, line = 1; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const s = start;
    const e = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    start = end + 1;
    if (fast?.(text, s, e, line)) continue;
    const t = text.slice(s, e);
    if (t.trim() === '') continue;
    let cells: string[];
    if (t.includes('"')) {
      try {
        cells = (parse(t, { relax_column_count: true }) as string[][])[0] ?? [];
      } catch {
        throw new DcsimError([{ file: path, line, column: t.indexOf('"') + 1, lineText: t, message: 'a double quote that does not make a quoted value', hint: 'quote a whole value ("like, this") and write a quote inside it as two ("")' }], 1);
      }
    } else cells = t.split(',');
    each({ line, text: t, cells });
  }
}

/**
 * A line taken straight from the file's text (text[s, e), its number): true when it was a plain row
 * and is done; false hands it to the general path (cells, trimming, quotes, and every error).
 */
type FastLine = (text: string, s: number, e: number, line: number) => boolean;

/** A side file's header line and then its rows (each with the columns `need` names, by index). */
async function eachRow(
  path: string, what: string, need: readonly string[], example: string, row: (l: CsvLine, at: readonly number[]) => void,
  fast?: (at: readonly number[]) => FastLine | undefined,
): Promise<{ rows: number; headerLine: number }> {
  let at: number[] | undefined;
  let rows = 0;
  let headerLine = 0;
  let fastRow: FastLine | undefined;
  await eachCsvLine(path, what, (l) => {
    if (!at) {
      at = header(path, l, need, example);
      headerLine = l.line;
      fastRow = fast?.(at);
    } else {
      rows++;
      row(l, at);
    }
  }, (text, s, e, line) => {
    if (!fastRow?.(text, s, e, line)) return false;
    rows++;
    return true;
  });
  if (!at) header(path, undefined, need, example);
  return { rows, headerLine };
}

/** Collected diagnostics, up to a limit. */
export class Problems {
  readonly list: Diagnostic[] = [];
  more = 0;
  constructor(readonly max: number) {}
  add(d: Diagnostic): void {
    if (this.list.length < this.max) this.list.push(d);
    else this.more++;
  }
  get full(): boolean {
    return this.list.length >= this.max;
  }
  throwIfAny(): void {
    if (this.list.length || this.more) throw new DcsimError(this.list, 1, this.more);
  }
}

/** The columns a side file needs, by name (any order, any case); the header's errors reported. */
function header(path: string, first: CsvLine | undefined, need: readonly string[], example: string): number[] {
  const hint = `the first line names the columns: ${need.join(',')}; e.g.\n${example}`;
  if (!first) throw new DcsimError([{ file: path, message: 'is empty: no header line', hint }], 1);
  const names = first.cells.map((c) => c.trim().toLowerCase());
  const missing = need.filter((n) => !names.includes(n));
  if (missing.length) {
    const looksLikeData = names.some((n) => /^\d/.test(n));
    throw new DcsimError([{ file: path, line: first.line, column: 1, lineText: first.text, message: looksLikeData ? `the file has no header line (field ${missing[0]} is not named)` : `missing column ${missing.map((m) => `"${m}"`).join(', ')}`, hint }], 1);
  }
  return need.map((n) => names.indexOf(n));
}

const cell = (l: CsvLine, i: number): string => (l.cells[i] ?? '').trim();
const col = (l: CsvLine, i: number): number => rawColumns(l.text)[i] ?? l.text.length + 1;

/** The value of a text of 1..`digits` digits, or -1. */
function digitsOf(t: string, digits: number): number {
  if (t.length === 0 || t.length > digits) return -1;
  let v = 0;
  for (let k = 0; k < t.length; k++) {
    const d = t.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function year(path: string, l: CsvLine, i: number, p: Problems): number {
  const t = cell(l, i);
  const y = t.length === 4 ? digitsOf(t, 4) : -1;
  if (y >= MIN_PY && y <= MAX_PY) return y;
  p.add({ file: path, line: l.line, column: col(l, i), lineText: l.text, message: `field performance_year is not a performance year: ${JSON.stringify(t)}`, hint: `a year ${MIN_PY}..${MAX_PY}, e.g. 2024` });
  return -1;
}

export interface ParticipantRow {
  readonly py: number;
  readonly tin: string;
  readonly npi: string;
}

/** participants.csv: performance_year,tin,npi (values are text, trimmed). */
export async function readParticipants(path: string, p: Problems): Promise<ParticipantRow[]> {
  const out: ParticipantRow[] = [];
  await eachRow(path, 'the participant list', ['performance_year', 'tin', 'npi'], 'performance_year,tin,npi\n2024,023456789,1234567893', (l, [iy, it, inpi]) => {
    const py = year(path, l, iy!, p);
    const npi = cell(l, inpi!);
    if (npi === '') p.add({ file: path, line: l.line, column: col(l, inpi!), lineText: l.text, message: 'field npi is empty', hint: 'each row is one participant TIN/NPI pair of a PY' });
    if (py > 0 && npi !== '') out.push({ py, tin: cell(l, it!), npi });
  });
  return out;
}

export interface AlignmentRow {
  readonly mbi: string;
  readonly py: number;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** A month 1..12 of an alignment row, or -1 (the problem added). */
function month(path: string, l: CsvLine, i: number, name: string, p: Problems): number {
  const t = cell(l, i);
  const m = digitsOf(t, 2);
  if (m >= 1 && m <= 12) return m;
  p.add({ file: path, line: l.line, column: col(l, i), lineText: l.text, message: `field ${name} is outside 1..12: ${JSON.stringify(t)}`, hint: 'months are 1 (January) to 12 (December)' });
  return -1;
}

/**
 * An alignment row read from the text with no string but the MBI's: cells of printable ASCII other
 * than a quote (no blank to trim), a year, two months in order. Anything else (false) goes the
 * general way, which gives the same row or the error.
 */
function fastAlignment(at: readonly number[], out: AlignmentRow[]): FastLine | undefined {
  const [im, iy, is, ie] = at as [number, number, number, number];
  const cells = Math.max(im, iy, is, ie) + 1;
  if (cells > 16) return undefined;
  const starts = new Int32Array(cells);
  const ends = new Int32Array(cells);
  const num = (text: string, k: number, most: number): number => {
    const n = ends[k]! - starts[k]!;
    if (n < 1 || n > most) return -1;
    let v = 0;
    for (let i = starts[k]!; i < ends[k]!; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  };
  return (text, s, e, line) => {
    let c = 0;
    let from = s;
    for (let k = s; k < e; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 44) {
        if (c < cells) {
          starts[c] = from;
          ends[c] = k;
        }
        c++;
        from = k + 1;
      } else if (ch <= 32 || ch >= 127 || ch === 34) return false;
    }
    if (c < cells) {
      starts[c] = from;
      ends[c] = e;
    }
    if (c + 1 < cells || ends[im]! === starts[im]!) return false;
    const py = ends[iy]! - starts[iy]! === 4 ? num(text, iy, 4) : -1;
    const start = num(text, is, 2);
    const end = num(text, ie, 2);
    if (py < MIN_PY || py > MAX_PY || start < 1 || end > 12 || start > end) return false;
    out.push({ mbi: text.slice(starts[im]!, ends[im]!), py, start, end, line });
    return true;
  };
}

/** alignment.csv: mbi,performance_year,start_month,end_month (1 <= start <= end <= 12). */
export async function readAlignment(path: string, p: Problems): Promise<AlignmentRow[]> {
  const out: AlignmentRow[] = [];
  const { rows, headerLine } = await eachRow(path, 'the alignment file', ['mbi', 'performance_year', 'start_month', 'end_month'], 'mbi,performance_year,start_month,end_month\n1EG4TE5MK73,2024,1,12', (l, [im, iy, is, ie]) => {
    const mbi = cell(l, im!);
    if (mbi === '') p.add({ file: path, line: l.line, column: col(l, im!), lineText: l.text, message: 'field mbi is empty', hint: 'each row names a beneficiary by MBI' });
    const py = year(path, l, iy!, p);
    const start = month(path, l, is!, 'start_month', p);
    const end = month(path, l, ie!, 'end_month', p);
    if (start > 0 && end > 0 && start > end) {
      p.add({ file: path, line: l.line, column: col(l, ie!), lineText: l.text, message: `field end_month ${end} is before start_month ${start}`, hint: 'a range start..end within one PY; give two rows for two ranges' });
      return;
    }
    if (mbi !== '' && py > 0 && start > 0 && end > 0) out.push({ mbi, py, start, end, line: l.line });
  }, (at) => fastAlignment(at, out));
  if (rows === 0) throw new DcsimError([{ file: path, line: headerLine, message: 'the alignment file has a header but no rows', hint: 'one row per aligned beneficiary and PY: mbi,performance_year,start_month,end_month' }], 1);
  return out;
}

/** The primary-care code list: one HCPCS a line, `#` starts a comment, trimmed, upper-cased. */
export async function readCodes(path: string): Promise<string[]> {
  const text = await readText(path, 'the primary-care code list');
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const t = (hash >= 0 ? raw.slice(0, hash) : raw).trim().toUpperCase();
    if (t !== '') out.push(t);
  }
  return out;
}
