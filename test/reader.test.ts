// The fast reading path against the csv-parse reference path, on hand-made and random files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFast, readReference, resultSnapshot } from './helpers.js';
import { DuplicateSet } from '../src/io/csv/dupset.js';
import { findRepeats, sortKeysSync } from '../src/io/csv/keysort.js';
import { CsvReader } from '../src/io/csv/reader.js';
import { readPopulation } from '../src/io/csv/index.js';
import { synthCsv } from '../src/usecases/synth/generate.js';

const HEADER = 'beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,dual_status,claims_aligned,voluntary_aligned,mltss_enrolled,opted_out,primary_care_spend,participant_spend,medicaid_spend,benchmark_pbpm,heba';

describe('fast reader: values', () => {
  it('reads defaults, money to the cent and risk scores exactly', () => {
    const r = readFast('beneficiary_id,performance_year,expenditure,risk_score,benchmark_pbpm\nA,2023,100.5,1.25,1000\nB,2023,0.07,,\n');
    expect(r.errors).toEqual([]);
    const g = r.population!.groups;
    // Both rows: claims-aligned (default true), aged_disabled, non-dual -> one group.
    expect(g).toHaveLength(1);
    // 100.50 + 0.07 = 100.57 dollars = 10057 cents
    expect(g[0]!.expenditure.value()).toBe(10057n);
    // Row A has its own rate: 100000 cents x mantissa 125 (scale 2) x 12 months = 150,000,000 at scale 2
    // -> 100000 * 125 * 12 / 10^(2+2) = $15,000 = 1000 x 1.25 x 12. Row B: risk 1 (scale 0) x 12 months.
    expect(g[0]!.ownRate.byScale[2]!.value()).toBe(150000000n);
    expect(g[0]!.riskMonths.byScale[0]!.value()).toBe(12n);
    expect(g[0]!.memberMonths).toBe(24);
  });

  it('reads ".5" as 0.50 and ".8" as a risk score of 0.8', () => {
    const r = readFast('beneficiary_id,performance_year,expenditure,risk_score,benchmark_pbpm\nA,2023,.5,.8,10\n');
    expect(r.errors).toEqual([]);
    const g = r.population!.groups[0]!;
    expect(g.expenditure.value()).toBe(50n);
    // own rate 1000 cents x risk mantissa 8 (scale 1) x 12 months
    expect(g.ownRate.byScale[1]!.value()).toBe(96000n);
  });

  it('accepts a BOM, CRLF, quoted fields with commas, quotes and newlines, and blank lines', () => {
    const text = '\ufeffbeneficiary_id,performance_year,expenditure,note\r\n"A,1",2023,"1000.00","say ""hi""\r\nthere"\r\n\r\nB,2024,5,x\r\n';
    const r = readFast(text);
    expect(r.errors).toEqual([]);
    expect(r.population!.rowsRead).toBe(2);
    expect(r.population!.years).toEqual([2023, 2024]);
    expect(r.unknownColumns).toEqual(['note']);
  });

  it('names the line and column of a bad cell, after a multi-line quoted record', () => {
    const r = readFast('beneficiary_id,performance_year,expenditure,note\nA,2023,1,"two\nlines"\nB,2023,1x,\n');
    // Row B starts on line 4 (header 1, A spans 2-3); expenditure starts at character 8.
    expect(r.errors).toEqual([expect.objectContaining({ line: 4, column: 8, message: 'expenditure is not valid: "1x"' })]);
  });

  it('finds a repeated id on the fused and the checked path alike, naming the first line', () => {
    // " A" (a space: the checked path, trimmed) repeats "A" (the fused path) in PY2023; A in 2024 is fine
    const r = readFast('beneficiary_id,performance_year,expenditure\nA,2023,1\nA,2024,1\n A,2023,2\n');
    expect(r.population).toBeUndefined();
    expect(r.errors).toEqual([expect.objectContaining({ line: 4, column: 1, message: 'beneficiary "A" appears twice in performance year 2023 (first at line 2)' })]);
    // and the other way round: the fused row comes second
    const s2 = readFast('beneficiary_id,performance_year,expenditure\n A ,2023,1\nA,2023,2\n');
    expect(s2.errors.map((e) => [e.line, e.message])).toEqual([[3, 'beneficiary "A" appears twice in performance year 2023 (first at line 2)']]);
  });

  it('takes canonical rows by the fast path, others by the checked path and quoted ones by csv-parse', () => {
    // rows 1-2 canonical; row 3 has an upper-case word (checked); row 4 a quoted id (csv-parse)
    const r = readFast('beneficiary_id,performance_year,expenditure,entitlement\nA,2023,1,esrd\nB,2023,2.50,\nC,2023,3,ESRD\n"D",2023,4,\n');
    expect(r.errors).toEqual([]);
    expect(r.paths).toEqual({ fast: 2, checked: 1, csvParse: 1 });
    expect(readFast('beneficiary_id,performance_year,expenditure\nA,2023,1\n', [], 't.csv', 10, true).paths).toEqual({ fast: 0, checked: 1, csvParse: 0 });
  });
});

