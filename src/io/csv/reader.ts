// The fast reading path: bytes to group aggregates with no per-row objects and no per-cell
// strings. Lines are found with native memchr (Buffer#indexOf), the header is mapped to column
// indices once, and each field is parsed straight from the bytes (see fields.ts). Records with a
// double quote go to csv-parse (quoted.ts), once for each run of them, which is the path where this
// one cannot go; both hand their fields to the same RowSink, so values and errors agree. After a run
// of lines it cannot take (e.g. Excel's TRUE and FALSE), the fused fast path stops trying, and tries
// again now and then.
//
// The reader is fed chunks and keeps only the unfinished last line between them: memory does not
// grow with the file (the duplicate-id set aside: 8 bytes a row).
import type { Diagnostic } from '../../domain/errors.js';
import { populationOf, type Group, type Population, type RowTable } from '../../domain/population.js';
import { MAX_LINE_BYTES } from '../../domain/input-schema.js';
import type { Keys } from './keysort.js';
import type { DupNote } from './rowsink.js';
import { FastRow } from './fast-row.js';
import { decodeUtf8, firstInvalidUtf8, hasUtf16Bom, hasUtf8Bom, isUtf8, utf16Of } from './decode.js';
import { BytesContext, CSV_QUOTE_HINT, csvSyntaxMessage, emptyFile, LineContext, lineTooLong, noRows, syntaxColumn, utf16File } from './messages.js';
import { FieldPacker, parseRecords, quotedRun, type QuotedRecord } from './quoted.js';
import { scanRecord, UNFINISHED, type RecordShape } from './record.js';
import { mapHeader, RowSink, type HeaderInfo, type RecordContext } from './rowsink.js';

const NL = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** The fast path stops trying after this many lines in a row it could not take ... */
export const FAST_MISS_RUN = 64;
/** ... and tries again every this many lines (a run of odd lines at the top of a file, then canonical ones). */
export const FAST_RETRY_EVERY = 4096;


export interface ReadOptions {
  /** File name as the user gave it; used in messages. */
  readonly source: string;
  readonly maxErrors: number;
  /** Called now and then with the bytes consumed so far. */
  readonly onProgress?: (bytes: number, rows: number) => void;
  /** Tests: the checked path only, to compare the fused path against. */
  readonly noFastPath?: boolean;
  /** Stop-loss attachment points (cents) to sum excess expenditure over. */
  readonly attachments?: readonly number[];
  /** Rows expected, if known (sizes the duplicate-id table; with collectKeys, an upper bound). */
  readonly expectedRows?: number;
  /** Keep every valid row in a RowTable (population.rows). */
  readonly keepRows?: boolean;
  /** Collect the keys by record number (a regular file, which can be read back): see keysort.ts KeyList. */
  readonly collectKeys?: boolean;
}

export interface ReadResult {
  readonly population?: Population;
  readonly errors: readonly Diagnostic[];
  readonly moreErrors: number;
  readonly unknownColumns: readonly string[];
  /** The header was read and is valid. */
  readonly headerOk: boolean;
  /** Rows read and their groups, whatever the errors (for merging a range read by another thread). */
  readonly rowsRead: number;
  readonly groups: readonly Group[];
  /** With collectKeys: every valid row's key by record number, and every 256th record's place. */
  readonly keys?: Keys;
  /** The duplicates among `errors` (to renumber the first line of a range read by a worker). */
  readonly dupNotes: readonly DupNote[];
  /** The header's column positions, once read. */
  readonly header?: HeaderInfo;
  /** Rows by path: the fused fast path, the checked split path, csv-parse (quoted records). */
  readonly paths: PathCounts;
  /** The number the next line would have. */
  readonly nextLine: number;
  /** With keepRows: the valid rows read, whatever the errors. */
  readonly rows?: RowTable;
}

export interface PathCounts {
  fast: number;
  checked: number;
  csvParse: number;
  /** csv-parse calls: one per run of quoted records (one per record while locating a syntax error). */
  csvParseCalls: number;
  /** Lines the fast path tried and gave up on. */
  fastMisses: number;
  /** The line where the fast path first stopped trying (FAST_MISS_RUN misses in a row), if it did. */
  fastStoppedAt?: number;
}

