// `dcsim settle`'s use case (METHODOLOGY section 11): each entity-PY through the one kernel
// (src/engines/kernel.ts). Without what-ifs, steps 7-10 on B*, H and E as given; with what-ifs, B
// (given, or recovered from B*) through steps 1-4 with the new parameters, then steps 7-10. Pure.
import { DcsimError, type Diagnostic } from '../../domain/errors.js';
import { abs, add, cmp, div, mul, R0, R1, ratioOfCents, sub, toCents, type Ratio } from '../../domain/exact.js';
import type { PerYear } from '../../domain/scenario.js';
import { settleFromPerformanceBenchmark, settleYear, type Band, type YearLines, type YearSums } from '../../engines/kernel.js';
import { bandsFor } from '../../engines/registry.js';
import { checkCell, type EntityLine, type EntityReport, type EntityScenario } from './result.js';
import type { Axis, AxisValue } from '../sweep.js';
import { settleMsspRow } from './mssp-row.js';
import type { EntityFile, EntityRow } from '../../domain/entity.js';
import { atRow, changesPerformanceBenchmark, needsBenchmark, rowParameters, settledWithhold, whatIfText, type RowParameters, type SettleKey, type WhatIf } from './whatif.js';

/** One --vary axis over a settle key (as `dcsim sweep`'s, with the retention withhold rate too). */
export type SettleAxis = Omit<Axis, 'key'> & { readonly key: SettleKey };
export type SettleGrid = readonly SettleAxis[];

/** Most entity lines one settle may produce (scenarios x rows). */
export const MAX_LINES = 2_000_000;

/**
 * B recovered from B*: `B = B* / ((1 − d − w × (1 − q)) × (1 − rw))`, with the row's own d (0 on the
 * Professional track), q and rw, and w of the rule set CMS settled under. Undefined when the row
 * lacks one of them (or already has B).
 */
export function recoverBenchmark(row: EntityRow): Ratio | undefined {
  if (row.performanceBenchmark === undefined) return undefined;
  const d = row.track === 'professional' ? R0 : row.discountRate;
  const q = row.qualityScore;
  const rw = row.retentionWithholdRate;
  if (d === undefined || q === undefined || rw === undefined) return undefined;
  const w = settledWithhold(row.py);
  const keep = mul(sub(sub(R1, d), mul(w, sub(R1, q))), sub(R1, rw));
  if (cmp(keep, R0) <= 0) return undefined;
  return div(row.performanceBenchmark, keep);
}

const NO_ENTITLEMENT = { months: 0, riskMonths: R0, ownRateBenchmark: R0, riskMonthsAll: R0, rowsNeedingRate: 0 };

/**
 * Steps 1-4 of section 5 on a benchmark given in dollars: the kernel's settleYear on sums whose
 * benchmark is B itself (one "own-rate" amount, RTA 1), with no claims, capitation or HEBA; the
 * caller takes B, D, W, Q, R and B* and settles steps 7-10 on the entity's own H and E.
 */
export function benchmarkLines(py: number, b: Ratio, p: RowParameters, bands: readonly Band[]): YearLines {
  const sums: YearSums = {
    py,
    memberMonths: 0,
    expenditure: 0n,
    primaryCare: 0n,
    participant: 0n,
    entitlements: { aged_disabled: { ...NO_ENTITLEMENT, ownRateBenchmark: b }, esrd: NO_ENTITLEMENT },
    hebaUpMonths: 0,
    hebaDownMonths: 0,
    stopLossExcess: [],
  };
  return settleYear(sums, {
    py,
    discountRate: p.discountRate,
    withholdRate: p.withholdRate,
    withholdBase: p.withholdBase,
    qualityScore: p.qualityScore,
    retentionWithholdRate: p.retentionWithholdRate,
    sequestrationRate: p.sequestrationRate,
    rta: R1,
    rtaGuardrail: false,
    rates: {},
    hebaUpPbpm: R0,
    hebaDownPbpm: R0,
    corridorBase: p.corridorBase,
    bands,
    capitation: { base: 'benchmark', reduces: 'primaryCare', rate: R0, feeReductionRate: R0 },
  });
}

