// Refusing a regular file with repeated ids. Its rows' keys were collected by record number and
// the repeats found by sorting (keysort.ts findRepeats); the
// few to list (at most --max-errors) are located from the nearest mark (locate.ts) and read back,
// all by positional reads of the descriptor already open: the file is never opened or read through
// again. If a row read back does not hash to its key (the file changed meanwhile), the caller reads
// the file again as a stream.
import type { FileHandle } from 'node:fs/promises';
import { DcsimError, type Diagnostic } from '../../domain/errors.js';
import { INPUT_COLUMN_NAMES, MAX_LINE_BYTES } from '../../domain/input-schema.js';
import { hashKey, type KeyHash } from './dupset.js';
import type { Found, Marks } from './keysort.js';
import { RecordLocator, type Place } from './locate.js';
import { BytesContext } from './messages.js';
import { parseFields } from './quoted.js';
import { scanRecord, UNFINISHED } from './record.js';
import { duplicateMessage, type HeaderInfo } from './rowsink.js';

const DUP_HINT = 'a beneficiary has one row per performance year';

/** A row repeating a key: its line, the key's first line, its record offset, the key. */
export interface Repeat {
  readonly line: number;
  readonly first: number;
  readonly offset: number;
  readonly h1: number;
  readonly h2: number;
}

/**
 * The repeats found, given their lines, first lines and offsets (located from the marks, in
 * increasing order: at most one scan forward of the file). Undefined if one is past the file's end
 * (it changed while being read).
 */
export async function placeRepeats(fh: FileHandle, found: { first: readonly Found[]; total: number }, marks: Marks): Promise<{ first: Repeat[]; total: number } | undefined> {
  const want = [...new Set(found.first.flatMap((f) => [f.rec, f.first]))].sort((x, y) => x - y);
  const read = async (buf: Buffer, pos: number): Promise<number> => (await fh.read(buf, 0, buf.length, pos)).bytesRead;
  const locator = new RecordLocator(read, marks);
  const at = new Map<number, Place>();
  for (const g of want) {
    const place = await locator.find(g);
    if (!place) return undefined;
    at.set(g, place);
  }
  const first = found.first.map((f) => ({ line: at.get(f.rec)!.line, first: at.get(f.first)!.line, offset: at.get(f.rec)!.offset, h1: f.h1, h2: f.h2 }));
  return { first, total: found.total };
}

/**
 * The refusal of a regular file: its cell errors and its repeats (from findRepeats) in line order,
 * the first maxErrors listed (a repeat's row read back at its offset), the rest counted. Undefined
 * if a repeat's row no longer hashes to its key (the file changed while being read).
 */
export async function refusal(fh: FileHandle, errors: readonly Diagnostic[], more: number, repeats: { first: readonly Repeat[]; total: number }, header: HeaderInfo, name: string, maxErrors: number): Promise<DcsimError | undefined> {
  // repeats.first: the repeats of lowest lines (at least maxErrors of them, or all); the rest are counted
  more += repeats.total - repeats.first.length;
  const all: (Diagnostic | Repeat)[] = [...errors, ...repeats.first];
  all.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || ('column' in a ? a.column ?? 0 : 0) - ('column' in b ? b.column ?? 0 : 0));
  const kept = all.slice(0, maxErrors);
  const idCol = header.index[INPUT_COLUMN_NAMES.indexOf('beneficiary_id')]!;
  const yearCol = header.index[INPUT_COLUMN_NAMES.indexOf('performance_year')]!;
  const listed: Diagnostic[] = [];
  for (const e of kept) {
    if (!('offset' in e)) listed.push(e);
    else {
      const d = await crossDiagnostic(fh, e, header, idCol, yearCol, name);
      if (!d) return undefined;
      listed.push(d);
    }
  }
  return new DcsimError(listed, 1, more + all.length - kept.length);
}

/** The diagnostic of a repeat, from its record read back at its offset; undefined if it is not that key. */
async function crossDiagnostic(fh: FileHandle, c: Repeat, header: HeaderInfo, idCol: number, yearCol: number, name: string): Promise<Diagnostic | undefined> {
  const buf = Buffer.alloc(MAX_LINE_BYTES + 2);
  const { bytesRead } = await fh.read(buf, 0, buf.length, c.offset);
  const b = buf.subarray(0, bytesRead);
  let end = scanRecord(b, 0, b.length, true);
  if (end === UNFINISHED) end = b.length;
  if (end > 0 && b[end - 1] === 13) end--;
  const ctx = new BytesContext(b, 0, end);
  const fields = parseFields(b, 0, end);
  if (fields === undefined || fields.length !== header.width) return undefined;
  const id = trimInvisible(fields[idCol]!);
  const py = Number(fields[yearCol]!.trim());
  const key: KeyHash = { h1: 0, h2: 0 };
  const idBytes = Buffer.from(id, 'utf8');
  hashKey(py, idBytes, 0, idBytes.length, key);
  if (key.h1 !== c.h1 || key.h2 !== c.h2) return undefined;
  return { file: name, line: c.line, column: ctx.column(idCol), message: duplicateMessage(id, py, c.first), lineText: ctx.text(), hint: DUP_HINT };
}

/** As the reader trims an id (fields.ts trimId): spaces, Unicode spaces and format characters at the ends. */
function trimInvisible(s: string): string {
  const cut = (ch: string): boolean => ch === ' ' || ch === '\t' || (ch.codePointAt(0)! >= 0x80 && /^[\s\p{Cf}]$/u.test(ch));
  const cps = [...s];
  let a = 0;
  let z = cps.length;
  while (a < z && cut(cps[a]!)) a++;
  while (z > a && cut(cps[z - 1]!)) z--;
  return cps.slice(a, z).join('');
}
