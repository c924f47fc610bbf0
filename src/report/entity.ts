// The report model of `dcsim settle`: one line per entity-PY (per scenario, with --vary), totals per
// PY, the check against CMS's published amounts, and the short summary. Typed values only (cents as
// BigInt, rates as exact Ratios); renderers in src/render/entity.ts turn it into text. The lines are
// the settle use case's results (src/usecases/settle/result.ts); this module adds the columns and the
// totals, check and summary drawn from them.
import { abs, add, cmp, div, ratioOfCents, toCents, type Ratio } from '../domain/exact.js';
import { varyColumn } from './sweep.js';
import type { CheckCell, EntityLine, EntityMoney, EntityReport, EntityScenario } from '../usecases/settle/result.js';

export type { CheckCell, EntityLine, EntityMoney, EntityReport, EntityScenario } from '../usecases/settle/result.js';

/** The output columns of section 11, in order (CSV, JSON entity objects). */
export const ENTITY_COLUMNS = [
  'entity_id', 'entity_name', 'performance_year', 'track', 'benchmark', 'discount', 'quality_withhold',
  'withhold_earned', 'retention_withhold', 'performance_benchmark', 'heba', 'corridor_base', 'expenditure',
  'savings', 'savings_rate', 'shared_savings', 'sequestration', 'settlement',
  // schema 3 (METHODOLOGY-2027): LEAD's cash lines (Enhanced PCC is read for REACH rows too), MSSP's lines, the program
  'admin_addon', 'enhanced_pcc_recoupment', 'net_cash', 'msr', 'mlr', 'final_sharing_rate', 'shared_loss_rate', 'cap', 'result', 'program',
] as const;

/** With --check, appended after the section 11 columns. */
export const CHECK_COLUMNS = ['published_shared_savings', 'shared_savings_difference', 'published_settlement', 'settlement_difference', 'within_tolerance'] as const;

/**
 * The columns of a settle report, the same in every tabular format (CSV, xlsx; JSON rows carry the
 * same names): the scenario's id and varied values (`vary.KEY`) with --vary, section 11's columns,
 * then the check's with --check.
 */
export function entityHeader(r: EntityReport): string[] {
  return [...(r.varied.length ? ['scenario_id', ...r.varied.map(varyColumn)] : []), ...ENTITY_COLUMNS, ...(r.tolerance !== undefined ? CHECK_COLUMNS : [])];
}

export type MoneyColumn = keyof EntityMoney;
export const MONEY_COLUMNS: readonly MoneyColumn[] = [
  'benchmark', 'discount', 'quality_withhold', 'withhold_earned', 'retention_withhold', 'performance_benchmark', 'heba',
  'corridor_base', 'expenditure', 'savings', 'shared_savings', 'sequestration', 'settlement', 'admin_addon', 'enhanced_pcc_recoupment', 'net_cash',
];

export interface YearTotal {
  readonly py: number;
  readonly entities: number;
  /** Σ of each money column over the PY's lines; null when some line has none. */
  readonly money: { readonly [K in MoneyColumn]: bigint | null };
  /** Σ S / Σ B*. */
  readonly savingsRate: Ratio;
}

export interface CheckSummary {
  readonly py: number | null;
  readonly rows: number;
  readonly sharedSavings: { readonly compared: number; readonly within: number; readonly largest?: { readonly id: string; readonly difference: Ratio } };
  readonly settlement: { readonly compared: number; readonly within: number; readonly largest?: { readonly id: string; readonly difference: Ratio }; readonly outside: readonly string[] };
}

/**
 * `dcsim settle --vary` streamed: the report's head (its scenarios empty) and the scenarios one at a
 * time, each settled as the renderer asks for it and let go once written.
 */
export interface EntityStream {
  readonly head: EntityReport;
  readonly scenarios: Iterable<EntityScenario>;
}

/** Totals per PY of one scenario's lines, PYs ascending. */
export function yearTotals(lines: readonly EntityLine[]): YearTotal[] {
  const pys = [...new Set(lines.map((l) => l.py))].sort((a, b) => a - b);
  return pys.map((py) => {
    const ls = lines.filter((l) => l.py === py);
    const money = {} as Record<MoneyColumn, bigint | null>;
    for (const c of MONEY_COLUMNS) {
      let t: bigint | null = 0n;
      for (const l of ls) {
        const v = l.money[c];
        if (v === null) {
          t = null;
          break;
        }
        t += v;
      }
      money[c] = t;
    }
    const pb = money.performance_benchmark ?? 0n;
    const savingsRate = pb === 0n ? { n: 0n, d: 1n } : div(ratioOfCents(money.savings ?? 0n), ratioOfCents(pb));
    return { py, entities: ls.length, money, savingsRate };
  });
}

