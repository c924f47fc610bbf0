// Lines of a fixed-width CCLF file, from chunks: LF or CRLF, blank lines skipped (still numbered),
// a line carried over a chunk boundary copied once. A line longer than the record length is
// reported (and skipped) as soon as it is seen, so a file without line ends is never held whole.

/** Lines longer than this are refused even where the length is not checked (CCLFA, CCLFB). */
const MAX_UNCHECKED = 1 << 16;

export type OnLine = (b: Uint8Array, s: number, e: number, line: number) => void;
export type OnLong = (b: Uint8Array, s: number, e: number, line: number) => void;

export class LineFeeder {
  private carry: Uint8Array | null = null;
  private line = 0;
  private readonly max: number;
  private skipping = false;

  constructor(recordLength: number, private readonly onLine: OnLine, private readonly onLong: OnLong) {
    this.max = recordLength > 0 ? recordLength : MAX_UNCHECKED;
  }

  feed(chunk: Uint8Array): void {
    let pos = 0;
    const n = chunk.length;
    if (this.carry) {
      const nl = chunk.indexOf(10);
      const head = nl < 0 ? chunk : chunk.subarray(0, nl);
      const joined = new Uint8Array(this.carry.length + head.length);
      joined.set(this.carry);
      joined.set(head, this.carry.length);
      if (nl < 0) {
        this.carry = this.hold(joined);
        return;
      }
      this.carry = null;
      this.take(joined, 0, joined.length);
      pos = nl + 1;
    }
    while (pos < n) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        // a copy: the chunk's buffer may be reused for the next read (Buffer#slice would share it)
        const part = new Uint8Array(n - pos);
        part.set(chunk.subarray(pos));
        this.carry = this.hold(part);
        return;
      }
      this.take(chunk, pos, nl);
      pos = nl + 1;
    }
  }

  /** The input ended: the last line, if it had no line end. */
  end(): void {
    if (this.carry) {
      const c = this.carry;
      this.carry = null;
      this.take(c, 0, c.length);
    }
    this.skipping = false;
  }

  /** A partial line kept for the next chunk; past the limit it is reported now and the rest skipped. */
  private hold(part: Uint8Array): Uint8Array | null {
    if (part.length <= this.max + 1) return part;
    if (!this.skipping) {
      this.line++;
      this.onLong(part, 0, Math.min(part.length, this.max + 200), this.line);
      this.skipping = true;
    }
    return part.subarray(part.length - 1);
  }

  private take(b: Uint8Array, s: number, e: number): void {
    if (this.skipping) {
      // the rest of a line already reported as too long
      this.skipping = false;
      return;
    }
    this.line++;
    if (e > s && b[e - 1] === 13) e--;
    let k = s;
    while (k < e && b[k] === 32) k++;
    if (k === e) return;
    if (e - s > this.max) {
      this.onLong(b, s, e, this.line);
      return;
    }
    this.onLine(b, s, e, this.line);
  }
}
