// Issue 19: what an actuary found using dcsim for real. One describe per item, each a class of
// fault (not only the example the issue gives); the worked figures are computed by hand beside them.
// Items 19.5-19.9 are in test/actuary-outputs.test.ts.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DcsimError } from '../src/domain/errors.js';
import { cmp, formatRatio } from '../src/domain/exact.js';
import { RULE_SETS, scheduleValue } from '../src/domain/rules.js';
import { FILE_ORIGIN, scenarioFromObject, type ScenarioInput } from '../src/domain/scenario.js';
import { CAPITATIONS } from '../src/engines/registry.js';
import { resolveScenario } from '../src/engines/resolve.js';
import { readEntityFile } from '../src/io/entity-csv.js';
import type { EntityLine } from '../src/report/entity.js';
import type { EntityFile } from '../src/domain/entity.js';
import { settleEntities } from '../src/usecases/settle/settle.js';
import { SETTLE_KEYS, type WhatIf } from '../src/usecases/settle/whatif.js';
import { dcsimInProcess } from './helpers.js';
import { PUF } from './puf.js';


/** n beneficiaries of PY2023 with the same expenditure and benchmark_pbpm (and optional columns). */
function population(n: number, cells: Record<string, string>): Buffer {
  const cols = ['beneficiary_id', 'performance_year', ...Object.keys(cells)];
  return Buffer.from([cols.join(','), ...Array.from({ length: n }, (_, i) => [`b${i}`, '2023', ...Object.values(cells)].join(','))].join('\n') + '\n');
}

async function runJson(args: string[], data: Buffer): Promise<{ code: number; year: Record<string, unknown>; stderr: string; json: Record<string, unknown> }> {
  const r = await dcsimInProcess(['run', '-', '-O', 'json', ...args], data);
  const json = r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  return { code: r.code, year: ((json.years as Record<string, unknown>[] | undefined) ?? [])[0] ?? {}, stderr: r.stderr, json };
}

describe('19.1 capitation without the claims it replaces', () => {
  // The file: 100 rows, expenditure 9,000.00 each, benchmark_pbpm 1,000, PY2023, rules reach.
  //   B = 100 x 1,000 x 12 = 1,200,000.00; D = 3% = 36,000.00; W = 2% = 24,000.00; Q = 24,000.00
  //   B* = 1,164,000.00
  const plain = population(100, { expenditure: '9000.00', benchmark_pbpm: '1000' });

  it('no primary_care_spend: the default rate is the data\'s share (0), so no capitation and no fee reduction', async () => {
    // pcc_rate = Σ primary_care_spend / Σ expenditure = 0 / 900,000 = 0: capitation 0, fee reduction 0,
    // E = 900,000.00, S = 1,164,000.00 - 900,000.00 = 264,000.00 (inside Global's first band: kept whole).
    const r = await runJson(['--rules', 'reach'], plain);
    expect(r.code).toBe(0);
    expect(r.year).toMatchObject({ capitation_rate: '0', capitation_paid: '0.00', fee_reduction: '0.00', expenditure: '900000.00', savings: '264000.00' });
    expect(r.stderr).toContain("pcc_rate defaulted to the PY's primary_care_spend / expenditure = 0");
    expect(r.stderr).not.toContain('warning');
  });

  it('with primary care in the data, capitation stands in for the claims it replaces', async () => {
    // primary_care_spend 450.00 each: share = 45,000 / 900,000 = 0.05
    //   capitation = 0.05 x 1,200,000.00 = 60,000.00; fee reduction = 1 x 45,000.00 = 45,000.00
    //   E = 900,000.00 - 45,000.00 + 60,000.00 = 915,000.00; S = 1,164,000.00 - 915,000.00 = 249,000.00
    const r = await runJson(['--rules', 'reach'], population(100, { expenditure: '9000.00', benchmark_pbpm: '1000', primary_care_spend: '450.00' }));
    expect(r.year).toMatchObject({ capitation_rate: '0.05', capitation_paid: '60000.00', fee_reduction: '45000.00', expenditure: '915000.00', savings: '249000.00' });
    expect((r.json.scenario as Record<string, unknown>).pcc_rate).toEqual({ 2023: '0.05' });
  });

  it('7% applies only where the user gives it, and then stderr says no claims are reduced (every output format)', async () => {
    // capitation = 0.07 x 1,200,000.00 = 84,000.00, fee reduction 0: E = 984,000.00, S = 180,000.00
    const r = await runJson(['--rules', 'reach', '--pcc-rate', '0.07'], plain);
    expect(r.year).toMatchObject({ capitation_paid: '84000.00', fee_reduction: '0.00', savings: '180000.00' });
    expect(r.stderr).toMatch(/warning: PY2023: capitation of 84000\.00 is paid while no claims are reduced \(the data has no primary_care_spend\)/);
    for (const fmt of ['table', 'csv']) {
      const t = await dcsimInProcess(['run', '-', '-O', fmt, '--rules', 'reach', '--pcc-rate', '0.07'], plain);
      expect(t.stderr, fmt).toContain('is paid while no claims are reduced');
    }
  });

  it('every capitation engine: a given rate with none of its claims warns; the default is its claims\' share', async () => {
    for (const cap of Object.values(CAPITATIONS)) {
      const track = cap.id === 'tcc' ? 'global' : 'professional';
      const given = await runJson(['--track', track, '--capitation', cap.id, `--${cap.rateKey.replace(/_/g, '-')}`, '0.1'], plain);
      expect(given.code, cap.id).toBe(0);
      expect(given.stderr, cap.id).toContain('is paid while no claims are reduced');
      const fee = await runJson(['--track', track, '--capitation', cap.id, `--${cap.feeReductionKey.replace(/_/g, '-')}`, '0'],
        population(10, { expenditure: '9000.00', benchmark_pbpm: '1000', primary_care_spend: '900', participant_spend: '900' }));
      // share 0.1 of B = 120,000 x 0.1 (TCC: of B - D) is paid; the fee reduction is off
      expect(fee.stderr, cap.id).toContain(`${cap.feeReductionKey} is 0`);
      const dflt = await runJson(['--track', track, '--capitation', cap.id], population(10, { expenditure: '9000.00', benchmark_pbpm: '1000', primary_care_spend: '900', participant_spend: '1800' }));
      // PCC: 9,000 / 90,000 = 0.1; TCC: 18,000 / 90,000 = 0.2
      expect(dflt.year.capitation_rate, cap.id).toBe(cap.id === 'pcc' ? '0.1' : '0.2');
    }
  });

  it('no rule set carries a capitation rate of its own any more', () => {
    for (const rules of Object.values(RULE_SETS)) expect(Object.keys(rules)).not.toContain('pccRate');
  });
});

