// Which path reads what, as the reader's stats count it: the fast path stops trying after a run of
// lines it cannot take (a file of Excel's TRUE/FALSE is not parsed twice) and tries again now and
// then; records with quotes go to csv-parse once per run of them, not once each. Whatever the path,
// the values and errors equal the reference reader's (test/reference-reader.ts).
import { describe, expect, it } from 'vitest';
import { readPopulation } from '../src/io/csv/index.js';
import { CSV_QUOTE_HINT } from '../src/io/csv/messages.js';
import { synthCsv } from '../src/usecases/synth/generate.js';
import { populationSnapshot, readFast, readReference, resultSnapshot } from './helpers.js';

/** n beneficiaries in PY2023: n rows, on lines 2 to n + 1. */
const synth = (n: number): string => [...synthCsv({ beneficiaries: n, years: [2023], seed: 3 })].join('');
/** The booleans as Excel writes them. */
const excel = (text: string): string => text.replace(/,(true|false)(?=,|\n)/g, (_m, w: string) => `,${w.toUpperCase()}`);
/** Every field of every data row in double quotes. */
const quoteAll = (text: string): string => text.replace(/^(?!beneficiary_id)(.+)$/gm, (line) => line.split(',').map((f) => `"${f}"`).join(','));

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

describe('the fast path stops trying after a run of misses', () => {
  it('reads a file of TRUE/FALSE field by field, trying the fast path 66 times for 10,000 rows', async () => {
    const text = excel(synth(10_000));
    expect(text.split('\n')[1]).toMatch(/,(TRUE|FALSE),/);
    const r = await readPopulation(chunked(text, 1 << 16), { maxErrors: 5 });
    // Every row has a TRUE or FALSE: lines 2..65 are 64 misses in a row, so it stops at line 65 and
    // tries again at line 65 + 4096 = 4161 (a miss: next at 8257, a miss: next at 12353, past the
    // last line, 10001): 64 + 2 = 66 misses, not 10,000.
    expect(r.stats).toMatchObject({ fastRows: 0, checkedRows: 10_000, csvParseRows: 0, fastMisses: 66 });
    expect(r.stats.fallbacks).toEqual([{ reason: 'the fast path missed 64 lines in a row (to line 65): lines are read field by field, the fast path tried again every 4096 lines' }]);
    // TRUE is true: the same population as the canonical file's, and as the reference reader's
    const canonical = await readPopulation(chunked(synth(10_000), 1 << 16));
    expect(populationSnapshot(r.population)).toEqual(populationSnapshot(canonical.population));
    expect(canonical.stats).toMatchObject({ fastRows: 10_000, fastMisses: 0, fallbacks: [] });
    expect(resultSnapshot(readFast(text))).toEqual(resultSnapshot(readReference(text)));
  });

  it('takes the fast path again when the odd lines end (the retry at line 4161 hits)', async () => {
    // lines 2..101 in Excel's form, the rest canonical: misses on lines 2..65 (64), lines 66..4160
    // checked without trying, line 4161 taken and every line after it: 10001 - 4161 + 1 = 5841 fast
    const lines = synth(10_000).split('\n');
    const text = [lines[0]!, ...lines.slice(1, 101).map((l) => excel(`${l}\n`).slice(0, -1)), ...lines.slice(101)].join('\n');
    const r = await readPopulation(chunked(text, 1 << 16));
    expect(r.stats).toMatchObject({ fastRows: 5841, checkedRows: 4159, fastMisses: 64 });
    expect(r.stats.fallbacks).toHaveLength(1);
    expect(resultSnapshot(readFast(text, [1 << 16]))).toEqual(resultSnapshot(readReference(text)));
  });
});

describe('csv-parse reads a run of quoted records in one call', () => {
  const text = quoteAll(synth(2000));

  it('one call for 2,000 quoted rows fed at once; the values of the reference reader', () => {
    expect(text.split('\n')[1]).toMatch(/^"B0+1","2023",/);
    const r = readFast(text);
    // the fast path tried line 2 (a miss at its first quote); the run from there took every record
    expect(r.paths).toEqual({ fast: 0, checked: 0, csvParse: 2000, csvParseCalls: 1, fastMisses: 1 });
    expect(resultSnapshot(r)).toEqual(resultSnapshot(readReference(text)));
  });

  it('fed in 7,000-byte chunks: about a call per chunk (a record split across two reads is one more)', () => {
    const r = readFast(text, [7000]);
    const feeds = Math.ceil(Buffer.byteLength(text) / 7000);
    expect(r.paths.csvParse).toBe(2000);
    expect(r.paths.csvParseCalls).toBeLessThanOrEqual(2 * feeds);
    expect(r.paths.csvParseCalls).toBeLessThan(2000 / 10);
    expect(resultSnapshot(r)).toEqual(resultSnapshot(readReference(text)));
  });

  it('a syntax error inside a run: each record is read alone, the bad one named, the others kept', () => {
    // lines 2..6 quoted; line 4 has characters after a closing quote: the run's one call fails, then
    // 5 calls (one a record) find it: 6 calls, 4 rows read, the error at line 4, column 1 (field 0)
    const bad = 'beneficiary_id,performance_year,expenditure\n"A",2023,1\n"B",2023,2\n"C"x,2023,3\n"D",2023,4\n"E",2023,5\n';
    const r = readFast(bad);
    expect(r.paths).toMatchObject({ csvParse: 4, csvParseCalls: 6 });
    expect(r.errors).toEqual([{ file: 'test.csv', line: 4, column: 1, message: 'characters after the closing quote of a value', lineText: '"C"x,2023,3', hint: CSV_QUOTE_HINT }]);
  });
});