describe('readPopulation', () => {
  it('takes every canonical row by the fast path (stats say which path read what)', async () => {
    const text = [...synthCsv({ beneficiaries: 3000, years: [2022, 2023], seed: 9 })].join('');
    const chunks = (async function* () {
      for (let i = 0; i < text.length; i += 7000) yield Buffer.from(text.slice(i, i + 7000));
    })();
    const r = await readPopulation(chunks, { maxErrors: 5 });
    expect(r.population.rowsRead).toBe(6000);
    // synth writes only canonical cells: a fast path that gave up would show here
    expect(r.stats).toEqual({ fastRows: 6000, checkedRows: 0, csvParseRows: 0, threads: 1, gzip: false, fallbacks: [] });
  });

  it('keeps the rows only on request (keepRows), one per row read', async () => {
    const f = new URL('./fixtures/small.csv', import.meta.url).pathname;
    const a = await readPopulation(f, { maxErrors: 5, keepRows: true });
    const b = await readPopulation(f, { maxErrors: 5 });
    expect(a.population.rows!.length).toBe(a.population.rowsRead);
    expect(b.population.rows).toBeUndefined();
  });
});

describe('heba column', () => {
  it('sums the aligned months of up and down rows per group, any case, empty = none', () => {
    const r = readFast('beneficiary_id,performance_year,expenditure,aligned_months,heba\nA,2023,1,6,up\nB,2023,1,,DOWN\nC,2023,1,3, Down \nD,2023,1,4,none\nE,2023,1,5,\n"F",2023,1,2,Up\n');
    expect(r.errors).toEqual([]);
    const g = r.population!.groups;
    expect(g).toHaveLength(1);
    // up: A 6 + F 2 (quoted id: the csv-parse path) = 8; down: B 12 (empty months = 12) + C 3 = 15
    expect(g[0]!.hebaUpMonths).toBe(8);
    expect(g[0]!.hebaDownMonths).toBe(15);
    expect(r.population!.columns).toContain('heba');
  });

  it('refuses any other value, naming the line, the column and the values allowed', () => {
    const r = readFast('beneficiary_id,performance_year,expenditure,heba\nA,2023,1,up\nB,2023,1,sideways\n');
    // line 3; "B,2023,1," is 9 characters, so heba starts at column 10
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, column: 10, message: 'heba is not valid: "sideways"', hint: expect.stringMatching(/up, down or none/) })]);
  });
});