describe('19.2 a no-op what-if changes settlements', () => {
  let file: EntityFile;
  let replay: readonly EntityLine[];
  beforeAll(async () => {
    file = await readEntityFile(PUF, { maxErrors: 20 }, (async function* () {})());
    replay = settleEntities(file, { whatIf: {} }).scenarios[0]!.lines;
    expect(replay.length).toBe(284);
  });
  const rows = () => [...file.rows].sort((a, b) => a.py - b.py);
  const what = (o: Record<string, unknown>): WhatIf => scenarioFromObject(o, FILE_ORIGIN('what-if')) as WhatIf;
  const text = (r: { n: bigint; d: bigint }) => formatRatio(r, 40);
  const same = (a: EntityLine, b: EntityLine, why: string) => {
    expect(a.money, why).toEqual(b.money);
    expect(cmp(a.savingsRate, b.savingsRate), why).toBe(0);
    expect(a.band, why).toBe(b.band);
  };

  it('the issue\'s example: --quality-score 2099=1 (a PY not in the file) changes no row', () => {
    const lines = settleEntities(file, { whatIf: what({ quality_score: { 2099: '1' } }) }).scenarios[0]!.lines;
    lines.forEach((l, i) => same(l, replay[i]!, `${l.entityId} PY${l.py}`));
  });

  // Each what-if flag set to a row's own value for its PY (or to what CMS settled it under): every
  // row whose own value is that one settles exactly as the replay, to the cent; so does every row
  // of another PY, and the whole file for a value given for a PY it does not have.
  const own: Record<(typeof SETTLE_KEYS)[number], (r: ReturnType<typeof rows>[number]) => string> = {
    track: (r) => r.track,
    rules: () => 'reach',
    discount_rate: (r) => text(r.discountRate!),
    withhold_rate: (r) => scheduleValue(RULE_SETS.reach.withhold, r.py)!,
    quality_score: (r) => text(r.qualityScore!),
    retention_withhold_rate: (r) => text(r.retentionWithholdRate!),
    sequestration_rate: (r) => scheduleValue(RULE_SETS.reach.sequestration, r.py)!,
    corridor_base: () => 'performance_benchmark',
    withhold_base: () => 'benchmark',
  };
  for (const key of SETTLE_KEYS) {
    it(`--${key.replace(/_/g, '-')} equal to a row's own: the figures equal the replay's (property over the PUF)`, () => {
      fc.assert(fc.property(fc.nat(283), fc.integer({ min: 2024, max: 2099 }), (i, otherPy) => {
        const row = rows()[i]!;
        const v = own[key](row);
        const perYear = !['track', 'rules', 'corridor_base', 'withhold_base'].includes(key);
        const lines = settleEntities(file, { whatIf: what({ [key]: perYear ? { [row.py]: v } : v }) }).scenarios[0]!.lines;
        lines.forEach((l, k) => {
          const r = rows()[k]!;
          // (Professional has no discount: a --discount-rate leaves its rows alone)
          const unchanged = perYear ? r.py !== row.py || own[key](r) === v || (key === 'discount_rate' && r.track === 'professional') : own[key](r) === v;
          if (unchanged) same(l, replay[k]!, `${key}=${v}: ${l.entityId} PY${l.py}`);
        });
        same(lines[i]!, replay[i]!, `${key}=${v}: row ${row.entityId} PY${row.py} itself`);
        if (perYear) {
          const noop = settleEntities(file, { whatIf: what({ [key]: { [otherPy]: v } }) }).scenarios[0]!.lines;
          noop.forEach((l, k) => same(l, replay[k]!, `${key} for PY${otherPy}: ${l.entityId} PY${l.py}`));
        }
      }), { numRuns: 12 });
    });
  }
});

