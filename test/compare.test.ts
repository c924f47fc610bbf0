// dcsim compare: each option equals simulate() / `dcsim run` with its track and capitation; the
// option with the highest settlement is marked per PY and in total (ties: all of them).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dcsimInProcess } from './helpers.js';
import { describe, expect, it } from 'vitest';
import { compare, DEFAULT_OPTIONS, optionLabel, parseOptions } from '../src/usecases/compare.js';
import { DcsimError } from '../src/domain/errors.js';
import { cmp, formatCents as formatMoney } from '../src/domain/exact.js';
import type { Population } from '../src/domain/population.js';
import { FILE_ORIGIN, scenarioFromObject, type ScenarioInput } from '../src/domain/scenario.js';
import { CsvReader } from '../src/io/csv/reader.js';
import { simulate } from '../src/usecases/simulate.js';
import { synthCsv } from '../src/usecases/synth/generate.js';
import { tempDir } from './tmp.js';

function synthText(beneficiaries: number, years: number[], seed: number): string {
  return [...synthCsv({ beneficiaries, years, seed })].join('');
}

function populationOf(text: string): Population {
  const r = new CsvReader({ source: 'synth.csv', maxErrors: 10 });
  r.feed(Buffer.from(text, 'utf8'));
  const res = r.end();
  expect(res.errors).toEqual([]);
  return res.population!;
}

const scenario = (o: Record<string, unknown>): ScenarioInput => scenarioFromObject(o, FILE_ORIGIN('test.json'));

const dcsim = (args: string[]) => dcsimInProcess(args);

const YEARS = [2021, 2022, 2023, 2024, 2025];
const POP = populationOf(synthText(60, YEARS, 17));
const TMP = tempDir('dcsim-compare-');
const CSV = join(TMP, 'data.csv');
writeFileSync(CSV, synthText(60, YEARS, 17));

const max = (xs: bigint[]) => xs.reduce((m, x) => (x > m ? x : m));