export class CsvReader {
  private carry: Uint8Array | null = null;
  private line = 1;
  private started = false;
  private header?: HeaderInfo;
  private sink?: RowSink;
  /** The fused parser for canonical lines. */
  private fast?: FastRow;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private nFields = 0;
  private readonly ctx = new LineContext();
  private consumed = 0;
  private lastProgress = 0;
  private readonly preErrors: Diagnostic[] = [];
  private stopped = false;
  /** Records read by csv-parse (they have quotes), and its calls. */
  private csvParseRows = 0;
  private csvParseCalls = 0;
  /** The fast path's misses: all of them, the current run, where it first stopped, when it tries again. */
  private fastMisses = 0;
  private missRun = 0;
  private fastStoppedAt?: number;
  private fastRetryAt = 0;
  /** Where a quoted record's fields are packed for the RowSink (reused). */
  private readonly packer = new FieldPacker();
  /** Bytes fed so far, and where the buffer being read starts in the input. */
  private fed = 0;
  private base = 0;

  constructor(private readonly opts: ReadOptions) {}

  /** Feed the next chunk of the file. */
  feed(chunk: Uint8Array): void {
    if (this.stopped) return;
    let buf = chunk;
    let pos = 0;
    const before = this.fed;
    this.fed += chunk.length;
    // (this.base: where the buffer handed to lines() starts in the input, for record offsets)
    this.base = before - (this.carry?.length ?? 0);
    if (this.carry !== null && this.carry.length > 0 && this.started) {
      // Finish the line held back with the chunk's first line, in a small buffer of its own,
      // rather than copying the whole chunk behind it.
      const nl = chunk.indexOf(NL);
      const head = nl < 0 ? null : Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
      if (head !== null && this.lines(head, 0, false) === head.length) {
        pos = nl + 1;
        this.carry = null;
        this.base = before;
      } else {
        buf = Buffer.concat([this.carry, chunk]); // a quoted record running on: keep it whole
        this.carry = null;
      }
      if (this.stopped) return;
    } else if (this.carry !== null && this.carry.length > 0) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    if (!this.started) {
      if (buf.length < 4) {
        this.carry = Buffer.from(buf);
        return;
      }
      if (!this.begin(buf)) return;
      if (hasUtf8Bom(buf)) pos = 3;
    }
    pos = this.lines(buf, pos, false);
    if (!this.stopped && pos < buf.length) {
      // An unfinished line held for the next chunk: at most MAX_LINE_BYTES, so memory stays bounded
      // whatever the input (/dev/zero has no line end at all).
      if (buf.length - pos > MAX_LINE_BYTES) this.fatal(lineTooLong(this.opts.source, this.line));
      else this.carry = Buffer.from(buf.subarray(pos));
    }
  }

  /** The input's first bytes: refuse UTF-16 (naming it) before reading it as UTF-8. */
  private begin(buf: Uint8Array): boolean {
    this.started = true;
    const order = utf16Of(buf);
    if (order === undefined) return true;
    this.fatal(utf16File(this.opts.source, order, hasUtf16Bom(buf)));
    return false;
  }

  /** Reading stopped (a fatal error): the rest of the input need not be fed. */
  get done(): boolean {
    return this.stopped;
  }

  /** Bytes held back: an unfinished last record (at a range's end: a boundary inside quotes). */
  get pending(): number {
    return this.carry?.length ?? 0;
  }

