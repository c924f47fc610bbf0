// Issue 19, "outputs that disagree with each other" (items 5-9; items 1-4 are in test/actuary.test.ts).
// Every format of a report model carries the same columns; varied columns have names of their own;
// counts say what they count; every command's formats come from the render registry; keys by
// entitlement take a per-PY map.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_KINDS, commandFormats, formatsOf, RENDERERS, type CommandName, type ModelKind } from '../src/render/registry.js';
import { PUF } from './puf.js';
import { dcsimInProcess } from './helpers.js';

const DIR = mkdtempSync(join(tmpdir(), 'dcsim-actuary-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const SAMPLE = 'fixtures/sample.csv';

/** The first sheet's header row of a workbook, read from its XML (shared strings or inline). */
function xlsxHeader(path: string): string[] {
  const files = unzipSync(readFileSync(path));
  const text = (k: string) => (files[k] ? strFromU8(files[k]!) : '');
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>(?:<t[^>]*>([^<]*)<\/t>)<\/si>/g)].map((m) => m[1]!);
  const row = /<row[^>]*r="1"[^>]*>(.*?)<\/row>/s.exec(text('xl/worksheets/sheet1.xml'))![1]!;
  return [...row.matchAll(/<c([^>]*)>(.*?)<\/c>/gs)].map((m) => (/t="s"/.test(m[1]!) ? shared[Number(/<v>(\d+)<\/v>/.exec(m[2]!)![1])]! : /<t[^>]*>([^<]*)<\/t>/.exec(m[2]!)![1]!));
}

/** A JSON row's keys, nested objects flattened with "_" (risk's settlement.mean is settlement_mean). */
function flatKeys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? flatKeys(v as Record<string, unknown>, `${prefix}${k}_`) : [`${prefix}${k}`]));
}

const omit = (o: Record<string, unknown>, ...ks: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !ks.includes(k)));

/** Each model kind written by a command: its arguments, and where a JSON row of it is. */
const CASES: { kind: ModelKind; name: string; args: string[]; row: (j: Record<string, unknown>) => Record<string, unknown> }[] = [
  { kind: 'settlement', name: 'run', args: ['run', SAMPLE, '--rules', 'reach'], row: (j) => (j.years as Record<string, unknown>[])[0]! },
  { kind: 'sweep', name: 'sweep', args: ['sweep', SAMPLE, '--vary', 'discount_rate=0.01,0.03', '--vary', 'quality_score.2023=0.8,1'], row: (j) => (j.rows as Record<string, unknown>[])[0]! },
  {
    kind: 'compare', name: 'compare', args: ['compare', SAMPLE],
    row: (j) => {
      const o = (j.options as Record<string, unknown>[])[0]!;
      return { ...omit(o, 'years', 'total'), ...(o.years as Record<string, unknown>[])[0]! };
    },
  },
  { kind: 'entity', name: 'settle --check', args: ['settle', PUF, '--check'], row: (j) => (j.entities as Record<string, unknown>[])[0]! },
  { kind: 'entity', name: 'settle --vary', args: ['settle', PUF, '--vary', 'quality_score.2023=0.5,1', '--vary', 'track=global,professional'], row: (j) => (j.entities as Record<string, unknown>[])[0]! },
  { kind: 'entitySummary', name: 'settle --summary', args: ['settle', PUF, '--summary'], row: (j) => (j.summary as Record<string, unknown>[])[0]! },
  {
    kind: 'entityCompare', name: 'compare (entities)', args: ['compare', PUF],
    row: (j) => {
      const e = (j.entities as Record<string, unknown>[])[0]!;
      return { ...omit(e, 'options', 'pays_most'), ...(e.options as Record<string, unknown>[])[0]! };
    },
  },
  { kind: 'risk', name: 'risk', args: ['risk', SAMPLE, '--trials', '40'], row: (j) => (j.years as Record<string, unknown>[])[0]! },
];

