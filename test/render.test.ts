// The render layer: one registry of formats and renderers, one CSV writer, one money formatter, one
// percentage formatter; report/ builds models from use-case results without importing use cases.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, decMoney, decOfCents, decPercent } from './decimal-oracle.js';
import { formatCents, formatPercent, ratio, toCents, writeCents } from '../src/domain/exact.js';
import type { Sink } from '../src/io/output.js';
import { CsvWriter, csvText } from '../src/render/csv-writer.js';
import { extensionHint, FORMAT_NAMES, formatNamed, formatOfPath, formatsOf, render, RENDERERS } from '../src/render/registry.js';
import { compareReport } from '../src/report/compare.js';
import { sweepReport } from '../src/report/sweep.js';
import { synthCsv } from '../src/usecases/synth/generate.js';

/** A sink that keeps what it is given (copied: writers reuse their buffers). */
function memorySink(): Sink & { text(): string; commits: number } {
  const parts: Buffer[] = [];
  let commits = 0;
  return {
    name: 'memory',
    write: async (c) => void parts.push(Buffer.from(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c))),
    commit: async () => void commits++,
    abort: async () => undefined,
    text: () => Buffer.concat(parts).toString('utf8'),
    get commits() {
      return commits;
    },
  };
}

describe('the money formatter', () => {
  it('formats by hand-checked examples, never -0.00', () => {
    // 123450 cents = 1234 dollars 50 cents; -5 cents = -0.05; 0 = 0.00; 2^53 cents by hand:
    // 9007199254740992 -> 90071992547409.92
    expect(formatCents(123450n)).toBe('1234.50');
    expect(formatCents(-5n)).toBe('-0.05');
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(-0)).toBe('0.00');
    expect(formatCents(2n ** 53n)).toBe('90071992547409.92');
    expect(formatCents(-(10n ** 20n) - 7n)).toBe('-1000000000000000000.07');
    expect(formatCents(toCents(ratio('-0.004')))).toBe('0.00'); // rounds to -0.00: written 0.00
  });

  it('formatCents, its byte form writeCents and decimal.js (the oracle) agree', () => {
    const buf = new Uint8Array(32);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 46) + 1, max: 2 ** 46 - 1 }), (c) => {
        const text = formatCents(BigInt(c));
        expect(formatCents(c)).toBe(text);
        expect(Buffer.from(buf.subarray(0, writeCents(buf, 0, c))).toString('latin1')).toBe(text);
        expect(decMoney(decOfCents(c))).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('synth writes its money columns with it (two decimals, no exponent)', () => {
    const text = [...synthCsv({ beneficiaries: 30, years: [2023], seed: 3 })].join('');
    const [head, ...rows] = text.trim().split('\n');
    const cols = head!.split(',');
    const i = cols.indexOf('expenditure');
    for (const r of rows) {
      const cell = r.split(',')[i]!;
      expect(cell).toMatch(/^\d+\.\d\d$/);
      expect(formatCents(BigInt(cell.replace('.', '')))).toBe(cell);
    }
  });
});