describe('19.3 hints that invent numbers', () => {
  /** The hints of the errors a scenario raises for these PYs. */
  const hintsOf = (input: ScenarioInput, years: number[]): string[] => {
    try {
      resolveScenario(input, years);
    } catch (e) {
      if (e instanceof DcsimError) return e.diagnostics.map((d) => `${d.message} | ${d.hint ?? ''}`);
      throw e;
    }
    throw new Error('expected an error');
  };
  const bad = (o: Record<string, unknown>): string[] => {
    try {
      scenarioFromObject(o, FILE_ORIGIN('s.json'));
    } catch (e) {
      if (e instanceof DcsimError) return e.diagnostics.map((d) => `${d.message} | ${d.hint ?? ''}`);
      throw e;
    }
    throw new Error('expected an error');
  };
  /** A decimal figure in a hint (years and PY=VALUE placeholders aside). */
  const FIGURE = /(?<![\w.])\d*\.\d+|(?<![\w])(?!20\d\d\b)\d+(?![\w%])/;

  it('a PY a rule set does not cover: the hint names the key and what is known, no figure', async () => {
    const cases: [ScenarioInput, number, string][] = [
      [{ rules: 'dc' }, 2026, 'discount_rate'],
      [{ rules: 'reach' }, 2027, 'discount_rate'],
      [{ rules: 'reach', discount_rate: { all: undefined, byYear: new Map() } as never }, 2027, 'discount_rate'],
      [{ rules: 'reach', track: 'professional' }, 2027, 'withhold_rate'],
    ];
    for (const [input, py, key] of cases) {
      for (const h of hintsOf(input, [py])) {
        expect(h).toContain(key);
        const hint = h.split(' | ')[1]!;
        // (after REACH's last PY, 2026, the hint names the rule set that covers it instead)
        if (py > 2026) expect(hint).toContain('--rules lead');
        else expect(hint).toMatch(new RegExp(`rule set ${input.rules} gives ${key} for PY\\d{4}-\\d{4}`));
        expect(hint.replace(/\[[^\]]*\]|\([^)]*unconfirmed\)/g, ''), hint).not.toMatch(FIGURE);
      }
    }
  });

  it('a missing benchmark rate, a mistyped value, a stop-loss shape: no suggested figure', async () => {
    const hints = [
      ...hintsOf({ stop_loss_share: [] as never }, [2023]),
      ...bad({ quality_score: 'high' }),
      ...bad({ tcc_rate: true }),
      ...bad({ benchmark_pbpm: 'x' }),
    ];
    const r = await dcsimInProcess(['run', '-', '-O', 'json'], population(2, { expenditure: '10' }));
    expect(r.code).toBe(1);
    hints.push(r.stderr.split('hint: ')[1] ?? '');
    // (a key's range, [0, 1] or > 0, is what is known: not a suggestion)
    for (const h of hints) expect(h.split(' | ').at(-1)!.replace(/"20\d\d"/g, '').replace(/[[(][-\d.]+, [-\d.]+[\])]|[<>]=? [-\d.]+/g, ''), h).not.toMatch(FIGURE);
  });

  it('settle: a PY the rule set does not cover names the key and what is known', async () => {
    const csv = 'entity_id,performance_year,track,performance_benchmark,expenditure,discount_rate,quality_score,retention_withhold_rate\nE1,2027,global,100,90,0.03,1,0\n';
    const r = await dcsimInProcess(['settle', '-', '-O', 'csv', '--quality-score', '0.9'], Buffer.from(csv));
    expect(r.code).toBe(1);
    const hint = r.stderr.split('hint: ')[1] ?? '';
    expect(hint).toContain('withhold_rate');
    expect(hint).toMatch(/gives withhold_rate for PY2021-2026/);
    expect(hint.replace(/\[[^\]]*\]/g, '')).not.toMatch(FIGURE);
  });
});