/** The corridor band |S| reaches on its base (1 = the first), 0 when S = 0. */
export function bandReached(savings: bigint, base: Ratio, bands: readonly Band[]): number {
  const s = abs(ratioOfCents(savings));
  return bands.filter((b) => cmp(s, mul(base, b.from)) > 0).length;
}

/**
 * One entity-PY settled. reSettle false: B* as given (or, for a row with B only, B* from B), steps
 * 7-10. reSettle true: B (given or recovered) through steps 1-4 under the what-if, then 7-10.
 */
export function settleRow(row: EntityRow, whatIf: WhatIf, reSettle: boolean): EntityLine {
  if (row.program === 'mssp') return settleMsspRow(row, whatIf);
  const p = rowParameters(row, whatIf);
  // Re-settle only what the what-if changes: a row whose B* parameters stay its own keeps B* as published.
  reSettle &&= changesPerformanceBenchmark(p, rowParameters(row, {}));
  const bands = bandsFor(p.rules, p.track, row.py);
  const given = row.benchmark;
  const recovered = given === undefined ? recoverBenchmark(row) : undefined;
  const b = given ?? recovered;
  let lines: YearLines | undefined;
  let performanceBenchmark: Ratio;
  if (reSettle || row.performanceBenchmark === undefined) {
    if (b === undefined) {
      const need = row.track === 'professional' ? 'quality_score and retention_withhold_rate' : 'discount_rate, quality_score and retention_withhold_rate';
      throw new DcsimError([{ message: `a what-if re-settles B, but the row has no benchmark and no ${need} to recover it from B*`, hint: 'add a benchmark column, or the entity\'s rates (CMS PUF: DISCOUNT, QUAL_SCR, RETENTION_WITHHOLD)' }], 1);
    }
    lines = benchmarkLines(row.py, b, p, bands);
    performanceBenchmark = ratioOfCents(lines.performanceBenchmark);
  } else {
    performanceBenchmark = row.performanceBenchmark;
    if (b !== undefined) lines = benchmarkLines(row.py, b, p, bands);
  }
  const base = p.corridorBase === 'benchmark' && lines ? ratioOfCents(lines.benchmark) : undefined;
  // With capitation_paid / fee_reduction the expenditure column is claims: E = claims - fee reduction + capitation.
  const expenditure = row.capitationPaid !== undefined || row.feeReduction !== undefined
    ? add(sub(row.expenditure, row.feeReduction ?? R0), row.capitationPaid ?? R0) : row.expenditure;
  const s = settleFromPerformanceBenchmark({ performanceBenchmark, heba: row.heba, expenditure, bands, sequestrationRate: p.sequestrationRate, py: row.py, ...(base ? { base } : {}) });
  // Enhanced PCC is a cash line outside E, recouped at settlement (read for REACH rows too).
  const recoupment = row.enhancedPccPaid !== undefined ? -toCents(row.enhancedPccPaid) : null;
  return {
    entityId: row.entityId,
    entityName: row.entityName,
    py: row.py,
    track: p.track,
    program: row.program,
    money: {
      benchmark: lines?.benchmark ?? null,
      discount: lines?.discount ?? null,
      quality_withhold: lines?.qualityWithhold ?? null,
      withhold_earned: lines?.withholdEarned ?? null,
      retention_withhold: lines?.retentionWithhold ?? null,
      performance_benchmark: toCents(performanceBenchmark),
      heba: toCents(row.heba),
      corridor_base: toCents(s.corridorBase),
      expenditure: toCents(expenditure),
      savings: s.savings,
      shared_savings: s.sharedSavings,
      sequestration: s.sequestration,
      settlement: s.settlement,
      admin_addon: null,
      enhanced_pcc_recoupment: recoupment,
      net_cash: s.settlement + (recoupment ?? 0n),
    },
    savingsRate: s.savingsRate,
    band: bandReached(s.savings, s.corridorBase, bands),
    recovered: given === undefined && lines !== undefined,
    reSettled: reSettle || row.performanceBenchmark === undefined,
    ...(row.publishedSharedSavings !== undefined || row.publishedSettlement !== undefined
      ? { published: { ...(row.publishedSharedSavings !== undefined ? { sharedSavings: row.publishedSharedSavings } : {}), ...(row.publishedSettlement !== undefined ? { settlement: row.publishedSettlement } : {}) } }
      : {}),
  };
}