  /** The end of the input. */
  end(): ReadResult {
    if (!this.stopped) {
      let buf = this.carry ?? new Uint8Array(0);
      this.carry = null;
      this.base = this.fed - buf.length;
      let pos = 0;
      if (!this.started && this.begin(buf)) {
        if (hasUtf8Bom(buf)) pos = 3;
      }
      if (pos < buf.length && !this.stopped) this.lines(buf, pos, true);
    }
    const src = this.opts.source;
    if (!this.header && this.preErrors.length === 0) {
      this.preErrors.push(emptyFile(src));
    }
    const sink = this.sink;
    if (sink && sink.rowsRead === 0 && sink.errors.length === 0 && this.preErrors.length === 0) {
      this.preErrors.push(noRows(src));
    }
    const errors = [...this.preErrors, ...(sink?.errors ?? [])];
    const rows = sink?.rows?.table();
    const fast = this.fast?.rows ?? 0;
    return {
      ...(sink && errors.length === 0 ? { population: populationOf(src, sink.rowsRead, sink.groups.groups(), this.header!.present, this.opts.attachments ?? [], rows) } : {}),
      ...(rows ? { rows } : {}),
      errors,
      moreErrors: sink?.moreErrors ?? 0,
      unknownColumns: this.header?.unknown ?? [],
      headerOk: sink !== undefined,
      rowsRead: sink?.rowsRead ?? 0,
      groups: sink?.groups.groups() ?? [],
      ...(sink?.keys ? { keys: sink.keys.keys() } : {}),
      ...(this.header ? { header: this.header } : {}),
      dupNotes: (sink?.dupNotes ?? []).map((n) => ({ ...n, at: n.at + this.preErrors.length })),
      paths: {
        fast, csvParse: this.csvParseRows, checked: (sink?.rowsRead ?? 0) - fast - this.csvParseRows, csvParseCalls: this.csvParseCalls, fastMisses: this.fastMisses,
        ...(this.fastStoppedAt !== undefined ? { fastStoppedAt: this.fastStoppedAt } : {}),
      },
      nextLine: this.line,
    };
  }

  private fatal(d: Diagnostic): void {
    this.preErrors.push(d);
    this.stopped = true;
  }

  private progress(): void {
    if (this.opts.onProgress && this.consumed - this.lastProgress > (1 << 22)) {
      this.lastProgress = this.consumed;
      this.opts.onProgress(this.consumed, this.sink?.rowsRead ?? 0);
    }
  }

  /** Process complete lines of buf from pos; returns where the unfinished part starts. */
  private lines(buf: Uint8Array, pos: number, final: boolean): number {
    const b = buf as Buffer;
    const lastNl = b.lastIndexOf(NL);
    if (!final && lastNl < pos) return pos;
    const limit = final ? b.length : lastNl + 1;
    const region = b.subarray(pos, limit);
    const nulAt = region.indexOf(0);
    const utf8Ok = isUtf8(region);
    let nextQ = b.indexOf(QUOTE, pos);
    const src = this.opts.source;
    const fastOk = utf8Ok && nulAt < 0;
    // The fused path needs a newline after each line it reads: not the last, unterminated one.
    const fastLimit = lastNl + 1;
    while (pos < limit && !this.stopped) {
      // (this.fast appears once the header is read, possibly in this very chunk)
      const fast = fastOk ? this.fast : undefined;
      if (fast !== undefined && pos < fastLimit && this.line >= this.fastRetryAt) {
        // The fused path takes canonical lines whole; it gives up (GIVE_UP < 0) on anything else.
        const end = fast.line(b, pos, limit, this.line, this.base + pos);
        if (end >= 0) {
          this.missRun = 0;
          this.line++;
          this.consumed += end + 1 - pos;
          pos = end + 1;
          continue;
        }
        this.missed();
      }
      // One pass over the line finds its fields and its end (no memchr call per line).
      const nl = this.split(b, pos, limit);
      if (nextQ !== -1 && nextQ < nl) {
        // A quoted record: find its end, where a newline stands outside quotes.
        const shape: RecordShape = { lines: 0 };
        const end = scanRecord(b, pos, limit, final, shape);
        if (end === UNFINISHED) {
          if (!final && limit - pos <= MAX_LINE_BYTES) return pos;
          this.fatal({ file: src, line: this.line, column: decodeUtf8(b.subarray(pos, nextQ)).length + 1, message: csvSyntaxMessage({ code: 'CSV_QUOTE_NOT_CLOSED' }), lineText: firstLine(b, pos, limit), hint: CSV_QUOTE_HINT });
          return limit;
        }
        if (end - pos > MAX_LINE_BYTES) this.tooLong(pos);
        else if (!utf8Ok && !isUtf8(b.subarray(pos, end))) this.badBytes(b, pos, end, 'utf8');
        else if (nulAt >= 0 && hasNul(b, pos, end)) this.badBytes(b, pos, end, 'nul');
        else {
          // this record and the quoted ones that follow it, read together
          const first = { s: pos, e: end, lines: shape.lines };
          const run = this.sink ? quotedRun(b, first, limit, final, MAX_LINE_BYTES, !utf8Ok, nulAt >= 0) : [first]; // (the header alone)
          this.quoted(b, run);
          const last = run[run.length - 1]!;
          this.consumed += last.e + 1 - pos;
          pos = last.e + 1;
          nextQ = b.indexOf(QUOTE, pos);
          continue;
        }
        this.line += shape.lines + 1;
        pos = end + 1;
        nextQ = b.indexOf(QUOTE, pos);
        continue;
      }
      let le = nl;
      if (le > pos && b[le - 1] === CR) {
        le--;
        this.ends[this.nFields - 1] = le;
      }
      if (le - pos > MAX_LINE_BYTES) this.tooLong(pos);
      else if (le > pos) {
        if (!utf8Ok && !isUtf8(b.subarray(pos, le))) this.badBytes(b, pos, le, 'utf8');
        else if (nulAt >= 0 && hasNul(b, pos, le)) this.badBytes(b, pos, le, 'nul');
        else this.plain(b, pos, le);
      }
      this.line++;
      this.consumed += nl + 1 - pos;
      pos = nl + 1;
    }
    this.progress();
    return Math.min(pos, b.length);
  }

