// sweep(): one population, many scenarios. The data is read and aggregated once; every scenario
// is resolved (engines/resolve.ts) and each PY settled by the one kernel (engines/kernel.ts) on
// exact integer cents against the cached PY aggregates (METHODOLOGY sections 5 and 9): the very
// arithmetic of `dcsim run`, so every figure equals run's to the cent. Pure: no I/O.
import type { AlignmentMethod, YearAggregate } from '../domain/aggregate.js';
import { DcsimError, usageError } from '../domain/errors.js';
import { formatCents, formatRatio, roundTo, type Ratio } from '../domain/exact.js';
import type { Population } from '../domain/population.js';
import type { ScenarioInput } from '../domain/scenario.js';
import { settleYear, type Entitlement, type RiskScores } from '../engines/kernel.js';
import { capitationNotes } from '../engines/settlement.js';
import { withAssigned } from '../engines/mssp.js';
import { checkAttachments, closingNotes, resolveFor, scenarioNotes, yearAggregate, type Resolved } from './simulate.js';
import { applyAxis, checkGrid, gridSize, MAX_SCENARIOS, type AxisValue, type Grid } from './sweep-grid.js';

export { checkGrid, expandRange, gridSize, MAX_SCENARIOS, parseVary, unusedAxisNotes, type Axis, type AxisValue, type Grid } from './sweep-grid.js';

// ---------------------------------------------------------------------------------------------
// Results

/**
 * One PY of one scenario: the fields of the output contract (METHODOLOGY section 10), named as its
 * columns. Money is integer cents; rates are the exact decimal text `dcsim run` prints.
 */
export interface SweepYear {
  readonly performance_year: number;
  readonly aligned_beneficiaries: number;
  readonly excluded_beneficiaries: number;
  readonly member_months: number;
  readonly discount_rate: string;
  readonly withhold_rate: string;
  readonly quality_score: string;
  readonly capitation_rate: string;
  readonly sequestration_rate: string;
  readonly benchmark: bigint;
  readonly discount: bigint;
  readonly quality_withhold: bigint;
  readonly withhold_earned: bigint;
  readonly performance_benchmark: bigint;
  readonly capitation_paid: bigint;
  readonly fee_reduction: bigint;
  readonly expenditure: bigint;
  readonly savings: bigint;
  readonly savings_rate: string;
  readonly shared_savings: bigint;
  readonly sequestration: bigint;
  readonly settlement: bigint;
  readonly gross_savings: bigint;
  readonly cms_net_savings: bigint;
  /** Schema version 2 (METHODOLOGY section 10): appended after cms_net_savings. */
  readonly retention_withhold: bigint;
  readonly heba: bigint;
  readonly corridor_base: bigint;
  /** Schema version 3 (rule set lead; 0.00, 0.00 and the settlement under dc and reach). */
  readonly admin_addon: bigint;
  readonly enhanced_pcc_recoupment: bigint;
  readonly net_cash: bigint;
  /** Schema version 3: appended after corridor_base. */
  readonly expenditure_completion: bigint;
  /** Schema version 3: program mssp's lines; '' (an empty CSV cell, JSON null) for REACH and LEAD. */
  readonly msr: string;
  readonly mlr: string;
  readonly final_sharing_rate: string;
  readonly shared_loss_rate: string;
  readonly cap: bigint | '';
  readonly result: string;
  readonly aligned_by: Readonly<Record<AlignmentMethod, number>>;
  /** The risk-score chain's scores (JSON only), when the scenario uses it. */
  readonly risk?: Readonly<Partial<Record<Entitlement, RiskScores>>>;
  /** Stop-loss lines (part of expenditure; not CSV contract columns): zero without stop-loss. */
  readonly stop_loss_payout: bigint;
  readonly stop_loss_charge: bigint;
}

export interface SweepScenario {
  /** 1, 2, ... in the sweep's order: list entries outermost, then the grid with the last axis fastest. */
  readonly id: number;
  readonly name?: string;
  /** The value of each axis, in the grid's order. */
  readonly values: readonly AxisValue[];
  readonly input: ScenarioInput;
}

