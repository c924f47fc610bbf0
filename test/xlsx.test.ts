// -O xlsx: the workbook's structure (read from its XML), exact money, and LibreOffice reading every
// money cell back as the number dcsim's CSV prints (soffice --headless --convert-to csv).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { centsToNumber } from '../src/render/xlsx.js';
import { centsText } from '../src/usecases/sweep.js';
import { dcsimInProcess } from './helpers.js';
import { HAVE_SOFFICE, needs, OUT, requireProgram, SOFFICE } from './report-tools.js';

const DIR = join(OUT, 'xlsx');
const SAMPLE = 'fixtures/sample.csv';

/** A small CSV reader for LibreOffice's output and ours: quoted fields, no newlines inside. */
function parseCsv(text: string): Record<string, string>[] {
  const rows = text.replace(/^\ufeff/, '').trim().split(/\r?\n/).map((line) => {
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (q) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') (cells.push(cur), (cur = ''));
      else cur += ch;
    }
    cells.push(cur);
    return cells;
  });
  const [head, ...body] = rows;
  // Repeated names (sweep's varied discount_rate and the year's) keep the later one, as the CSV's own reader here.
  return body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

function unzip(path: string): Record<string, string> {
  const files = unzipSync(readFileSync(path));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

const MONEY = ['benchmark', 'discount', 'quality_withhold', 'withhold_earned', 'performance_benchmark', 'capitation_paid', 'fee_reduction',
  'expenditure', 'savings', 'shared_savings', 'sequestration', 'settlement', 'gross_savings', 'cms_net_savings'];
const COUNTS = ['performance_year', 'aligned_beneficiaries', 'excluded_beneficiaries', 'member_months'];
const RATES = ['discount_rate', 'withhold_rate', 'quality_score', 'capitation_rate', 'sequestration_rate', 'savings_rate'];

let csv: Record<string, string>[] = [];
let compareCsv: Record<string, string>[] = [];
let sweepCsv: Record<string, string>[] = [];
let settleCsv: Record<string, string>[] = [];

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const run = await dcsimInProcess(['run', '-O', 'csv']);
  expect(run.code).toBe(0);
  csv = parseCsv(run.stdout);
  expect((await dcsimInProcess(['run', '--by', 'dual_status', '-o', join(DIR, 'run.xlsx')])).code).toBe(0);
  const cmp = await dcsimInProcess(['compare', SAMPLE, '-O', 'csv']);
  compareCsv = parseCsv(cmp.stdout);
  expect((await dcsimInProcess(['compare', SAMPLE, '-o', join(DIR, 'compare.xlsx')])).code).toBe(0);
  const vary = ['--vary', 'discount_rate=0.01,0.03', '--vary', 'track=professional,global'];
  sweepCsv = parseCsv((await dcsimInProcess(['sweep', SAMPLE, ...vary, '-O', 'csv'])).stdout);
  expect((await dcsimInProcess(['sweep', SAMPLE, ...vary, '-O', 'xlsx', '-o', join(DIR, 'sweep.xlsx')])).code).toBe(0);
  // dcsim settle on three entity-years (a loss, a gain past the first band, HEBA and 4-decimal money)
  const entities = join(DIR, 'entities.csv');
  writeFileSync(entities, [
    'entity_id,entity_name,performance_year,track,performance_benchmark,heba_up,heba_down,expenditure',
    'E1,"Alpha, LLC",2023,global,10000000.1234,30000,-6000,10400000.5',
    'E2,Beta,2023,professional,5000000,0,0,4200000.25',
    'E3,Gamma,2022,global,8000000,,,5500000',
  ].join('\n') + '\n');
  settleCsv = parseCsv((await dcsimInProcess(['settle', entities, '-O', 'csv'])).stdout);
  expect((await dcsimInProcess(['settle', entities, '-o', join(DIR, 'settle.xlsx')])).code).toBe(0);
});

describe('xlsx: the money a spreadsheet holds', () => {
  // A spreadsheet holds a double. cents / 100 is the double nearest the two-decimal amount, which is
  // also what a spreadsheet makes of the CSV's text: e.g. 4952.31 -> 495231 cents -> 4952.31.
  it('cents / 100 equals the number the CSV text parses to, for any amount below 2^53 cents', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), (c) => {
      expect(centsToNumber(c)).toBe(Number(centsText(c)));
    }), { numRuns: 2000 });
    expect(centsToNumber(-64393463n)).toBe(-643934.63);
    expect(centsToNumber(1n)).toBe(0.01);
  });
});

describe('xlsx: the workbook itself', () => {
  it('run: Settlement, Parameters and Cohorts sheets; frozen header; widths; money format', () => {
    const x = unzip(join(DIR, 'run.xlsx'));
    const names = [...x['xl/workbook.xml']!.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['Settlement', 'Parameters', 'Cohorts']);
    const sheet1 = x['xl/worksheets/sheet1.xml']!;
    expect(sheet1).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(sheet1).toMatch(/<col [^>]*width="/);
    expect(x['xl/styles.xml']).toContain('formatCode="#,##0.00"');
    expect(x['xl/styles.xml']).toMatch(/formatCode="0\.00#*%"/);
  });

  it.each(['run', 'compare', 'sweep', 'settle'])('%s: no text cell looks like a number', (name) => {
    const x = unzip(join(DIR, `${name}.xlsx`));
    const texts = [
      ...[...(x['xl/sharedStrings.xml'] ?? '').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]!),
      ...Object.entries(x).filter(([k]) => k.startsWith('xl/worksheets/')).flatMap(([, v]) => [...v.matchAll(/<is><t[^>]*>([^<]*)<\/t><\/is>/g)].map((m) => m[1]!)),
    ];
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.filter((t) => /^\s*[-+]?[\d,]*\.?\d+%?\s*$/.test(t))).toEqual([]);
  });
});