describe('the percentage formatter', () => {
  it('shows two places, or a whole percentage bare for corridor bands', () => {
    // 0.034567 x 100 = 3.4567 -> 3.46; 0.07 x 100 = 7 exactly (a float gives 7.000000000000001)
    expect(formatPercent(ratio('0.034567'))).toBe('3.46%');
    expect(formatPercent(ratio('0.07'), { wholeBare: true })).toBe('7%');
    expect(formatPercent(ratio('0.035'), { wholeBare: true })).toBe('3.50%');
    expect(formatPercent(ratio('0.29'), { wholeBare: true })).toBe('29%');
    // exact halves round half-even: 0.00125 -> 0.125% -> 0.12% (2 is even); 0.00135 -> 0.135% -> 0.14% (3 is odd: up)
    expect([formatPercent(ratio('0.00125')), formatPercent(ratio('0.00135'))]).toEqual(['0.12%', '0.14%']);
    // -0.00001 = -0.001%: rounds to zero; written 0.00%, or -0.00% with signedZero (as the HTML report
    // and the table's Medicaid PMPM change have always printed it)
    expect(formatPercent(ratio('-0.00001'))).toBe('0.00%');
    expect(formatPercent(ratio('-0.00001'), { signedZero: true })).toBe('-0.00%');
    expect(formatPercent({ n: -1n, d: 3n })).toBe('-33.33%');
  });

  it('with signedZero, prints what decimal.js printed (the oracle), for decimals and repeating fractions', () => {
    const rate = fc.tuple(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 999_999 }));
    fc.assert(
      fc.property(rate, fc.boolean(), ([n, k, d], wholeBare) => {
        // n / 10^k, and n / d (a repeating fraction in general)
        const dec = { n: BigInt(n), d: 10n ** BigInt(k) };
        expect(formatPercent(dec, { wholeBare, signedZero: true })).toBe(decPercent(new Dec(n).div(new Dec(10).pow(k)), { wholeBare }));
        expect(formatPercent({ n: BigInt(n), d: BigInt(d) }, { wholeBare, signedZero: true })).toBe(decPercent(new Dec(n).div(d), { wholeBare }));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the CSV writer', () => {
  it('neutralises and quotes text cells, never numbers; LF; --excel adds a BOM and CRLF', async () => {
    const sink = memorySink();
    const w = new CsvWriter(sink);
    w.header(['a', '=b']);
    w.text('=HYPERLINK("x")');
    w.byte(44);
    w.cents(-12345n);
    w.endRow();
    await w.flush();
    // '=b' gets an apostrophe; the formula is neutralised and, holding quotes, quoted with "" doubled
    expect(sink.text()).toBe('a,\'=b\n"\'=HYPERLINK(""x"")",-123.45\n');
    expect(sink.commits).toBe(0); // the caller commits

    const x = new CsvWriter(undefined, { excel: true });
    x.header(['a']);
    x.row(['@x']);
    expect(x.contents()).toBe("\ufeffa\r\n'@x\r\n");
    for (const s of ['-1', '+1', '\tx', '\rx']) expect(csvText(s).includes("'")).toBe(true);
  });

  it('a cached cell is written again only when its slot holds the same value', () => {
    const w = new CsvWriter(undefined);
    w.cell(0, 150n);
    w.byte(44);
    w.cell(0, 150n);
    w.byte(44);
    w.cell(0, 7);
    w.byte(44);
    w.cell(0, '0.05');
    w.byte(44);
    w.cell(0, 2n ** 50n); // beyond 2^46 cents: formatCents' text, 11258999068426.24
    expect(w.contents()).toBe('1.50,1.50,7,0.05,11258999068426.24');
  });
});

describe('the format registry', () => {
  it('names formats, maps extensions and lists each kind\'s formats', () => {
    expect(FORMAT_NAMES).toEqual(['table', 'csv', 'json', 'xlsx', 'html']);
    expect(formatOfPath('out/X.CSV')).toBe('csv');
    expect(formatOfPath('a.json')).toBe('json');
    expect(formatOfPath('a.txt')).toBe('table');
    expect(formatOfPath('a.xls')).toBeUndefined();
    expect(formatOfPath('r.HTM')).toBe('html');
    expect(extensionHint(['table', 'csv', 'json'])).toBe('name the file .csv, .json or .txt');
    expect(formatsOf('cohorts')).toEqual(['csv', 'json']);
    for (const k of ['settlement', 'sweep', 'compare'] as const) expect(formatsOf(k)).toEqual(['table', 'csv', 'json', 'xlsx']);
    expect(formatsOf('board')).toEqual(['html']);
    expect(() => formatNamed('yaml')).toThrow(/-O yaml: unknown output format/);
  });

  it('refuses a (kind, format) pair with no renderer, as bad usage', async () => {
    await expect(render('cohorts', {} as never, 'table', memorySink())).rejects.toMatchObject({ exitCode: 2 });
  });

  it('every renderer loads', async () => {
    for (const kind of Object.keys(RENDERERS) as (keyof typeof RENDERERS)[]) {
      for (const f of formatsOf(kind)) expect(typeof (await RENDERERS[kind][f]!())).toBe('function');
    }
  });
});

describe('report models', () => {
  it('the sweep model streams entries from the use case\'s results, and renders CSV with no scenario settled as nothing', async () => {
    const failed = { ok: false as const, scenario: { id: 1, values: [], input: {} }, error: { diagnostics: [{ message: 'bad', hint: 'h' }] } };
    const report = sweepReport({ source: 's.csv', rowsRead: 0, years: 1, axes: [], scenarios: 1, named: false, results: [failed as never] });
    expect([...report.entries]).toEqual([{ id: 1, name: undefined, values: [], ok: false, errors: [{ message: 'bad', hint: 'h' }] }]);
    const sink = memorySink();
    await render('sweep', report, 'csv', sink);
    expect(sink.text()).toBe('');
  });

  it('the compare model labels options and keeps the failed ones with their messages', () => {
    const c = {
      population: { source: 'd.csv', rowsRead: 3 },
      years: [],
      options: [{ option: { track: 'global', capitation: 'tcc' }, ok: false, error: { diagnostics: [{ message: 'no tcc_rate' }] } }],
      best: [],
      notes: [],
    };
    const r = compareReport(c as never);
    expect(r.parameters).toEqual({ options: ['global/tcc'] });
    expect(r.failed).toEqual([{ option: 'global/tcc', errors: [{ message: 'no tcc_rate' }] }]);
  });

  it('cli/ writes no CSV, JSON or money text of its own', () => {
    const dir = new URL('../src/cli/', import.meta.url);
    for (const f of readdirSync(dir)) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      expect(src, f).not.toMatch(/JSON\.stringify\(|formatMoney|formatCents|centsText|\\ufeff|from 'node:fs'/);
    }
  });
});