export type SweepResult =
  | { readonly ok: true; readonly scenario: SweepScenario; readonly years: readonly SweepYear[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly scenario: SweepScenario; readonly error: DcsimError };

/** Money (integer cents) as the output contract writes it: formatCents (src/domain/exact.ts). */
export const centsText = (c: bigint): string => formatCents(c);

const rateTexts = new WeakMap<Ratio, string>();
/** A parameter rate as `dcsim run` prints it (exact decimal text), cached by identity. */
function rateText(x: Ratio): string {
  let t = rateTexts.get(x);
  if (t === undefined) {
    t = formatRatio(x, 40);
    rateTexts.set(x, t);
  }
  return t;
}

const capTexts = new WeakMap<object, Map<string, string>>();
/** capitation_rate as `dcsim run` shows it: rounded half-even to 10 places; cached by the rate given,
 *  or (a rate derived from the data) by the PY's sums and the claims it is a share of. */
function capText(rate: Ratio, key: object, claims: string): string {
  let byClaims = capTexts.get(key);
  if (byClaims === undefined) capTexts.set(key, (byClaims = new Map()));
  let t = byClaims.get(claims);
  if (t === undefined) {
    t = formatRatio(roundTo(rate, 10), 40);
    byClaims.set(claims, t);
  }
  return t;
}

/** Settle a resolved scenario, every PY through the kernel; notes as simulate() gives them. */
function settleResolved(pop: Population, r: Resolved, notes: string[], aggs: Map<string, YearAggregate[]>): SweepYear[] {
  const out: SweepYear[] = [];
  let byPy = aggs.get(r.attribution);
  if (!byPy) aggs.set(r.attribution, (byPy = r.years.map((y) => yearAggregate(pop, y.py, r.attribution))));
  for (let i = 0; i < r.years.length; i++) {
    const ey = r.years[i]!;
    const agg = byPy[i]!;
    const p = ey.rules;
    const k = settleYear(agg.sums, withAssigned(p, agg.aligned));
    const m = k.mssp;
    const opt = (x: Ratio | undefined): string => (x === undefined ? '' : rateText(x));
    notes.push(...capitationNotes(agg.py, k, p, r.capitation.rateKey));
    out.push({
      performance_year: agg.py,
      aligned_beneficiaries: agg.aligned,
      excluded_beneficiaries: agg.excluded,
      member_months: agg.memberMonths,
      discount_rate: rateText(p.discountRate),
      withhold_rate: rateText(p.withholdRate),
      quality_score: rateText(p.qualityScore),
      capitation_rate: capText(k.capitationRate, p.capitation.rate ?? agg.sums, p.capitation.reduces),
      sequestration_rate: rateText(p.sequestrationRate),
      benchmark: k.benchmark,
      discount: k.discount,
      quality_withhold: k.qualityWithhold,
      withhold_earned: k.withholdEarned,
      performance_benchmark: k.performanceBenchmark,
      capitation_paid: k.capitationPaid,
      fee_reduction: k.feeReduction,
      expenditure: k.expenditure,
      savings: k.savings,
      savings_rate: formatRatio(k.savingsRate, 10),
      shared_savings: k.sharedSavings,
      sequestration: k.sequestration,
      settlement: k.settlement,
      gross_savings: k.grossSavings,
      cms_net_savings: k.cmsNetSavings,
      retention_withhold: k.retentionWithhold,
      heba: k.heba,
      corridor_base: k.corridorBase,
      admin_addon: k.adminAddon,
      enhanced_pcc_recoupment: k.enhancedPccRecoupment,
      net_cash: k.netCash,
      expenditure_completion: k.expenditureCompletion,
      msr: opt(m?.msr), mlr: opt(m?.mlr), final_sharing_rate: opt(m?.finalSharingRate), shared_loss_rate: opt(m?.sharedLossRate),
      cap: m?.cap ?? '', result: m?.result ?? '',
      aligned_by: agg.alignedBy,
      stop_loss_payout: k.stopLossPayout,
      stop_loss_charge: k.stopLossCharge,
      ...(k.risk ? { risk: k.risk } : {}),
    });
    const warn = scenarioNotes(r, agg.py, agg.aligned);
    if (warn) notes.push(warn);
  }
  notes.push(...closingNotes(r.input, r.years.map((y) => y.py), r));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The sweep

/**
 * Settle every scenario of a sweep, in order: each list entry (merged over `base`; just `base` when
 * there is no list) times every point of the grid (the last axis varying fastest). A scenario that
 * cannot be settled (an invalid combination, a missing rate) is a result with its error; the
 * others still run. Lazy: results are produced as they are consumed.
 */
export function* sweep(population: Population, base: ScenarioInput, grid: Grid = [], list?: readonly ScenarioInput[]): Generator<SweepResult, void, undefined> {
  checkGrid(grid);
  const size = gridSize(grid, list?.length);
  if (size > MAX_SCENARIOS) throw usageError(`the sweep has ${size.toLocaleString('en-US')} scenarios; at most ${MAX_SCENARIOS.toLocaleString('en-US')}`, 'use fewer values or larger steps');
  if (size === 0) return;
  const starts = list ?? [undefined];
  // The PY aggregates by attribution policy, in the population's PY order (each scenario resolves every PY).
  const aggs = new Map<string, YearAggregate[]>();
  const idx = grid.map(() => 0);
  let id = 0;
  for (const entry of starts) {
    const start: ScenarioInput = entry === undefined ? base : { ...base, ...entry };
    // Every axis key present from the start: each scenario's copy then has the same shape, and
    // setting a varied value changes a field rather than adding one (much faster in V8).
    const template: Record<string, unknown> = { ...start };
    for (const a of grid) if (!(a.key in template)) template[a.key] = undefined;
    idx.fill(0);
    for (;;) {
      const input: Record<string, unknown> = { ...template };
      const values: AxisValue[] = [];
      for (let a = 0; a < grid.length; a++) {
        const axis = grid[a]!;
        const v = axis.values[idx[a]!]!;
        values.push(v);
        applyAxis(input, axis, v);
      }
      const scenarioInput = input as ScenarioInput;
      const scenario: SweepScenario = { id: ++id, ...(scenarioInput.name !== undefined ? { name: scenarioInput.name } : {}), values, input: scenarioInput };
      yield settleOne(population, scenario, aggs);
      // next grid point (odometer, last axis fastest)
      let a = grid.length - 1;
      while (a >= 0) {
        idx[a]!++;
        if (idx[a]! < grid[a]!.values.length) break;
        idx[a] = 0;
        a--;
      }
      if (a < 0) break;
    }
  }
}

function settleOne(pop: Population, scenario: SweepScenario, aggs: Map<string, YearAggregate[]>): SweepResult {
  const notes: string[] = [];
  try {
    const resolved = resolveFor(pop, scenario.input);
    checkAttachments(pop, scenario.input);
    return { ok: true, scenario, years: settleResolved(pop, resolved, notes, aggs), notes };
  } catch (e) {
    if (e instanceof DcsimError) return { ok: false, scenario, error: e };
    throw e;
  }
}

/** Sweep everything at once (for callers that want an array). */
export function sweepAll(population: Population, base: ScenarioInput, grid: Grid = [], list?: readonly ScenarioInput[]): SweepResult[] {
  return [...sweep(population, base, grid, list)];
}