/** The grid's scenarios: the product of the axes, the last axis fastest (as `dcsim sweep`). */
export function gridScenarios(base: WhatIf, grid: SettleGrid): { values: AxisValue[]; whatIf: WhatIf }[] {
  let out: { values: AxisValue[]; whatIf: Record<string, unknown> }[] = [{ values: [], whatIf: { ...base } }];
  for (const axis of grid) {
    const next: typeof out = [];
    for (const s of out) {
      for (const v of axis.values) {
        const w = { ...s.whatIf };
        applyAxis(w, axis, v);
        next.push({ values: [...s.values, v], whatIf: w });
      }
    }
    out = next;
  }
  return out as { values: AxisValue[]; whatIf: WhatIf }[];
}

function applyAxis(input: Record<string, unknown>, axis: SettleAxis, v: AxisValue): void {
  // settle's keys are enums and per-year values: `key.PY` sets one PY's value.
  if (axis.sub === undefined) input[axis.key] = v.value;
  else {
    const prev = input[axis.key] as PerYear | undefined;
    const byYear = new Map(prev?.byYear);
    byYear.set(Number(axis.sub), v.value as Ratio);
    input[axis.key] = { all: prev?.all, byYear } satisfies PerYear;
  }
}

export interface SettleOptions {
  readonly whatIf: WhatIf;
  readonly grid?: SettleGrid;
  /** --check: compare with the published columns within this tolerance (dollars). */
  readonly tolerance?: Ratio;
  readonly maxErrors?: number;
}

/** What every scenario of a settle shares: the rows (by PY), the grid's scenarios, the report's head. */
export interface SettlePlan {
  readonly file: EntityFile;
  readonly rows: readonly EntityRow[];
  readonly scenarios: readonly { values: AxisValue[]; whatIf: WhatIf }[];
  readonly reSettle: boolean;
  readonly opts: SettleOptions;
  /** The report without its scenarios (notes included). */
  readonly head: EntityReport;
}

/** Everything before the first row is settled: the notes are known from the rows and the what-ifs. */
export function settlePlan(file: EntityFile, opts: SettleOptions): SettlePlan {
  const grid = opts.grid ?? [];
  const scenarios = gridScenarios(opts.whatIf, grid);
  const reSettle = scenarios.some((s) => needsBenchmark(s.whatIf));
  const rows = [...file.rows].sort((a, b) => a.py - b.py);
  const notes: string[] = [];
  // (a line is recovered when the row has no B and B can be recovered from B*: see settleRow)
  const anyRecovered = rows.some((r) => r.benchmark === undefined && recoverBenchmark(r) !== undefined);
  if (reSettle) {
    // the lines whose B* the what-if changes (as settleRow decides; a row that cannot be settled counts as changed)
    const lines = { length: scenarios.length * rows.length };
    let n = 0;
    for (const sc of scenarios) {
      for (const r of rows) {
        try {
          if (r.performanceBenchmark === undefined || changesPerformanceBenchmark(rowParameters(r, sc.whatIf), rowParameters(r, {}))) n++;
        } catch {
          n++;
        }
      }
    }
    notes.push(n === 0
      ? 'the what-if changes no line\'s B* (its values equal the rows\' own, or name PYs not in the file): every line keeps B* as published'
      : `re-settled from B${anyRecovered ? ` (recovered from B* where the input has no benchmark: B = B* / ((1 - d - w x (1 - q)) x (1 - rw)), w of rule set reach)` : ''}: the ${n} of ${lines.length} ${lines.length === 1 ? 'line' : 'lines'} whose B* the what-if changes; the others keep B* as published; HEBA and expenditure as given`);
  } else if (anyRecovered) {
    notes.push('benchmark, discount, quality_withhold, withhold_earned and retention_withhold are recovered from B* (B = B* / ((1 - d - w x (1 - q)) x (1 - rw)), w of rule set reach); performance_benchmark is as given');
  }
  if (scenarios.some((s) => s.whatIf.discount_rate !== undefined && rows.some((r) => (s.whatIf.track ?? r.track) === 'professional'))) {
    notes.push('discount_rate applies to the Global rows only: the Professional track has no discount (METHODOLOGY section 5, step 2)');
  }
  const subCent = rows.some((r) => [r.performanceBenchmark, r.expenditure, r.heba].some((x) => x !== undefined && (x.n * 100n) % x.d !== 0n));
  if (subCent) notes.push('amounts are shown to the cent; savings are computed from them as given (up to 4 decimals), then rounded');
  const head: EntityReport = {
    source: file.source,
    layout: file.layout,
    rowsRead: file.rows.length,
    mode: reSettle ? 'what_if' : 'as_published',
    parameters: whatIfText(opts.whatIf),
    varied: grid.map((a) => a.column),
    scenarios: [],
    ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}),
    notes,
  };
  return { file, rows, scenarios, reSettle, opts, head };
}