describe('19.4 defaults that pass as facts', () => {
  // Two PYs of one full dual: Medicaid spend 1,000.00 then 1,034.00 over 12 months each, so the
  // Medicaid PMPM goes 83.33 -> 86.17 (+3.4%, ordinary trend); Medicare saves (B = 12 x 100 = 1,200 > E = 900).
  const duals = Buffer.from([
    'beneficiary_id,performance_year,expenditure,benchmark_pbpm,dual_status,medicaid_spend',
    'b1,2022,900,100,full,1000.00',
    'b1,2023,900,100,full,1034.00',
  ].join('\n') + '\n');

  it('the cost-shift flag at the default threshold says, next to the figure, that 0 is a modelling choice', async () => {
    const t = await dcsimInProcess(['run', '-', '-O', 'table'], duals);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Possible cost shift \(growth > 0%: default, a modelling choice\)\s*│\s+no\s*│\s+YES/);
    expect(t.stdout).toContain("note: cost_shift_threshold 0 is dcsim's default, a modelling choice");
    const j = await runJson([], duals);
    expect(j.json.notes).toEqual(expect.arrayContaining([expect.stringContaining('cost_shift_threshold 0 is dcsim\'s default, a modelling choice')]));
    // given by the user: no such note, and 3.4% is not above 5%
    const given = await dcsimInProcess(['run', '-', '-O', 'table', '--cost-shift-threshold', '0.05'], duals);
    expect(given.stdout).toMatch(/Possible cost shift \(growth > threshold\)\s*│\s+no\s*│\s+no/);
    expect(given.stdout).not.toContain('modelling choice');
  });

  it('a rule with a first PY carries it in the rule set: the RTA guardrail from PY2024', () => {
    // (REACH brought the guardrail in for PY2024; lead has no RTA, so it cannot start before PY2027)
    for (const rules of Object.values(RULE_SETS)) expect(rules.rtaGuardrail.from).toBe(rules.id === 'lead' ? 2027 : 2024);
  });

  it('--rta-guardrail given for PY2023 does not apply, with a note; PY2024 it does (every rule set)', async () => {
    // rta 0.9472 (delta -5.28%): guarded 1 - (0.04 + 0.5 x 0.0128) = 0.9536, from PY2024 only.
    // One row of 12 months at benchmark_pbpm 1,000: PY2023 B = 12,000 x 0.9472 = 11,366.40;
    // PY2024 B = 12,000 x 0.9536 = 11,443.20.
    const data = Buffer.from('beneficiary_id,performance_year,expenditure,benchmark_pbpm\nb1,2023,9000,1000\nb1,2024,9000,1000\n');
    for (const rules of ['dc', 'reach']) {
      const r = await dcsimInProcess(['run', '-', '-O', 'json', '--rules', rules, '--rta', '0.9472', '--rta-guardrail'], data);
      expect(r.code, rules).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.years.map((y: { benchmark: string }) => y.benchmark), rules).toEqual(['11366.40', '11443.20']);
      expect(j.scenario.rta_effective, rules).toEqual({ 2023: '0.9472', 2024: '0.9536' });
      expect(r.stderr, rules).toContain(`rta_guardrail applies from PY2024 [2nd] REACH PY2024 on (rule set ${rules}): not applied to PY2023`);
    }
  });
});