describe('row table (keepRows)', () => {
  const text = [
    'beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,claims_aligned,voluntary_aligned,mltss_enrolled,opted_out,primary_care_spend,participant_spend,benchmark_pbpm,heba',
    'A,2023,1000.50,6,1.25,esrd,true,false,true,false,10.00,20.5,812.34,up',
    'B,2022,0,,,,false,yes,true,true,,,,DOWN',
    '"C,1",2023,7.1,12,0.987654321012,aged_disabled,,,,,,,,',
    '',
  ].join('\n');
  const read = (keepRows: boolean, chunk = 0) => {
    const r = new CsvReader({ source: 't.csv', maxErrors: 10, keepRows });
    const data = Buffer.from(text);
    if (chunk === 0) r.feed(data);
    else for (let i = 0; i < data.length; i += chunk) r.feed(data.subarray(i, i + chunk));
    return r.end();
  };

  it('holds every valid row in file order, in cents and scaled integers', () => {
    const t = read(true).population!.rows!;
    expect(t.length).toBe(3);
    expect([...t.py]).toEqual([2023, 2022, 2023]);
    expect([...t.months]).toEqual([6, 12, 12]);
    // A: claims (1) | mltss and not opted out (4) = 5; B: voluntary (2) only, mltss opted out; C: claims by default
    expect([...t.flags]).toEqual([5, 2, 1]);
    expect([...t.entitlement]).toEqual([1, 0, 0]);
    expect([...t.heba]).toEqual([1, -1, 0]);
    // 1000.50 -> 100050 cents, 0 -> 0, 7.1 -> 710
    expect([...t.expenditure]).toEqual([100050, 0, 710]);
    expect([...t.primaryCare]).toEqual([1000, 0, 0]);
    expect([...t.participant]).toEqual([2050, 0, 0]);
    // 1.25 = 125 / 10^2; empty = 1 / 10^0; 0.987654321012 = 987654321012 / 10^12
    expect([...t.riskMantissa]).toEqual([125, 1, 987654321012]);
    expect([...t.riskScale]).toEqual([2, 0, 12]);
    expect([...t.ownRate]).toEqual([81234, 0, 0]);
  });

  it('is the same whatever the chunking, and absent unless asked for', () => {
    expect(read(true, 7).population!.rows).toEqual(read(true).population!.rows);
    expect(read(false).population!.rows).toBeUndefined();
  });
});

// ---- random files -------------------------------------------------------------------------------

const cell = (valid: string[], invalid: string[]) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
const CELLS: Record<string, fc.Arbitrary<string>> = {
  beneficiary_id: fc.oneof(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'é', 'x,y', 'q"q', 'two\nlines'), fc.constant('')),
  performance_year: cell(['2021', '2022', '2023'], ['20x1', '1999', '2023.5', '']),
  expenditure: cell(['0', '12.5', '1000.00', '99999.99', '250'], ['-1', '1,000.00', '1.234', 'NaN', '']),
  aligned_months: cell(['', '1', '6', '12'], ['0', '13', 'x']),
  risk_score: cell(['', '1', '0.8765', '2.5', '1.000000000001'], ['0', '-1', 'abc']),
  entitlement: cell(['', 'aged_disabled', 'esrd', 'ESRD'], ['other']),
  dual_status: cell(['', 'none', 'partial', 'full'], ['both']),
  claims_aligned: cell(['', 'true', 'false', 'Y', '0'], ['maybe']),
  voluntary_aligned: cell(['', 'yes', 'no'], ['2']),
  mltss_enrolled: cell(['', 'true', 'false'], ['t']),
  opted_out: cell(['', 'false', 'true'], ['nope']),
  primary_care_spend: cell(['', '0', '5.00', '12.50'], ['-5']),
  participant_spend: cell(['', '12.50', '250', '20'], ['x']),
  medicaid_spend: cell(['', '0', '300.25'], ['1e3']),
  benchmark_pbpm: cell(['', '1000', '7800.55'], ['0', '-3']),
  heba: cell(['', 'up', 'down', 'none', 'UP', ' Down', 'None'], ['sideways', 'u']),
  note: fc.constantFrom('', 'free text', 'a,b', 'say "hi"', '=SUM(A1)'),
};

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