describe('19.5 settle --check -O xlsx keeps the check columns: every format of a model has the same columns', () => {
  it('the cases cover every model kind with a tabular format', () => {
    // (cohorts, riskTrials, lag and leadBenchmark are side files; entityStream is settle's CSV and JSON written as they are
    // settled, which the settle cases below read)
    const tabular = (Object.keys(RENDERERS) as ModelKind[]).filter((k) => formatsOf(k).includes('csv') && !['cohorts', 'riskTrials', 'lag', 'leadBenchmark', 'entityStream'].includes(k));
    expect(new Set(CASES.map((c) => c.kind))).toEqual(new Set(tabular));
  });

  for (const c of CASES) {
    it(`${c.name} (${c.kind}): the CSV's columns, in xlsx in the same order, and in a JSON row`, async () => {
      const csv = await dcsimInProcess([...c.args, '-O', 'csv']);
      expect(csv.code, csv.stderr).toBe(0);
      const header = csv.stdout.replace(/^\ufeff/, '').split('\n')[0]!.split(',');
      expect(new Set(header).size, 'a header names each column once').toBe(header.length);
      const json = await dcsimInProcess([...c.args, '-O', 'json']);
      expect(json.code, json.stderr).toBe(0);
      const keys = new Set(flatKeys(c.row(JSON.parse(json.stdout) as Record<string, unknown>)));
      expect(header.filter((h) => !keys.has(h)), 'CSV columns missing from the JSON row').toEqual([]);
      const file = join(DIR, `${c.kind}-${c.name.replace(/\W+/g, '_')}.xlsx`);
      const x = await dcsimInProcess([...c.args, '-o', file]);
      expect(x.code, x.stderr).toBe(0);
      expect(xlsxHeader(file)).toEqual(header);
    });
  }

  it('settle --check as xlsx has the published amounts, the differences and within_tolerance', async () => {
    const file = join(DIR, 'check.xlsx');
    expect((await dcsimInProcess(['settle', PUF, '--check', '-o', file])).code).toBe(0);
    expect(xlsxHeader(file).slice(-5)).toEqual(['published_shared_savings', 'shared_savings_difference', 'published_settlement', 'settlement_difference', 'within_tolerance']);
  });
});

describe('19.6 sweep repeats varied keys: varied columns are named vary.KEY', () => {
  const vary = ['--vary', 'discount_rate=0.01,0.03', '--vary', 'quality_score=0.9,1', '--vary', 'withhold_rate.2023=0.02,0.05'];
  it('CSV, JSON and xlsx alike: vary.discount_rate, vary.quality_score, vary.withhold_rate.2023; schema version 3', async () => {
    const csv = await dcsimInProcess(['sweep', SAMPLE, ...vary, '-O', 'csv']);
    const header = csv.stdout.split('\n')[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['scenario_id', 'vary.discount_rate', 'vary.quality_score', 'vary.withhold_rate.2023']);
    expect(header).toContain('discount_rate');
    expect(new Set(header).size).toBe(header.length);
    const j = JSON.parse((await dcsimInProcess(['sweep', SAMPLE, ...vary, '-O', 'json'])).stdout);
    expect(j.schema_version).toBe(3);
    expect(j.varied).toEqual(['vary.discount_rate', 'vary.quality_score', 'vary.withhold_rate.2023']);
    // the first scenario: d = 0.01, q = 0.9, w(2023) = 0.02; the year's own discount_rate is the varied one
    expect(j.rows[0]).toMatchObject({ scenario_id: 1, 'vary.discount_rate': '0.01', 'vary.quality_score': '0.9', discount_rate: '0.01', quality_score: '0.9' });
    const file = join(DIR, 'sweep.xlsx');
    expect((await dcsimInProcess(['sweep', SAMPLE, ...vary, '-o', file])).code).toBe(0);
    expect(xlsxHeader(file)).toEqual(header);
  });

  it('settle --vary names them the same way', async () => {
    const csv = await dcsimInProcess(['settle', PUF, '--vary', 'quality_score=0.5,1', '-O', 'csv']);
    expect(csv.stdout.split('\n')[0]!.split(',').slice(0, 2)).toEqual(['scenario_id', 'vary.quality_score']);
    const j = JSON.parse((await dcsimInProcess(['settle', PUF, '--vary', 'quality_score=0.5,1', '-O', 'json'])).stdout);
    expect(j.schema_version).toBe(3);
    expect(j.entities[0]['vary.quality_score']).toBe('0.5');
  });
});

