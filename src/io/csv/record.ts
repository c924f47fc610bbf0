// The one scanner of a CSV record's structure (RFC 4180 quoting): where a record ends, the newlines
// inside its quoted values, and where its fields start. A double quote opens a quoted value only at a
// field's start; inside one, "" is a quote and the next lone quote closes it; a record ends at a
// newline outside quotes. The reader (its quoted records), the locator of repeated rows, the rows
// read back to list them and the error messages' columns all use it, so they split records alike.
// (csv-parse reads the fields' values; this only finds the boundaries.)

const NL = 10;
const QUOTE = 34;
const COMMA = 44;

/** What scanRecord found besides the record's end. */
export interface RecordShape {
  /** Newlines inside quoted values. */
  lines: number;
  /** With `starts` given: the byte index of each field's first byte, in order. */
  starts?: number[];
}

/** scanRecord's answer when the record is not finished within the bytes given. */
export const UNFINISHED = -1;

/**
 * The end of the record that starts at b[s], looking at b[s, limit): the index of the newline
 * that ends it; `limit` when `eof` and the bytes end outside quotes; UNFINISHED when more bytes
 * are needed (a quote still open, or, before `eof`, a quote as the last byte: the next decides).
 */
export function scanRecord(b: Uint8Array, s: number, limit: number, eof: boolean, shape?: RecordShape): number {
  let inQ = false;
  let atStart = true;
  let lines = 0;
  const starts = shape?.starts;
  if (starts) starts.push(s);
  for (let i = s; i < limit; i++) {
    const c = b[i];
    if (inQ) {
      if (c === QUOTE) {
        if (i + 1 >= limit && !eof) return UNFINISHED;
        if (b[i + 1] === QUOTE && i + 1 < limit) i++;
        else inQ = false;
      } else if (c === NL) lines++;
      continue;
    }
    if (c === NL) {
      if (shape) shape.lines = lines;
      return i;
    }
    if (c === QUOTE && atStart) inQ = true;
    atStart = c === COMMA;
    if (atStart && starts) starts.push(i + 1);
  }
  if (inQ || !eof) return UNFINISHED;
  if (shape) shape.lines = lines;
  return limit;
}
