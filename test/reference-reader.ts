// The reference reading path: the whole input through csv-parse, record by record, into the same
// RowSink as the fast path. It is slower (strings for every cell) and holds the text in memory;
// it exists to cross-check the fast path (tests feed both the same files). It shares none of the
// reader's record scanning or csv-parse calls: the record boundaries, field columns and field bytes
// are its own (it shares the row validation, RowSink, and the messages' wording).
import { parse } from 'csv-parse/sync';
import { DcsimError, type Diagnostic } from '../src/domain/errors.js';
import { populationOf } from '../src/domain/population.js';
import { CSV_QUOTE_HINT, csvSyntaxMessage, emptyFile, noRows } from '../src/io/csv/messages.js';
import type { ReadOptions, ReadResult } from '../src/io/csv/reader.js';
import { mapHeader, RowSink } from '../src/io/csv/rowsink.js';

interface Rec {
  record: string[];
  info: { bytes: number };
}

export function readWithCsvParse(data: Uint8Array, opts: ReadOptions): ReadResult {
  const src = opts.source;
  const bytes = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? Buffer.from(data.subarray(3)) : Buffer.from(data);
  const utf8 = new TextDecoder('utf-8');
  const empty = (errors: Diagnostic[]): ReadResult => ({ errors, moreErrors: 0, unknownColumns: [], headerOk: false, rowsRead: 0, groups: [], dupNotes: [], paths: { fast: 0, checked: 0, csvParse: 0, csvParseCalls: 0, fastMisses: 0 }, nextLine: 1 });
  let recs: Rec[];
  try {
    recs = parse(bytes, { info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as unknown as Rec[];
  } catch (e) {
    throw new DcsimError([{ file: src, message: csvSyntaxMessage(e), hint: CSV_QUOTE_HINT }], 1);
  }
  let line = 1;
  let sink: RowSink | undefined;
  let unknown: readonly string[] = [];
  let prev = 0;
  for (const r of recs) {
    // csv-parse's own `raw` is unreliable with two record delimiters: slice the bytes it consumed.
    let raw = utf8.decode(bytes.subarray(prev, r.info.bytes));
    prev = r.info.bytes;
    while (raw.startsWith('\n') || raw.startsWith('\r\n')) {
      line++;
      raw = raw.slice(raw.startsWith('\n') ? 1 : 2);
    }
    const body = raw.replace(/\r?\n$/, '');
    const ctx = new ArrayContext(body);
    const start = line;
    line += (raw.match(/\n/g) ?? []).length;
    if (!sink) {
      const { header, errors } = mapHeader(r.record, start, ctx, src);
      if (!header) return empty(errors);
      unknown = header.unknown;
      sink = new RowSink(header, { source: src, maxErrors: opts.maxErrors, ...(opts.attachments ? { attachments: opts.attachments } : {}) });
      continue;
    }
    const { buf, st, en } = encodeFields(r.record);
    sink.record(buf, st, en, r.record.length, start, ctx);
    if (sink.full) break;
  }
  if (!sink) return empty([emptyFile(src)]);
  const errors = [...sink.errors];
  if (sink.rowsRead === 0 && errors.length === 0) errors.push(noRows(src));
  return {
    ...(errors.length === 0 ? { population: populationOf(src, sink.rowsRead, sink.groups.groups(), sink.header.present, opts.attachments ?? []) } : {}),
    errors,
    moreErrors: sink.moreErrors,
    unknownColumns: unknown,
    headerOk: true,
    rowsRead: sink.rowsRead,
    groups: sink.groups.groups(),
    dupNotes: sink.dupNotes,
    paths: { fast: 0, checked: 0, csvParse: sink.rowsRead, csvParseCalls: 1, fastMisses: 0 },
    nextLine: line,
  };
}

/** Field start columns (1-based, in characters) of a raw record: a quote opens a quoted value only at a field's start. */
function rawColumns(raw: string): number[] {
  const cols: number[] = [1];
  let inQ = false;
  let atStart = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inQ) {
      if (c === '"') {
        if (raw[i + 1] === '"') i++;
        else inQ = false;
      }
      continue;
    }
    if (c === '"' && atStart) inQ = true;
    else if (c === ',') {
      cols.push(i + 2);
      atStart = true;
      continue;
    }
    atStart = false;
  }
  return cols;
}

/** A record's text and field columns for messages, from its raw text. */
class ArrayContext {
  private readonly raw: string;
  private readonly cols: readonly number[];
  constructor(raw: string) {
    this.raw = raw.replace(/\r\n/g, '\n');
    this.cols = rawColumns(this.raw);
  }
  text(): string {
    return this.raw.replace(/\r?\n/g, '\u21b5');
  }
  column(field: number): number {
    return this.cols[Math.max(0, Math.min(field, this.cols.length - 1))] ?? 1;
  }
}

/** String fields into one buffer with start/end offsets, for RowSink. */
function encodeFields(values: readonly string[]): { buf: Uint8Array; st: Int32Array; en: Int32Array } {
  const parts = values.map((v) => Buffer.from(v, 'utf8'));
  const st = new Int32Array(values.length);
  const en = new Int32Array(values.length);
  let o = 0;
  parts.forEach((p, i) => {
    st[i] = o;
    o += p.length;
    en[i] = o;
  });
  return { buf: Buffer.concat(parts), st, en };
}
