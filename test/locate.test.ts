// A regular file's repeats: records located again from every 256th record's mark (locate.ts), the
// in-place key sort (keysort.ts), and the listed repeats against the stream path's (DuplicateSet).
import { rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DcsimError } from '../src/domain/errors.js';
import { readPopulation } from '../src/io/csv/index.js';
import { placeRepeats } from '../src/io/csv/cross.js';
import { findRepeats, sortKeysSync } from '../src/io/csv/keysort.js';
import { RecordLocator } from '../src/io/csv/locate.js';
import { CsvReader } from '../src/io/csv/reader.js';
import { tempDir } from './tmp.js';

const dir = tempDir('dcsim-locate-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'beneficiary_id,performance_year,expenditure,note\n';

/** A record of kind k for beneficiary i: plain, CRLF, quoted over 2 or 3 lines, a stray quote, a bad row. */
function record(k: number, i: number): string {
  switch (k % 6) {
    case 0: return `B${i},2023,1,x\n`;
    case 1: return `B${i},2023,1,x\r\n`;
    case 2: return `B${i},2023,1,"two\nlines"\n`;
    case 3: return `"B${i}",2023,1,"a ""quoted"" word,\n over\nthree lines"\n`;
    case 4: return `B${i},2023,1,say a"b\n`; // a quote not at a field's start opens nothing
    default: return `B${i},2023\n`; // a bad row (two fields): a record without a key
  }
}

/** The text, and where each record starts (byte offset, line); blank lines (LF, CRLF) in between. */
function build(kinds: readonly number[], blanks: readonly number[]): { text: string; at: { offset: number; line: number }[] } {
  let text = HEADER;
  let line = 2;
  const at: { offset: number; line: number }[] = [];
  kinds.forEach((k, i) => {
    const b = blanks[i % blanks.length]! % 4;
    if (b === 1) (text += '\n'), line++;
    if (b === 2) (text += '\r\n\n'), (line += 2);
    const r = record(k, i);
    at.push({ offset: Buffer.byteLength(text), line });
    text += r;
    line += r.split('\n').length - 1;
  });
  return { text, at };
}

describe('locating records from the marks', () => {
  it('finds every record\'s offset and line, quoted multi-line records and blank lines included, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(11), { minLength: 1, maxLength: 900 }), fc.array(fc.nat(7), { minLength: 1, maxLength: 9 }), fc.integer({ min: 1, max: 5000 }), async (kinds, blanks, chunk) => {
        const { text, at } = build(kinds, blanks);
        const bytes = Buffer.from(text);
        const reader = new CsvReader({ source: 't.csv', maxErrors: 5, collectKeys: true });
        for (let p = 0; p < bytes.length; p += chunk) reader.feed(bytes.subarray(p, p + chunk));
        const r = reader.end();
        expect(r.rowsRead).toBe(kinds.length);
        // marks: records 0, 256, 512, ...
        expect(r.keys!.marks.offset.length).toBe(Math.ceil(kinds.length / 256));
        const read = async (buf: Buffer, pos: number): Promise<number> => bytes.copy(buf, 0, pos, pos + buf.length);
        const loc = new RecordLocator(read, r.keys!.marks);
        for (let t = 0; t < at.length; t += 1 + (t % 7)) expect(await loc.find(t)).toEqual(at[t]);
        // backwards too (each from its mark), and past the last record: undefined
        for (let t = at.length - 1; t >= 0; t -= 97) expect(await new RecordLocator(read, r.keys!.marks).find(t)).toEqual(at[t]);
        expect(await loc.find(at.length)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('reads a record longer than its window', async () => {
    // record 0: a quoted note of 200,000 bytes with newlines every 1,000 (200 of them); record 1 after it
    const note = ('y'.repeat(999) + '\n').repeat(200);
    const text = `${HEADER}B0,2023,1,"${note}"\nB1,2023,1,x\n`;
    const bytes = Buffer.from(text);
    const reader = new CsvReader({ source: 't.csv', maxErrors: 5, collectKeys: true });
    reader.feed(bytes);
    const marks = reader.end().keys!.marks;
    const loc = new RecordLocator(async (buf, pos) => bytes.copy(buf, 0, pos, pos + buf.length), marks);
    // B1 starts after the header (49 bytes), "B0,2023,1,\"" (11), the note, '"\n' (2); on line 2 + 200 + 1
    expect(await loc.find(1)).toEqual({ offset: 49 + 11 + note.length + 2, line: 203 });
  });
});

describe('sorting keys in place', () => {
  it('puts equal keys together and keeps each key with its record number, a heavy key included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60000 }), fc.integer({ min: 1, max: 1 << 30 }), fc.nat(3), (n, seed, mode) => {
        // keys from a small generator: mode 0 all distinct-ish, 1 few distinct, 2 one key, 3 h1 equal only
        let x = seed;
        const rnd = (): number => (x = (Math.imul(x, 1103515245) + 12345) | 0);
        const h1 = new Int32Array(n);
        const h2 = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          h1[i] = mode === 0 ? rnd() : mode === 1 ? rnd() & 0x70000007 : mode === 2 ? -5 : 77;
          h2[i] = mode === 0 ? rnd() | 1 : mode === 1 ? (rnd() & 3) + 1 : mode === 2 ? 9 : (rnd() & 0xfff) + 1;
        }
        if (n > 10) h2[3] = 0; // a record without a key: left out
        const orig = { h1: h1.slice(), h2: h2.slice() };
        const s = sortKeysSync({ h1, h2, marks: { offset: new Float64Array(0), line: new Int32Array(0) } });
        const keyed = n > 10 ? n - 1 : n;
        expect(s.rec.length).toBe(keyed);
        // each entry is its record's key; every record once
        const seen = new Uint8Array(n);
        let same = true;
        for (let i = 0; i < keyed; i++) {
          same &&= s.h1[i] === orig.h1[s.rec[i]!] && s.h2[i] === orig.h2[s.rec[i]!];
          seen[s.rec[i]!] = seen[s.rec[i]!]! + 1;
        }
        expect(same).toBe(true);
        expect(seen.reduce((a, v) => a + v, 0)).toBe(keyed);
        expect(seen.every((v) => v <= 1)).toBe(true);
        // ordered by (h1, h2) unsigned: equal keys are adjacent
        let ordered = true;
        for (let i = 1; i < keyed; i++) {
          const a1 = s.h1[i - 1]! >>> 0;
          const b1 = s.h1[i]! >>> 0;
          ordered &&= a1 < b1 || (a1 === b1 && s.h2[i - 1]! >>> 0 <= s.h2[i]! >>> 0);
        }
        expect(ordered).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('listed repeats of a regular file', () => {
  it('names the same lines as the stream path, for a repeat inside a multi-line quoted record past many marks', async () => {
    // 2,000 records of every kind; B7's key again at the end (record 2000), inside a quoted record
    // over three lines, and B1500's key again right after it
    const kinds = Array.from({ length: 2000 }, (_, i) => i % 6);
    const { text, at } = build(kinds, [0, 1, 0, 2]);
    const extra = '"B7",2023,5,"a\nrepeat\nhere"\nB1500,2023,3,x\n';
    const all = text + extra;
    const file = join(dir, 'repeats.csv');
    writeFileSync(file, all);
    const refusal = async (src: string | AsyncIterable<Uint8Array>): Promise<DcsimError> => {
      try {
        await readPopulation(src, { displayName: 'r.csv', maxErrors: 1000, threads: 1 });
      } catch (e) {
        return e as DcsimError;
      }
      throw new Error('not refused');
    };
    // the repeats placed from the marks on the open file (not by the fallback that reads it again)
    const reader = new CsvReader({ source: 'r.csv', maxErrors: 5, collectKeys: true });
    reader.feed(Buffer.from(all));
    const keys = reader.end().keys!;
    const found = findRepeats(10, sortKeysSync(keys));
    expect(found.first.map((f) => [f.rec, f.first])).toEqual([[2000, 7], [2001, 1500]]);
    const fh = await open(file);
    const placed = await placeRepeats(fh, found, [{ base: 0, shift: 0, marks: keys.marks }]);
    await fh.close();
    const end = at[1999]!.line + record(kinds[1999]!, 1999).split('\n').length - 1;
    // B7's repeat starts right after the text built; B1500's after B7's 28 bytes ('"B7",2023,5,"a\nrepeat\nhere"\n')
    const size = Buffer.byteLength(text);
    expect(placed!.first.map((p) => [p.line, p.first, p.offset])).toEqual([[end, at[7]!.line, size], [end + 3, at[1500]!.line, size + 28]]);
    const fromFile = await refusal(file);
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(all);
    }
    const fromStream = await refusal(stream());
    expect(fromFile.diagnostics).toEqual(fromStream.diagnostics);
    // the B7 row starts on the line after the last record's; B7 was first on record 7's line
    const last = at[1999]!.line + record(kinds[1999]!, 1999).split('\n').length - 1;
    const dups = fromFile.diagnostics.filter((d) => d.message.includes('appears twice'));
    expect(dups.map((d) => [d.line, d.message])).toEqual([
      [last, `beneficiary "B7" appears twice in performance year 2023 (first at line ${at[7]!.line})`],
      [last + 3, `beneficiary "B1500" appears twice in performance year 2023 (first at line ${at[1500]!.line})`],
    ]);
  });
});