  /** The fast path missed a line: after FAST_MISS_RUN in a row it rests for FAST_RETRY_EVERY lines. */
  private missed(): void {
    this.fastMisses++;
    if (++this.missRun < FAST_MISS_RUN) return;
    this.fastStoppedAt ??= this.line;
    this.fastRetryAt = this.line + FAST_RETRY_EVERY;
    this.missRun = FAST_MISS_RUN - 1; // a miss on the retry rests again at once
  }

  /** A record over MAX_LINE_BYTES: an error naming its line (fatal before the header). */
  private tooLong(s: number): void {
    const d = lineTooLong(this.opts.source, this.line);
    if (!this.sink) this.fatal(d);
    else {
      this.sink.counted(this.line, this.base + s);
      this.sink.report(d);
    }
  }

  private badBytes(b: Buffer, s: number, e: number, what: 'utf8' | 'nul'): void {
    let at = s;
    if (what === 'nul') at = b.indexOf(0, s);
    else {
      at = firstInvalidUtf8(b, s, e);
    }
    const column = decodeUtf8(b.subarray(s, at)).length + 1;
    const message = what === 'nul' ? 'a NUL byte in the line: this looks like a binary file, not CSV' : 'bytes that are not valid UTF-8';
    const hint = what === 'nul' ? 'export the data as UTF-8 CSV text' : 're-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)';
    const lineText = decodeUtf8(b.subarray(s, e)).replace(/\0/g, '\u2400');
    if (!this.sink) this.fatal({ file: this.opts.source, line: this.line, column, message, lineText, hint });
    else {
      this.sink.counted(this.line, this.base + s);
      this.sink.error(this.line, column, message, lineText, hint);
    }
  }

  /**
   * Split the line starting at s on commas, up to its newline (or limit): field offsets go to
   * starts/ends, their count to nFields. Returns the index of the newline, or limit.
   */
  private split(b: Buffer, s: number, limit: number): number {
    let st = this.starts;
    let en = this.ends;
    let n = 0;
    let fs = s;
    let i = s;
    for (; i < limit; i++) {
      const c = b[i];
      if (c === COMMA) {
        if (n + 1 >= st.length) {
          this.growFields();
          st = this.starts;
          en = this.ends;
        }
        st[n] = fs;
        en[n] = i;
        n++;
        fs = i + 1;
      } else if (c === NL) break;
    }
    st[n] = fs;
    en[n] = i;
    this.nFields = n + 1;
    return i;
  }