const converted = new Map<boolean, Record<string, Record<string, Record<string, string>[]>>>();

/**
 * Every workbook's sheets as CSV, by LibreOffice: raw values, or as shown (formatted). One soffice
 * run converts the three files (its start-up is most of the time), with a profile of its own.
 */
function soffice(file: string, shown: boolean): Record<string, Record<string, string>[]> {
  requireProgram('LibreOffice (soffice)', HAVE_SOFFICE);
  if (!converted.has(shown)) {
    const out = join(DIR, shown ? 'shown' : 'raw');
    rmSync(out, { recursive: true, force: true });
    // 44 comma, 34 quote, 76 UTF-8, from line 1, language en-US, ..., token 9 "as shown", token 12 -1: every sheet
    const filter = `csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,${shown},false,false,-1`;
    const files = ['run.xlsx', 'compare.xlsx', 'sweep.xlsx', 'settle.xlsx'].map((f) => join(DIR, f));
    const r = spawnSync(SOFFICE!, [`-env:UserInstallation=file://${join(DIR, 'lo-profile')}`, '--headless', '--convert-to', filter, '--outdir', out, ...files], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const all: Record<string, Record<string, Record<string, string>[]>> = {};
    for (const f of readdirSync(out)) {
      const m = /^(\w+)-(\w+)\.csv$/.exec(f)!;
      (all[`${m[1]}.xlsx`] ??= {})[m[2]!] = parseCsv(readFileSync(join(out, f), 'utf8'));
    }
    converted.set(shown, all);
  }
  return converted.get(shown)![file] ?? {};
}

describe.runIf(needs('LibreOffice', HAVE_SOFFICE, 'apt-get install libreoffice-calc-nogui'))('xlsx read back by LibreOffice', () => {
  it('run: every money cell of every PY is the CSV\'s number; counts and rates too', () => {
    const lo = soffice('run.xlsx', false).Settlement!;
    expect(lo.map((r) => r.performance_year)).toEqual(csv.map((r) => r.performance_year));
    expect(csv.length).toBe(5);
    csv.forEach((row, i) => {
      for (const k of [...MONEY, ...COUNTS]) expect(Number(lo[i]![k]), `${k} PY${row.performance_year}`).toBe(Number(row[k]));
      // Rates come back shown as percents: 2% is 0.02, -1.32225964% is -0.0132225964.
      for (const k of RATES) expect(Number(lo[i]![k]!.replace('%', '')) / 100, k).toBeCloseTo(Number(row[k]), 12);
    });
  });

  it('run: money is shown with two decimals and thousands separators (a number, formatted #,##0.00)', () => {
    const shown = soffice('run.xlsx', true);
    csv.forEach((row, i) => {
      for (const k of ['benchmark', 'performance_benchmark', 'expenditure', 'shared_savings', 'settlement']) {
        const s = shown.Settlement![i]![k]!;
        expect(s.replace(/,/g, ''), `${k} PY${row.performance_year}`).toBe(row[k]);
        if (Math.abs(Number(row[k])) >= 1000) expect(s).toContain(',');
      }
    });
    expect(Object.keys(shown).sort()).toEqual(['Cohorts', 'Parameters', 'Settlement']);
  });

  it('compare and sweep: each settlement reads back as the CSV\'s', () => {
    const cmp = soffice('compare.xlsx', false).Compare!;
    expect(cmp.length).toBe(compareCsv.length);
    compareCsv.forEach((row, i) => {
      expect(cmp[i]!.option).toBe(row.option);
      for (const k of ['settlement', 'shared_savings', 'capitation_paid', 'cms_net_savings']) expect(Number(cmp[i]![k]), k).toBe(Number(row[k]));
    });
    const sw = soffice('sweep.xlsx', false).Sweep!;
    expect(sw.length).toBe(sweepCsv.length);
    expect(sw.length).toBe(4 * 5);
    sweepCsv.forEach((row, i) => {
      for (const k of MONEY) expect(Number(sw[i]![k]), k).toBe(Number(row[k]));
    });
  });

  it('settle: every money cell of every entity-PY is the CSV\'s number', () => {
    const st = soffice('settle.xlsx', false).Settle!;
    expect(settleCsv.length).toBe(3);
    expect(st.length).toBe(settleCsv.length);
    settleCsv.forEach((row, i) => {
      expect(st[i]!.entity_id).toBe(row.entity_id);
      expect(st[i]!.entity_name).toBe(row.entity_name);
      for (const k of ['performance_benchmark', 'heba', 'corridor_base', 'expenditure', 'savings', 'shared_savings', 'sequestration', 'settlement']) {
        expect(Number(st[i]![k]), `${k} ${row.entity_id}`).toBe(Number(row[k]));
      }
    });
  });
});