const fileArb = fc
  .record({
    optional: fc.subarray(HEADER.split(',').slice(3).concat('note')),
    order: fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
    rows: fc.array(fc.record({ seed: fc.integer(), quoteMask: fc.integer({ min: 0, max: 0xffff }), ragged: fc.integer({ min: -8, max: 8 }), blankBefore: fc.boolean() }), { minLength: 0, maxLength: 25 }),
    values: fc.array(fc.dictionary(fc.constantFrom(...Object.keys(CELLS)), fc.constant(0)), { minLength: 0, maxLength: 0 }),
    cells: fc.array(fc.record(Object.fromEntries(Object.entries(CELLS).map(([k, a]) => [k, a])) as Record<string, fc.Arbitrary<string>>), { minLength: 25, maxLength: 25 }),
    chunks: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 0, maxLength: 5 }),
  })
  .map(({ optional, crlf, bom, trailingNewline, rows, cells, chunks }) => {
    const cols = ['beneficiary_id', 'performance_year', 'expenditure', ...optional];
    const nl = crlf ? '\r\n' : '\n';
    const lines = [cols.join(',')];
    rows.forEach((r, i) => {
      const c = cells[i]!;
      let vals = cols.map((k, j) => {
        const v = c[k] ?? '';
        const mustQuote = /[",\r\n]/.test(v);
        return mustQuote || (r.quoteMask >> j) & 1 ? quote(v) : v;
      });
      if (r.ragged === 8) vals = vals.concat('extra');
      if (r.ragged === -8) vals = vals.slice(0, -1);
      if (r.blankBefore) lines.push('');
      lines.push(vals.join(','));
    });
    const text = (bom ? '\ufeff' : '') + lines.join(nl) + (trailingNewline ? nl : '');
    return { text, chunks };
  });

describe('fast path and csv-parse path agree', () => {
  it('on random files, valid and invalid, with quotes, CRLF, BOM and any chunking', () => {
    fc.assert(
      fc.property(fileArb, ({ text, chunks }) => {
        const fast = resultSnapshot(readFast(text, chunks));
        const refResult = readReference(text);
        const ref = resultSnapshot(refResult);
        expect(fast).toEqual(ref);
        // the checked path alone (no fused fast path) agrees too
        expect(resultSnapshot(readFast(text, chunks, 'test.csv', 1000, true))).toEqual(ref);
      }),
      { numRuns: Number(process.env.DCSIM_PROPERTY_RUNS ?? 300) },
    );
  });
});

describe('duplicate keys', () => {
  it('keeps each key\'s first line, and finds exactly the keys that repeat, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 3 })), { maxLength: 6000 }), (keys) => {
        const d = new DuplicateSet();
        const first = new Map<string, number>();
        keys.forEach(([a, b], i) => {
          const k = `${a}:${b}`;
          const fresh = d.add((a * 0x9e3779b1) >>> 0, b, i + 2);
          expect(fresh).toBe(!first.has(k));
          if (!fresh) expect(d.firstLine).toBe(first.get(k));
          else first.set(k, i + 2);
        });
        expect(d.count).toBe(first.size);
        expect(d.count).toBe(first.size);
      }),
      { numRuns: 100 },
    );
  });

  it('finds every repeat over one or two key lists, the lowest record numbers first, the rest counted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2 })), { maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 5 }), async (ks, cut, limit) => {
        // record i has key ks[i] (h2 = 0: a record without a key, e.g. a bad row); split at `cut`
        const k = ks.length ? cut % (ks.length + 1) : 0;
        const list = (from: number, to: number) => sortKeysSync({
          h1: Int32Array.from(ks.slice(from, to), ([a]) => a * 0x7fff),
          h2: Int32Array.from(ks.slice(from, to), ([, b]) => b),
          marks: { offset: new Float64Array(0), line: new Int32Array(0) },
        });
        // the second list numbers its records from 0 again, as a worker does; base = k
        const got = findRepeats(limit, list(0, k), { keys: list(k, ks.length), base: k });
        const seen = new Map<string, number>();
        const want: { rec: number; first: number }[] = [];
        ks.forEach(([a, b], i) => {
          if (b === 0) return;
          const key = `${a}:${b}`;
          const f = seen.get(key);
          if (f === undefined) seen.set(key, i);
          else want.push({ rec: i, first: f });
        });
        expect(got.total).toBe(want.length);
        expect(got.first.map((r) => ({ rec: r.rec, first: r.first }))).toEqual(want.slice(0, limit));
      }),
      { numRuns: 200 },
    );
  });
});
