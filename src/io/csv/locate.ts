// Where a record starts (byte offset and line), found again after reading from the nearest mark
// (every 256th record's start, kept by KeyList) by a scan forward over positional reads: records end
// at a newline outside quotes, exactly as the reader splits them (record.ts's scanner, the reader's
// own), and empty lines (LF or CRLF alone) are not records.
import { MARK_EVERY, type Marks } from './keysort.js';
import { scanRecord, UNFINISHED, type RecordShape } from './record.js';

/** Reads up to buf.length bytes at `pos` into buf; returns how many (0 at the end). */
export type ReadAt = (buf: Buffer, pos: number) => Promise<number>;

export interface Place {
  readonly offset: number;
  readonly line: number;
}

const NL = 10;
const CR = 13;
const QUOTE = 34;

export class RecordLocator {
  private buf = Buffer.allocUnsafe(1 << 16);
  /** The window: buf[0, len) holds the file's bytes from `at`; `eof`: nothing follows them. */
  private at = 0;
  private len = 0;
  private eof = false;
  /** The scan's place: record `rec` (or an empty line before it) starts at `pos` on `line`. */
  private rec = -1;
  private pos = 0;
  private line = 0;

  constructor(private readonly read: ReadAt, private readonly marks: Marks) {}

  /**
   * Where record `t` starts; undefined if the file ends before it (it changed since it was read).
   * Cheapest when asked in increasing order: the scan goes on from the last record found.
   */
  async find(t: number): Promise<Place | undefined> {
    const k = Math.floor(t / MARK_EVERY);
    if (k >= this.marks.offset.length) return undefined;
    if (this.rec < 0 || t < this.rec || k * MARK_EVERY > this.rec) {
      this.pos = this.marks.offset[k]!;
      this.line = this.marks.line[k]!;
      this.rec = k * MARK_EVERY;
    }
    for (;;) {
      const r = await this.record(this.pos);
      if (!r) return undefined;
      if (!r.empty) {
        if (this.rec === t) return { offset: this.pos, line: this.line };
        this.rec++;
      }
      this.line += r.lines + 1;
      this.pos = r.end + 1;
    }
  }

  /** The record at byte s: the index of its ending newline (or of the file's end), the newlines inside it, and if it is empty. */
  private async record(s: number): Promise<{ end: number; lines: number; empty: boolean } | undefined> {
    let want = this.buf.length;
    if (s < this.at || s >= this.at + this.len) await this.fill(s, want);
    for (;;) {
      const b = this.buf.subarray(0, this.len);
      const i = s - this.at;
      if (i >= b.length) return undefined; // the end of the file
      const r = scan(b, i, this.eof);
      if (r) {
        let e = r.end;
        if (e > i && b[e - 1] === CR) e--;
        return { end: this.at + r.end, lines: r.lines, empty: e === i };
      }
      // the record runs past the window: a window from its start, then larger ones
      if (this.at === s) want *= 2;
      await this.fill(s, want);
    }
  }

  private async fill(s: number, want: number): Promise<void> {
    if (this.buf.length < want) this.buf = Buffer.allocUnsafe(want);
    let n = 0;
    while (n < want) {
      const got = await this.read(this.buf.subarray(n, want), s + n);
      if (got === 0) break;
      n += got;
    }
    this.at = s;
    this.len = n;
    this.eof = n < want;
  }
}

/**
 * The end of the record at b[i]: its newline outside quotes (or b's end, when `eof`) and the
 * newlines inside it; undefined if b ends first (more bytes are needed).
 */
export function scan(b: Uint8Array, i: number, eof: boolean): { end: number; lines: number } | undefined {
  // (most records have no quote: the newline found by memchr ends them)
  const nl = (b as Buffer).indexOf(NL, i);
  let q = i;
  while (q < nl && b[q] !== QUOTE) q++;
  if (nl >= 0 && q === nl) return { end: nl, lines: 0 };
  const shape: RecordShape = { lines: 0 };
  const end = scanRecord(b, i, b.length, eof, shape);
  return end === UNFINISHED ? undefined : { end, lines: shape.lines };
}