  /** An unquoted line [s, e), already split. */
  private plain(b: Buffer, s: number, e: number): void {
    const st = this.starts;
    const n = this.nFields;
    const ctx = this.ctx;
    ctx.buf = b;
    ctx.ls = s;
    ctx.le = e;
    ctx.starts = st;
    if (this.sink) this.sink.record(b, st, this.ends, n, this.line, ctx, this.base + s);
    else {
      const names: string[] = [];
      for (let i = 0; i < n; i++) names.push(decodeUtf8(b.subarray(st[i], this.ends[i])));
      this.headerFrom(names, ctx);
    }
  }

  /**
   * Records with quotes, one after the other: csv-parse reads them in one call. If it finds a syntax
   * error, each record is read alone, so each error names its own line and the good records count.
   */
  private quoted(b: Buffer, run: readonly QuotedRecord[]): void {
    let rows: string[][] | undefined;
    if (run.length > 1) {
      this.csvParseCalls++;
      try {
        rows = parseRecords(b, run[0]!.s, run[run.length - 1]!.e);
      } catch {
        rows = undefined;
      }
      if (rows !== undefined && rows.length !== run.length) rows = undefined;
    }
    for (let i = 0; i < run.length; i++) {
      const r = run[i]!;
      const fields = rows ? rows[i]! : this.quotedAlone(b, r);
      if (fields) this.quotedFields(b, r, fields);
      this.line += r.lines + 1;
    }
  }

  /** One quoted record read by itself: its fields, or undefined after reporting its syntax error. */
  private quotedAlone(b: Buffer, r: QuotedRecord): string[] | undefined {
    this.csvParseCalls++;
    try {
      return parseRecords(b, r.s, r.e)[0] ?? [''];
    } catch (err) {
      const ctx = new BytesContext(b, r.s, withoutCr(b, r.s, r.e));
      const d = { file: this.opts.source, line: this.line, column: syntaxColumn(err, ctx), message: csvSyntaxMessage(err), lineText: ctx.text(), hint: CSV_QUOTE_HINT };
      if (!this.sink) this.fatal(d);
      else {
        this.sink.counted(this.line, this.base + r.s);
        this.sink.error(d.line, d.column, d.message, d.lineText, d.hint);
      }
      return undefined;
    }
  }

  /** A quoted record's fields into the RowSink, written as UTF-8 into one reused buffer. */
  private quotedFields(b: Buffer, r: QuotedRecord, fields: string[]): void {
    const ctx = new BytesContext(b, r.s, withoutCr(b, r.s, r.e));
    if (!this.sink) {
      this.headerFrom(fields, ctx);
      return;
    }
    const p = this.packer;
    p.pack(fields);
    this.csvParseRows++;
    this.sink.record(p.buf, p.st, p.en, fields.length, this.line, ctx, this.base + r.s);
  }

  private headerFrom(names: string[], ctx: RecordContext): void {
    const { header, errors } = mapHeader(names, this.line, ctx, this.opts.source);
    if (!header) {
      this.preErrors.push(...errors);
      this.stopped = true;
      return;
    }
    this.header = header;
    this.sink = new RowSink(header, { source: this.opts.source, maxErrors: this.opts.maxErrors, expectedRows: this.opts.expectedRows ?? 0, collectKeys: this.opts.collectKeys === true, ...(this.opts.attachments ? { attachments: this.opts.attachments } : {}), keepRows: this.opts.keepRows === true });
    if (!this.opts.noFastPath) this.fast = new FastRow(header, this.sink);
  }

  private growFields(): void {
    const n = this.starts.length * 2;
    const st = new Int32Array(n);
    const en = new Int32Array(n);
    st.set(this.starts);
    en.set(this.ends);
    this.starts = st;
    this.ends = en;
  }
}

function hasNul(b: Buffer, s: number, e: number): boolean {
  const z = b.indexOf(0, s);
  return z >= 0 && z < e;
}

/** e, or e - 1 when the record ends with a CR (of its CRLF). */
function withoutCr(b: Buffer, s: number, e: number): number {
  return e > s && b[e - 1] === CR ? e - 1 : e;
}

function firstLine(b: Buffer, s: number, e: number): string {
  let nl = b.indexOf(NL, s);
  if (nl === -1 || nl > e) nl = e;
  if (nl > s && b[nl - 1] === CR) nl--;
  return decodeUtf8(b.subarray(s, nl));
}