describe('19.7 settle --summary shows the published totals; counts say what they count', () => {
  it('the summary labels the replay and shows CMS\'s published totals beside it', async () => {
    const t = await dcsimInProcess(['settle', PUF, '--summary', '-O', 'table']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Shared savings: dcsim');
    expect(t.stdout).toContain('Settlement: published');
    expect(t.stdout).not.toMatch(/^as published/m);
    // PY2021's published SHARED_SAVINGS_SEQ summed over its 53 rows, to the cent (the PUF's own column)
    const csv = (await dcsimInProcess(['settle', PUF, '--summary', '-O', 'csv'])).stdout.trim().split('\n').map((l) => l.split(','));
    const [head, ...rows] = csv;
    const at = (r: string[], k: string) => r[head!.indexOf(k)];
    const total = rows.find((r) => r[0] === 'total')!;
    expect(at(total, 'entity_years')).toBe('284');
    expect(Number(at(total, 'entities'))).toBeLessThan(284);
    const pufRows = readFileSync(PUF, 'utf8').trim().split('\n').slice(1);
    expect(Number(at(total, 'entities'))).toBe(new Set(pufRows.map((l) => l.split(',')[0])).size);
    expect(at(total, 'published_settlement')).toMatch(/^\d+\.\d{2}$/);
  });

  it('entity-years of entities, and "1 entity" (not "1 entities")', async () => {
    const c = await dcsimInProcess(['compare', PUF, '-O', 'table']);
    expect(c.stdout).toMatch(/\(284 entity-years of \d+ entities\)/);
    expect(c.stderr).toMatch(/284 entity-years of \d+ entities/);
    const one = Buffer.from('entity_id,performance_year,track,performance_benchmark,expenditure,discount_rate,quality_score,retention_withhold_rate\nE1,2023,global,100,90,0.03,1,0\n');
    const r = await dcsimInProcess(['compare', '-', '-O', 'table'], one);
    expect(r.stdout).toContain('1 entity-year of 1 entity');
    expect(r.stdout).not.toMatch(/\b1 entities\b/);
    const s = await dcsimInProcess(['settle', '-', '-O', 'table'], one);
    expect(s.stdout).toContain('1 entity-year of 1 entity');
  });
});

describe('19.8 formats missing where a user expects them: every command\'s formats come from the registry', () => {
  /** The formats --help offers for -O. */
  const helpFormats = async (cmd: string): Promise<string[]> => {
    const h = (await dcsimInProcess([cmd, '--help'])).stdout;
    const at = h.indexOf('-O, --output-format');
    const text = h.slice(at).split(/\n\s+-/)[0]!.replace(/\s+/g, ' ');
    const list = /<format>\s+(.*?)\s*\(default/.exec(text)![1]!;
    return list.split(/, | or /);
  };
  for (const cmd of Object.keys(COMMAND_KINDS) as CommandName[]) {
    it(`${cmd}: --help lists exactly the registry's formats, which every model kind of it offers`, async () => {
      expect(await helpFormats(cmd)).toEqual(commandFormats(cmd));
      for (const k of COMMAND_KINDS[cmd]) expect(formatsOf(k), k).toEqual(commandFormats(cmd));
    });
  }

  it('risk -o r.xlsx writes a workbook', async () => {
    const file = join(DIR, 'r.xlsx');
    const r = await dcsimInProcess(['risk', SAMPLE, '--trials', '40', '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(xlsxHeader(file).slice(0, 3)).toEqual(['performance_year', 'option', 'aligned_beneficiaries']);
  });

  it('report on an entity file: the board report of settle and of the entity compare', async () => {
    const file = join(DIR, 'entities.html');
    const r = await dcsimInProcess(['report', PUF, '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('284 entity-years of');
    expect(html).toContain('Settlement (published)');
    expect(html).toContain('Payment options compared');
    expect(html).toContain('<svg');
    const bad = await dcsimInProcess(['report', PUF, '--by', 'dual_status', '-o', join(DIR, 'x.html')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--by: for beneficiary data');
  });

  it('a format the command does not write is refused, naming the ones it does', async () => {
    const r = await dcsimInProcess(['report', SAMPLE, '-O', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use -O html');
  });
});

describe('19.9 keys by entitlement take a per-PY map too', () => {
  // Sample of 2 rows, PY2023: A&D at 1,000 x 12 and ESRD at 8,000 x 12 (risk 1), so B = 12,000 + 96,000 = 108,000.
  const data = Buffer.from('beneficiary_id,performance_year,expenditure,entitlement\nb1,2023,9000,aged_disabled\nb2,2023,90000,esrd\n');
  const base = ['--benchmark-pbpm', 'aged_disabled=1000,esrd=8000'];
  const b = async (args: string[], scenario?: unknown): Promise<{ code: number; benchmark?: string; stderr: string }> => {
    const extra: string[] = [];
    if (scenario !== undefined) {
      const f = join(DIR, `s${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(f, JSON.stringify(scenario));
      extra.push('--scenario', f);
    }
    const r = await dcsimInProcess(['run', '-', '-O', 'json', ...base, ...extra, ...args], data);
    return { code: r.code, stderr: r.stderr, ...(r.code === 0 ? { benchmark: JSON.parse(r.stdout).years[0].benchmark as string } : {}) };
  };

  it('"coding_intensity_factor": {"2023": "0.991"} means every entitlement (file and flag)', async () => {
    // B = (12,000 + 96,000) x 0.991 = 107,028.00
    expect((await b([], { coding_intensity_factor: { 2023: '0.991' } })).benchmark).toBe('107028.00');
    expect((await b(['--coding-intensity-factor', '2023=0.991'])).benchmark).toBe('107028.00');
    expect((await b(['--coding-intensity-factor', '0.991'])).benchmark).toBe('107028.00');
    // by entitlement, as before: only ESRD's 96,000 x 0.99 = 95,040 -> B = 107,040.00
    expect((await b([], { coding_intensity_factor: { esrd: { 2023: '0.99' } } })).benchmark).toBe('107040.00');
    const mixed = await b([], { coding_intensity_factor: { 2023: '0.991', esrd: { 2023: '0.99' } } });
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('mixes PYs and entitlements');
  });

  it('rta by entitlement as well as by PY', async () => {
    // by PY: B = 108,000 x 0.95 = 102,600.00
    expect((await b(['--rta', '2023=0.95'])).benchmark).toBe('102600.00');
    // by entitlement: 12,000 x 0.95 + 96,000 x 0.99 = 11,400 + 95,040 = 106,440.00
    expect((await b([], { rta: { aged_disabled: { 2023: '0.95' }, esrd: { 2023: '0.99' } } })).benchmark).toBe('106440.00');
    expect((await b(['--rta', 'aged_disabled=0.95,esrd:2023=0.99'])).benchmark).toBe('106440.00');
    // an entitlement not named keeps 1: 12,000 x 0.95 + 96,000 = 107,400.00
    expect((await b(['--rta', 'aged_disabled=0.95'])).benchmark).toBe('107400.00');
  });

  it('sweep varies a key by entitlement as a whole, by PY, or by entitlement', async () => {
    for (const v of ['coding_intensity_factor=0.99,1', 'coding_intensity_factor.2023=0.99,1', 'coding_intensity_factor.esrd=0.99,1', 'rta.esrd=0.99,1']) {
      const r = await dcsimInProcess(['sweep', '-', ...base, '--vary', v, '-O', 'csv'], data);
      expect(r.code, `${v}: ${r.stderr}`).toBe(0);
      expect(r.stdout.split('\n')[0]).toContain(`vary.${v.split('=')[0]}`);
    }
  });
});