describe('compare()', () => {
  it('each option is simulate() of the base with its track and capitation', () => {
    const base = scenario({ rules: 'reach', quality_score: '0.9', tcc_rate: '0.45' });
    const c = compare(POP, base);
    expect(c.options.map((o) => optionLabel(o.option))).toEqual(['professional/pcc', 'global/pcc', 'global/tcc']);
    for (const o of c.options) {
      if (!o.ok) throw new Error(`${optionLabel(o.option)} failed`);
      const sim = simulate(POP, { ...base, track: o.option.track, capitation: o.option.capitation });
      o.years.forEach((l, i) => {
        const y = sim.years[i]!;
        expect([l.py, formatMoney(l.settlement), formatMoney(l.sharedSavings), formatMoney(l.capitationPaid), formatMoney(l.cmsNetSavings)]).toEqual([y.py, formatMoney(y.settlement), formatMoney(y.sharedSavings), formatMoney(y.capitationPaid), formatMoney(y.cmsNetSavings)]);
        expect(cmp(l.savingsRate, y.savingsRate)).toBe(0);
      });
      // The total adds up the PYs; its savings rate is Σ savings / Σ B* (the savings rate's base; no HEBA here).
      const sum = (f: (y: (typeof sim.years)[number]) => bigint) => sim.years.reduce((t, y) => t + f(y), 0n);
      expect(formatMoney(o.total.settlement)).toBe(formatMoney(sum((y) => y.settlement)));
      expect(formatMoney(o.total.capitationPaid)).toBe(formatMoney(sum((y) => y.capitationPaid)));
      expect(cmp(o.total.savingsRate, { n: sum((y) => y.savings), d: sum((y) => y.performanceBenchmark) })).toBe(0);
    }
  });

  it('marks the option that pays the DCE most: per PY and in total, the highest settlement', () => {
    for (const base of [scenario({}), scenario({ rules: 'reach' }), scenario({ quality_score: '0.2', pcc_rate: '0.2' }), scenario({ discount_rate: '0.3' })]) {
      const c = compare(POP, base);
      const ok = c.options.filter((o) => o.ok);
      expect(ok).toHaveLength(3);
      const top = max(ok.map((o) => o.total.settlement));
      for (const o of ok) expect(o.total.paysMost).toBe(o.total.settlement === top);
      expect(c.best).toEqual(ok.filter((o) => o.total.settlement === top).map((o) => optionLabel(o.option)));
      expect(c.best.length).toBeGreaterThanOrEqual(1);
      c.years.forEach((_py, i) => {
        const best = max(ok.map((o) => o.years[i]!.settlement));
        for (const o of ok) expect(o.years[i]!.paysMost).toBe(o.years[i]!.settlement === best);
      });
    }
  });

  it('a tie marks every tied option', () => {
    // No capitation and no fee reduction on either mechanism: Global/PCC and Global/TCC settle the same.
    const base = scenario({ pcc_rate: '0', tcc_rate: '0', pcc_fee_reduction: '0', tcc_fee_reduction: '0' });
    const c = compare(POP, base, parseOptions('global/pcc,global/tcc'));
    const [a, b] = c.options;
    if (!a?.ok || !b?.ok) throw new Error('failed');
    expect(formatMoney(a.total.settlement)).toBe(formatMoney(b.total.settlement));
    expect([a.total.paysMost, b.total.paysMost]).toEqual([true, true]);
    expect(c.best).toEqual(['global/pcc', 'global/tcc']);
    expect(a.years.every((l) => l.paysMost) && b.years.every((l) => l.paysMost)).toBe(true);
  });

  it('an option that cannot be settled is returned with its error; the others are compared', () => {
    // dc has no Global discount for PY2026; Professional has none to need.
    const pop = populationOf(synthText(20, [2025, 2026], 4));
    const c = compare(pop, scenario({}));
    expect(c.options.map((o) => o.ok)).toEqual([true, false, false]);
    const bad = c.options[1]!;
    if (bad.ok) throw new Error('expected a failure');
    expect(bad.error.message).toMatch(/rule set "dc" has no discount_rate for PY2026/);
    expect(c.best).toEqual(['professional/pcc']);
  });

  it('parses --tracks; mistakes are usage errors', () => {
    expect(parseOptions(' Global/TCC , professional/pcc')).toEqual([{ track: 'global', capitation: 'tcc' }, { track: 'professional', capitation: 'pcc' }]);
    expect(DEFAULT_OPTIONS.map(optionLabel)).toEqual(['professional/pcc', 'global/pcc', 'global/tcc']);
    for (const [text, msg] of [
      ['professional/tcc', /tcc is not available on the professional track/],
      ['global', /is not TRACK\/CAPITATION/],
      ['globl/pcc', /unknown track "globl"/],
      ['global/xcc', /unknown capitation "xcc"/],
      ['global/pcc,global/pcc', /listed twice/],
    ] as const) {
      let err: unknown;
      try {
        parseOptions(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DcsimError);
      expect((err as DcsimError).exitCode).toBe(2);
      expect((err as DcsimError).message).toMatch(msg);
    }
  });
});

describe('dcsim compare (command)', () => {
  it('CSV: one row per option x PY and a total row; figures equal dcsim run; pays_most marks the highest settlement', async () => {
    const s = await dcsim(['compare', CSV, '--rules', 'reach', '-O', 'csv']);
    expect(s.code).toBe(0);
    const [head, ...rows] = s.stdout.trimEnd().split('\n');
    expect(head).toBe('option,track,capitation,performance_year,settlement,shared_savings,capitation_paid,cms_net_savings,savings_rate,pays_most,retention_withhold,heba,corridor_base');
    expect(rows).toHaveLength(3 * 6);
    for (const o of DEFAULT_OPTIONS) {
      const run = JSON.parse((await dcsim(['run', CSV, '--rules', 'reach', '--track', o.track, '--capitation', o.capitation, '-O', 'json'])).stdout);
      const mine = rows.filter((r) => r.startsWith(`${optionLabel(o)},`)).map((r) => r.split(','));
      run.years.forEach((y: Record<string, string>, i: number) => {
        expect(mine[i]!.slice(3, 9)).toEqual([String(y.performance_year), y.settlement, y.shared_savings, y.capitation_paid, y.cms_net_savings, y.savings_rate]);
        expect(mine[i]!.slice(10, 13)).toEqual([y.retention_withhold, y.heba, y.corridor_base]);
      });
      expect(mine[5]!.slice(3, 8)).toEqual(['total', run.total.settlement, run.total.shared_savings, run.total.capitation_paid, run.total.cms_net_savings]);
    }
    const totals = rows.filter((r) => r.split(',')[3] === 'total').map((r) => r.split(','));
    const top = Math.max(...totals.map((r) => Number(r[4])));
    for (const r of totals) expect(r[9]).toBe(String(Number(r[4]) === top));
  });

  it('JSON names the winner in total and by PY; the table marks it with *', async () => {
    const j = JSON.parse((await dcsim(['compare', CSV, '-O', 'json'])).stdout);
    expect(j.options.map((o: { option: string }) => o.option)).toEqual(['professional/pcc', 'global/pcc', 'global/tcc']);
    const winner = j.options.filter((o: { total: { pays_most: boolean } }) => o.total.pays_most).map((o: { option: string }) => o.option);
    expect(j.pays_most.total).toEqual(winner);
    expect(Object.keys(j.pays_most.by_year)).toEqual(['2021', '2022', '2023', '2024', '2025']);
    const t = await dcsim(['compare', CSV, '-O', 'table']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(new RegExp(`in total: ${winner.join(', ')}`));
    const settlementRows = t.stdout.split('\n').filter((l) => /^│ +(professional|global)\/(pcc|tcc) /.test(l)).slice(0, 3);
    expect(settlementRows.filter((l) => l.includes('* ')).length).toBeGreaterThanOrEqual(1);
  });

  it('--track is a usage error (compare sets it per option); a bad --tracks is too', async () => {
    for (const args of [['--track', 'global'], ['--capitation', 'tcc'], ['--tracks', 'professional/tcc']]) {
      const s = await dcsim(['compare', CSV, ...args, '-O', 'csv']);
      expect(s.code).toBe(2);
      expect(s.stdout).toBe('');
    }
  });

  it('an option that fails is reported on stderr; the others are written; exit 1', async () => {
    const csv = join(TMP, 'py2026.csv');
    writeFileSync(csv, synthText(20, [2025, 2026], 4));
    const s = await dcsim(['compare', csv, '-O', 'csv']);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/global\/pcc: scenario "discount_rate": rule set "dc" has no discount_rate for PY2026/);
    expect(s.stderr).toMatch(/2 of 3 option\(s\) could not be settled/);
    expect(s.stdout.trimEnd().split('\n').slice(1).every((r) => r.startsWith('professional/pcc,'))).toBe(true);
  });
});
