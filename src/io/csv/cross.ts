// Duplicates across the two halves of a parallel read. Each thread found the repeats within its own
// half as it read; here the worker's keys are looked up in this thread's table. A key of the second
// half that the first half also holds is a repeat at the worker's line (its first line is this
// thread's). The worker kept each key's record offset, so the few rows to list (at most
// --max-errors) are fetched by positional reads of the descriptor already open: the file is never
// opened or read through again. If a row read back does not hash to its key (the file changed
// meanwhile), the caller reads the file again with one thread.
import type { FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Diagnostic } from '../../domain/errors.js';
import { MAX_LINE_BYTES } from '../../domain/input-schema.js';
import { hashKey, sharedKeys, type DuplicateSet, type KeyHash } from './dupset.js';
import { ArrayContext } from './messages.js';
import type { WorkerResult } from './parallel.js';
import { duplicateMessage, type HeaderInfo } from './rowsink.js';

/** A repeat at `line` (the whole file's numbering) of a key first seen at `first`. */
interface Cross {
  readonly line: number;
  readonly first: number;
  readonly offset: number;
  readonly h1: number;
  readonly h2: number;
}

const DUP_HINT = 'a beneficiary has one row per performance year';

/** The worker's errors renumbered (line + shift), repeats of first-half keys named with their first line. */
export function renumber(theirs: WorkerResult, mine: DuplicateSet | undefined, shift: number): Diagnostic[] {
  const notes = new Map(theirs.dupNotes.map((d) => [d.at, d]));
  return theirs.errors.map((d, i) => {
    const note = notes.get(i);
    const line = d.line !== undefined ? { line: d.line + shift } : {};
    if (!note) return { ...d, ...line };
    // a key the first half holds was first seen there, whatever the worker saw first
    const first = mine?.lineOf(note.h1, note.h2) || note.first + shift;
    return { ...d, ...line, message: duplicateMessage(note.id, note.py, first) };
  });
}

/** The first-half keys the worker's half repeats: one per key, at the worker's first line of it. */
export function crossRepeats(mine: DuplicateSet, theirs: WorkerResult, shift: number): Cross[] {
  return sharedKeys(mine, theirs.keys).map((k) => {
    const h1 = theirs.keys[3 * k]!;
    const h2 = theirs.keys[3 * k + 1]!;
    return { line: theirs.keys[3 * k + 2]! + shift, first: mine.lineOf(h1, h2), offset: theirs.offsets[k]!, h1, h2 };
  });
}

/** The diagnostic of a repeat, from its record read back at its offset; undefined if it is not that key. */
export async function crossDiagnostic(fh: FileHandle, c: Cross, header: HeaderInfo, idCol: number, yearCol: number, name: string): Promise<Diagnostic | undefined> {
  const buf = Buffer.alloc(MAX_LINE_BYTES + 2);
  const { bytesRead } = await fh.read(buf, 0, buf.length, c.offset);
  const b = buf.subarray(0, bytesRead);
  let end = recordEnd(b);
  if (end > 0 && b[end - 1] === 13) end--;
  const raw = b.subarray(0, end).toString('utf8');
  const fields = raw.includes('"') ? parseRecord(raw) : raw.split(',');
  if (fields.length !== header.width) return undefined;
  const id = trimInvisible(fields[idCol] ?? '');
  const py = Number((fields[yearCol] ?? '').trim());
  const key: KeyHash = { h1: 0, h2: 0 };
  const idBytes = Buffer.from(id, 'utf8');
  hashKey(py, idBytes, 0, idBytes.length, key);
  if (key.h1 !== c.h1 || key.h2 !== c.h2) return undefined;
  const ctx = new ArrayContext(raw);
  return { file: name, line: c.line, column: ctx.column(idCol), message: duplicateMessage(id, py, c.first), lineText: ctx.text(), hint: DUP_HINT };
}

/** The end of the record at the buffer's start: its newline outside quotes, or the buffer's end. */
function recordEnd(b: Uint8Array): number {
  let inQ = false;
  let atStart = true;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (inQ) {
      if (c === 34) {
        if (b[i + 1] === 34) i++;
        else inQ = false;
      }
      continue;
    }
    if (c === 10) return i;
    if (c === 34 && atStart) inQ = true;
    atStart = c === 44;
  }
  return b.length;
}

type CsvParse = (text: string, options: import('csv-parse/sync').Options) => string[][];

function parseRecord(raw: string): string[] {
  const parse = (createRequire(import.meta.url)('csv-parse/sync') as { parse: CsvParse }).parse;
  try {
    return parse(raw, { relax_column_count: true, bom: false, record_delimiter: ['\r\n', '\n'] })[0] ?? [];
  } catch {
    return [];
  }
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