/** The check per PY and over all rows (the last entry, py null). */
export function checkSummary(lines: readonly EntityLine[]): CheckSummary[] {
  const pys = [...new Set(lines.map((l) => l.py))].sort((a, b) => a - b);
  const one = (py: number | null): CheckSummary => {
    const ls = lines.filter((l) => py === null || l.py === py);
    const part = (get: (l: EntityLine) => CheckCell | undefined) => {
      let compared = 0;
      let within = 0;
      let largest: { id: string; difference: Ratio } | undefined;
      const outside: string[] = [];
      for (const l of ls) {
        const c = get(l);
        if (!c) continue;
        compared++;
        if (c.within) within++;
        else outside.push(`${l.entityId} PY${l.py}`);
        if (!largest || cmp(abs(c.difference), abs(largest.difference)) > 0) largest = { id: `${l.entityId}${py === null ? ` PY${l.py}` : ''}`, difference: c.difference };
      }
      return { compared, within, outside, ...(largest ? { largest } : {}) };
    };
    const ss = part((l) => l.check?.sharedSavings);
    return {
      py,
      rows: ls.length,
      sharedSavings: { compared: ss.compared, within: ss.within, ...(ss.largest ? { largest: ss.largest } : {}) },
      settlement: part((l) => l.check?.settlement),
    };
  };
  return [...pys.map(one), one(null)];
}

/** What the rows show, per PY and in total: how many saved, lost, reached the second band. */
export interface SummaryRow {
  readonly py: number | null;
  /** Distinct entities (an entity has one row per PY: in a PY, its entity-years). */
  readonly entities: number;
  readonly entityYears: number;
  readonly global: number;
  readonly professional: number;
  readonly saved: number;
  readonly lost: number;
  /** |S| beyond the first band of the track's corridor. */
  readonly beyondFirstBand: number;
  readonly savedBeyondFirstBand: number;
  readonly lostBeyondFirstBand: number;
  readonly savings: bigint;
  readonly sharedSavings: bigint;
  readonly settlement: bigint;
  /** Σ of the published amounts, rounded once to the cent; null when some line has none. */
  readonly publishedSharedSavings: bigint | null;
  readonly publishedSettlement: bigint | null;
}

/** Σ of a published amount over lines, rounded half-even to the cent; null when some line lacks it. */
function publishedSum(ls: readonly EntityLine[], get: (l: EntityLine) => Ratio | undefined): bigint | null {
  let t: Ratio = { n: 0n, d: 1n };
  for (const l of ls) {
    const v = get(l);
    if (v === undefined) return null;
    t = add(t, v);
  }
  return ls.length ? toCents(t) : null;
}

export function summaryRows(lines: readonly EntityLine[]): SummaryRow[] {
  const pys = [...new Set(lines.map((l) => l.py))].sort((a, b) => a - b);
  const one = (py: number | null): SummaryRow => {
    const ls = lines.filter((l) => py === null || l.py === py);
    const n = (f: (l: EntityLine) => boolean) => ls.filter(f).length;
    const s = (f: (l: EntityLine) => bigint) => ls.reduce((t, l) => t + f(l), 0n);
    return {
      py,
      entities: new Set(ls.map((l) => l.entityId)).size,
      entityYears: ls.length,
      global: n((l) => l.track === 'global'),
      professional: n((l) => l.track === 'professional'),
      saved: n((l) => l.money.savings > 0n),
      lost: n((l) => l.money.savings < 0n),
      beyondFirstBand: n((l) => l.band >= 2),
      savedBeyondFirstBand: n((l) => l.band >= 2 && l.money.savings > 0n),
      lostBeyondFirstBand: n((l) => l.band >= 2 && l.money.savings < 0n),
      savings: s((l) => l.money.savings),
      sharedSavings: s((l) => l.money.shared_savings),
      settlement: s((l) => l.money.settlement),
      publishedSharedSavings: publishedSum(ls, (l) => l.published?.sharedSavings),
      publishedSettlement: publishedSum(ls, (l) => l.published?.settlement),
    };
  };
  return [...pys.map(one), one(null)];
}

/** `dcsim settle --check`: the report, whether --strict was given, and the rows beyond the tolerance. */
export interface EntityCheck {
  readonly report: EntityReport;
  readonly strict: boolean;
  /** "ENTITY PYyyyy" of each row of the first scenario whose shared savings or settlement is beyond the tolerance. */
  readonly outside: readonly string[];
}

export function entityCheck(report: EntityReport, strict: boolean): EntityCheck {
  const outside = report.scenarios[0]!.lines.filter((l) => l.check?.sharedSavings?.within === false || l.check?.settlement?.within === false);
  return { report, strict, outside: outside.map((l) => `${l.entityId} PY${l.py}`) };
}
