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

/** The lines of a small CSV file: numbered, split into cells; blank lines skipped. */
export async function csvLines(path: string, what: string): Promise<CsvLine[]> {
  const text = await readText(path, what);
  const out: CsvLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (t.trim() === '') continue;
    let cells: string[];
    if (t.includes('"')) {
      try {
        cells = (parse(t, { relax_column_count: true }) as string[][])[0] ?? [];
      } catch {
        throw new DcsimError([{ file: path, line: i + 1, column: t.indexOf('"') + 1, lineText: t, message: 'a double quote that does not make a quoted value', hint: 'quote a whole value ("like, this") and write a quote inside it as two ("")' }], 1);
      }
    } else cells = t.split(',');
    out.push({ line: i + 1, text: t, cells });
  }
  return out;
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
function header(path: string, lines: readonly CsvLine[], need: readonly string[], example: string): number[] {
  const first = lines[0];
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

function year(path: string, l: CsvLine, i: number, p: Problems): number {
  const t = cell(l, i);
  if (/^\d{4}$/.test(t) && Number(t) >= MIN_PY && Number(t) <= MAX_PY) return Number(t);
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
  const lines = await csvLines(path, 'the participant list');
  const [iy, it, inpi] = header(path, lines, ['performance_year', 'tin', 'npi'], 'performance_year,tin,npi\n2024,023456789,1234567893') as [number, number, number];
  const out: ParticipantRow[] = [];
  for (const l of lines.slice(1)) {
    const py = year(path, l, iy, p);
    const npi = cell(l, inpi);
    if (npi === '') p.add({ file: path, line: l.line, column: col(l, inpi), lineText: l.text, message: 'field npi is empty', hint: 'each row is one participant TIN/NPI pair of a PY' });
    if (py > 0 && npi !== '') out.push({ py, tin: cell(l, it), npi });
  }
  return out;
}

export interface AlignmentRow {
  readonly mbi: string;
  readonly py: number;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** alignment.csv: mbi,performance_year,start_month,end_month (1 <= start <= end <= 12). */
export async function readAlignment(path: string, p: Problems): Promise<AlignmentRow[]> {
  const lines = await csvLines(path, 'the alignment file');
  const [im, iy, is, ie] = header(path, lines, ['mbi', 'performance_year', 'start_month', 'end_month'], 'mbi,performance_year,start_month,end_month\n1EG4TE5MK73,2024,1,12') as [number, number, number, number];
  if (lines.length === 1) throw new DcsimError([{ file: path, line: lines[0]!.line, message: 'the alignment file has a header but no rows', hint: 'one row per aligned beneficiary and PY: mbi,performance_year,start_month,end_month' }], 1);
  const out: AlignmentRow[] = [];
  for (const l of lines.slice(1)) {
    const mbi = cell(l, im);
    if (mbi === '') p.add({ file: path, line: l.line, column: col(l, im), lineText: l.text, message: 'field mbi is empty', hint: 'each row names a beneficiary by MBI' });
    const py = year(path, l, iy, p);
    const month = (i: number, name: string): number => {
      const t = cell(l, i);
      if (/^\d{1,2}$/.test(t) && Number(t) >= 1 && Number(t) <= 12) return Number(t);
      p.add({ file: path, line: l.line, column: col(l, i), lineText: l.text, message: `field ${name} is outside 1..12: ${JSON.stringify(t)}`, hint: 'months are 1 (January) to 12 (December)' });
      return -1;
    };
    const start = month(is, 'start_month');
    const end = month(ie, 'end_month');
    if (start > 0 && end > 0 && start > end) {
      p.add({ file: path, line: l.line, column: col(l, ie), lineText: l.text, message: `field end_month ${end} is before start_month ${start}`, hint: 'a range start..end within one PY; give two rows for two ranges' });
      continue;
    }
    if (mbi !== '' && py > 0 && start > 0 && end > 0) out.push({ mbi, py, start, end, line: l.line });
  }
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