/** Scenario i of the plan settled, with the errors of its rows (up to `room`, the rest counted). */
export function settleScenario(plan: SettlePlan, i: number, room: number): { scenario: EntityScenario; errors: Diagnostic[]; more: number } {
  const sc = plan.scenarios[i]!;
  const grid = plan.opts.grid ?? [];
  const errors: Diagnostic[] = [];
  let more = 0;
  const lines: EntityLine[] = [];
  for (const row of plan.rows) {
    let line: EntityLine;
    try {
      line = settleRow(row, sc.whatIf, plan.reSettle);
    } catch (e) {
      try {
        atRow(plan.file.source, row, e);
      } catch (wrapped) {
        if (!(wrapped instanceof DcsimError)) throw wrapped;
        for (const d of wrapped.diagnostics) {
          if (errors.length < room) errors.push(d);
          else more++;
        }
      }
      continue;
    }
    if (plan.opts.tolerance !== undefined) {
      const t = plan.opts.tolerance;
      line = {
        ...line,
        check: {
          ...(row.publishedSharedSavings !== undefined ? { sharedSavings: checkCell(line.money.shared_savings, row.publishedSharedSavings, t) } : {}),
          ...(row.publishedSettlement !== undefined ? { settlement: checkCell(line.money.settlement, row.publishedSettlement, t) } : {}),
        },
      };
    }
    lines.push(line);
  }
  return { scenario: { id: i + 1, values: sc.values.map((v, k) => ({ column: grid[k]!.column, text: v.text, json: v.json })), lines }, errors, more };
}

function refusal(errors: readonly Diagnostic[], more: number): DcsimError {
  const seen = new Set<string>();
  const unique = errors.filter((d) => {
    const k = `${d.line}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return new DcsimError(unique, 1, more);
}

/**
 * The plan's scenarios one at a time (a renderer writes each and lets it go: memory holds one
 * scenario's lines, whatever the grid). A scenario with a row that cannot be settled throws its errors.
 */
export function* settleScenarios(plan: SettlePlan): Generator<EntityScenario, void, undefined> {
  const max = plan.opts.maxErrors ?? 20;
  for (let i = 0; i < plan.scenarios.length; i++) {
    const r = settleScenario(plan, i, max);
    if (r.errors.length) throw refusal(r.errors, r.more);
    yield r.scenario;
  }
}

/** The whole report, one scenario per step (a caller may pause between steps); errors of every scenario together. */
function* wholeReport(plan: SettlePlan): Generator<void, EntityReport, undefined> {
  const max = plan.opts.maxErrors ?? 20;
  const errors: Diagnostic[] = [];
  let more = 0;
  const out: EntityScenario[] = [];
  for (let i = 0; i < plan.scenarios.length; i++) {
    const r = settleScenario(plan, i, max - errors.length);
    errors.push(...r.errors);
    more += r.more;
    out.push(r.scenario);
    yield;
  }
  if (errors.length) throw refusal(errors, more);
  return { ...plan.head, scenarios: out };
}

/** Settle every row of an entity file (per scenario of the grid), rows ordered by PY. */
export function settleEntities(file: EntityFile, opts: SettleOptions): EntityReport {
  const g = wholeReport(settlePlan(file, opts));
  for (let r = g.next(); ; r = g.next()) if (r.done) return r.value;
}

/** settleEntities, awaiting `pause` after each scenario (the CLI lets the event loop run: Ctrl-C acts). */
export async function settleEntitiesPausing(file: EntityFile, opts: SettleOptions, pause: () => Promise<void>): Promise<EntityReport> {
  const g = wholeReport(settlePlan(file, opts));
  for (let r = g.next(); ; r = g.next()) {
    if (r.done) return r.value;
    await pause();
  }
}
