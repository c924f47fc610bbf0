// THE CSV writer: every CSV dcsim writes (run, cohorts, sweep, compare) goes through it. Fixed
// columns, LF line ends (--excel: a BOM and CRLF), text cells neutralised against formula injection
// and quoted when they need to be; numbers and money never go through the neutraliser.
//
// It is built for the sweep's 50,000 rows x 27 cells: the text is kept as bytes in a Buffer (off the
// JS heap) and handed to the Sink in large pieces. A string of many small pieces would survive every
// young-generation collection and be copied each time, which costs more than the sweep. Cells are
// written as bytes, with no string per cell, and a caller may cache a cell's bytes by slot (cell()).
import { centsFitBytes, formatCents, writeCents } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import { neutralize } from './format.js';

export interface CsvOptions {
  /** A UTF-8 BOM before the header and CRLF line ends, for spreadsheet programs. */
  readonly excel?: boolean;
}

/** A text cell: neutralised against formula injection, quoted when it needs to be. */
export function csvText(s: string): string {
  const t = neutralize(s);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Output is handed on in pieces this large (one write for a typical sweep; few for a huge one). */
const FLUSH_AT = 32 << 20;
const DIGITS = new Uint8Array(24);

export class CsvWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  /** "\n", or "\r\n" with --excel. */
  readonly eol: string;
  // Across a grid most cells of a PY repeat from one scenario to the next (the benchmark, the
  // expenditure, the counts...): each slot keeps its last value and bytes.
  private readonly lastValue: unknown[] = [];
  private readonly lastBytes: Uint8Array[] = [];
  private readonly lastLen: number[] = [];

  /** With no sink the text stays in memory: read it with text(). */
  constructor(
    private readonly sink: Sink | undefined,
    private readonly opts: CsvOptions = {},
  ) {
    this.eol = opts.excel ? '\r\n' : '\n';
  }

  /** The header line (with the BOM under --excel); column names are neutralised and quoted as text. */
  header(columns: readonly string[]): void {
    if (this.opts.excel) this.utf8('\ufeff');
    this.row(columns);
  }

  /** A whole row of text cells (neutralised), then the line end. */
  row(cells: readonly string[]): void {
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) this.byte(44);
      this.text(cells[i]!);
    }
    this.ascii(this.eol);
  }

  /** A text cell from outside (a name, a category): neutralised and quoted as needed. */
  text(s: string): void {
    this.utf8(csvText(s));
  }

  /** Raw ASCII with no escaping (numbers, rates, ids, separators). */
  ascii(s: string): void {
    this.room(s.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Raw UTF-8 with no escaping (text already made a cell). */
  utf8(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** The line end. */
  endRow(): void {
    this.ascii(this.eol);
  }

  /** A whole number below 2^53 (digits from the right: v / 10 is exact enough there). */
  int(v: number): void {
    this.room(24);
    const b = this.buf;
    if (v < 0) {
      b[this.pos++] = 45;
      v = -v;
    }
    let n = 0;
    do {
      const q = Math.floor(v / 10);
      DIGITS[n++] = 48 + (v - q * 10);
      v = q;
    } while (v > 0);
    let p = this.pos;
    while (n > 0) b[p++] = DIGITS[--n]!;
    this.pos = p;
  }

  /** Integer cents as money: formatCents' text, written as bytes. */
  cents(c: bigint | number): void {
    const v = Number(c);
    if (!centsFitBytes(v)) {
      this.ascii(formatCents(c));
      return;
    }
    this.room(24);
    this.pos = writeCents(this.buf, this.pos, v);
  }

  /** A cell (money as bigint cents, a count, or ASCII text such as a rate), its bytes cached by slot. */
  cell(slot: number, v: bigint | number | string): void {
    const bytes = this.lastBytes[slot];
    if (bytes !== undefined && this.lastValue[slot] === v) {
      const n = this.lastLen[slot]!;
      this.room(n);
      const b = this.buf;
      let p = this.pos;
      for (let k = 0; k < n; k++) b[p++] = bytes[k]!;
      this.pos = p;
      return;
    }
    const start = this.pos;
    if (typeof v === 'bigint') this.cents(v);
    else if (typeof v === 'number') this.int(v);
    else this.ascii(v);
    const n = this.pos - start;
    let keep = bytes;
    if (keep === undefined || keep.length < n) keep = this.lastBytes[slot] = new Uint8Array(Math.max(32, n));
    for (let k = 0; k < n; k++) keep[k] = this.buf[start + k]!;
    this.lastLen[slot] = n;
    this.lastValue[slot] = v;
  }

  private room(n: number): void {
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
  }

  /** Hand the text on when the buffer is large (call between rows; memory stays bounded). */
  async settle(): Promise<void> {
    if (this.sink !== undefined && this.pos >= FLUSH_AT) await this.flush();
  }

  /** Hand everything written so far to the sink (it does not commit: the caller does). */
  async flush(): Promise<void> {
    if (this.sink === undefined || this.pos === 0) return;
    // the sink keeps no reference once the write resolves: the buffer is reused after it
    await this.sink.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** The text kept in memory (a writer with no sink). */
  contents(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}
