// sweep(): one population, many scenarios. The data is read and aggregated once; every scenario
// is a set of parameters settled against the cached PY aggregates (METHODOLOGY sections 5 and 9).
// Pure: no I/O.
//
// Speed without a second rulebook. simulate() settles with decimal.js, 100 µs or more a scenario;
// a 10,000-scenario grid that should cost no more than reading the data needs a few µs each. So the
// sweep settles each PY on integer cents (BigInt), reproducing settleYear()'s arithmetic exactly:
// - lines that depend on the data or on an engine (benchmark B, capitation paid, the default
//   capitation rate) come from the same functions simulate() uses, memoised by their operands;
// - a money line `rate x money`, rounded half-even to the cent, is rate_mantissa x cents rounded at
//   the rate's scale. decimal.js computes that product exactly whenever it has at most 40
//   significant digits (its precision), so the integer result is the same; beyond that bound the
//   sweep does not guess: the scenario is settled by simulate();
// - the corridor, the sequestration and the savings rate (S / base to 40 significant digits, then
//   10 decimal places, both half-even, as decimal.js does) are computed the same way.
// Any scenario the fast path cannot settle (an error, an operand beyond the bound) goes through
// simulate(), so errors carry the very same message. The tests check every figure against simulate().
import type { AlignmentMethod, YearAggregate } from './domain/aggregate.js';
import { Dec, ZERO } from './domain/decimal.js';
import { DcsimError, usageError } from './domain/errors.js';
import { cents, formatRate, type Share } from './domain/money.js';
import { ENTITLEMENTS, MAX_PY, MIN_PY, type Entitlement, type Population } from './domain/population.js';
import { MCO_LETTER_NOTE, MINIMUM_ALIGNED, type RuleSet } from './domain/rules.js';
import {
  didYouMean, isScenarioKey, KEY_NAMES, NUMBER_LIMITS_HINT, numberLimitProblem, parseValue, SCENARIO_KEYS, show,
  type ByEntitlement, type Origin, type PerYear, type ScenarioInput, type ScenarioKey,
} from './domain/scenario.js';
import { formatCents, formatRatio } from './domain/exact.js';
import { settleYear } from './engines/kernel.js';
import { yearRules, yearSums, type YearParams, type YearSettlement } from './engines/settlement.js';
import type { CapitationEngine } from './engines/types.js';
import { YEAR_COLUMNS } from './report/settlement.js';
import { attachmentCents, resolveScenario, simulate, yearAggregate, type Resolved } from './simulate.js';

// ---------------------------------------------------------------------------------------------
// The grid

/** Most scenarios one sweep may run (grid size x list length). */
export const MAX_SCENARIOS = 1_000_000;

export interface AxisValue {
  /** Canonical text (the CSV cell): "0.0125", "global", "true". */
  readonly text: string;
  /** The JSON value: rates as strings, whole numbers as numbers, booleans as booleans. */
  readonly json: string | number | boolean;
  /** The parsed value: the scenario value for the key, or for `key.sub` a PerYear (by entitlement) or a Dec (one PY). */
  readonly value: unknown;
}

/** One `--vary`: a key (or `key.entitlement` / `key.PY`) and its values, in order. */
export interface Axis {
  readonly key: ScenarioKey;
  readonly sub?: string;
  /** Output column name: the key, or `key.sub`. */
  readonly column: string;
  readonly values: readonly AxisValue[];
}

export type Grid = readonly Axis[];

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function varyOrigin(column: string): Origin {
  return { where: () => `--vary ${column}`, exitCode: 2 };
}

/** An exact decimal string as (integer mantissa, scale). */
function scaled(text: string): { n: bigint; k: number } {
  const t = text.trim();
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const [i = '', f = ''] = body.split('.');
  const n = BigInt(`${i || '0'}${f}`);
  return { n: neg ? -n : n, k: f.length };
}

/** mantissa / 10^k as a plain decimal string without trailing zeros ("0.05", "1", "0"). */
export function decimalText(n: bigint, k: number): string {
  const neg = n < 0n;
  let s = (neg ? -n : n).toString();
  if (k > 0) {
    s = s.padStart(k + 1, '0');
    const int = s.slice(0, s.length - k);
    const frac = s.slice(s.length - k).replace(/0+$/, '');
    s = frac ? `${int}.${frac}` : int;
  }
  return s === '0' ? '0' : neg ? `-${s}` : s;
}

/**
 * start:stop:step, stop inclusive, in exact decimal steps: the values are start + i x step for
 * i = 0, 1, ... while they do not pass stop. Usage errors (exit 2) for anything else.
 */
export function expandRange(text: string, what = '--vary'): string[] {
  const parts = text.split(':');
  if (parts.length !== 3) throw usageError(`${what}: "${text}" is not a range`, 'a range is start:stop:step, e.g. 0.0005:0.05:0.0005 (stop inclusive)');
  for (const p of parts) {
    if (!DECIMAL_RE.test(p.trim())) throw usageError(`${what}: "${p.trim()}" in the range ${text} is not a number`, 'start, stop and step are plain decimals, e.g. 0.01:1:0.01');
    const problem = numberLimitProblem(p.trim());
    if (problem !== undefined) throw new DcsimError([{ message: `${what}: ${show(p.trim())} in the range ${show(text)} ${problem}`, hint: NUMBER_LIMITS_HINT }], 1);
  }
  const [a, b, s] = parts.map(scaled) as [{ n: bigint; k: number }, { n: bigint; k: number }, { n: bigint; k: number }];
  const k = Math.max(a.k, b.k, s.k);
  const up = (x: { n: bigint; k: number }) => x.n * 10n ** BigInt(k - x.k);
  const start = up(a);
  const stop = up(b);
  const step = up(s);
  if (step <= 0n) throw usageError(`${what}: the step of ${text} must be above 0`, 'e.g. 0.01:1:0.01');
  if (start > stop) throw usageError(`${what}: the range ${text} starts above its stop`, 'ranges run upward: start:stop:step with start <= stop');
  const count = (stop - start) / step + 1n;
  if (count > BigInt(MAX_SCENARIOS)) throw usageError(`${what}: the range ${text} has ${count} values; a sweep runs at most ${MAX_SCENARIOS.toLocaleString('en-US')} scenarios`, 'use a larger step or a narrower range');
  const out: string[] = [];
  for (let v = start; v <= stop; v += step) out.push(decimalText(v, k));
  return out;
}

/** Parse one `--vary KEY=v1,v2,...` or `--vary KEY=start:stop:step`. Usage errors exit 2. */
export function parseVary(spec: string): Axis {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw usageError(`--vary ${spec}: expected KEY=v1,v2,... or KEY=start:stop:step`, 'e.g. --vary discount_rate=0.01,0.02 or --vary quality_score=0.5:1:0.1');
  const keyText = spec.slice(0, eq).trim();
  const valuesText = spec.slice(eq + 1).trim();
  const [rawKey = '', sub, ...rest] = keyText.split('.');
  const key = rawKey.replace(/-/g, '_');
  if (!isScenarioKey(key) || rest.length) {
    const guess = didYouMean(rawKey, KEY_NAMES);
    throw usageError(`--vary ${keyText}: unknown scenario key`, guess ? `did you mean "${guess}"? (dcsim engines lists every key)` : 'dcsim engines lists every key');
  }
  const k = key as ScenarioKey;
  const kind = SCENARIO_KEYS[k].kind;
  if (kind === 'text') throw usageError(`--vary ${keyText}: "${k}" is a label, not a parameter`, 'name scenarios in a --scenarios list');
  if (kind === 'list') throw usageError(`--vary ${keyText}: "${k}" is a list of values and cannot be varied`, 'give each list in a --scenarios entry (stop-loss attachment points are applied while reading, so one sweep has one set)');
  if (kind === 'byEntitlement' && (sub === undefined || !(ENTITLEMENTS as readonly string[]).includes(sub))) {
    throw usageError(`--vary ${keyText}: vary one entitlement's rate at a time`, `e.g. --vary ${k}.aged_disabled=950,1000 (entitlements: ${ENTITLEMENTS.join(', ')})`);
  }
  if (kind === 'perYear' && sub !== undefined && !(/^\d{4}$/.test(sub) && Number(sub) >= MIN_PY && Number(sub) <= MAX_PY)) {
    throw usageError(`--vary ${keyText}: "${sub}" is not a performance year`, `vary one PY's value with ${k}.2023=..., or every PY's with ${k}=...`);
  }
  if (kind !== 'perYear' && kind !== 'byEntitlement' && sub !== undefined) throw usageError(`--vary ${keyText}: "${k}" has no parts`, `use --vary ${k}=...`);
  const column = sub === undefined ? k : `${k}.${sub}`;
  if (valuesText === '') throw usageError(`--vary ${column}: no values`, 'give values (v1,v2,...) or a range (start:stop:step)');
  const numeric = kind === 'perYear' || kind === 'byEntitlement' || kind === 'int';
  let texts: string[];
  if (valuesText.includes(':')) {
    if (!numeric) throw usageError(`--vary ${column}: a range needs a numeric key`, `list the values: --vary ${column}=${kind === 'enum' ? (SCENARIO_KEYS[k] as { values: readonly string[] }).values.join(',') : 'true,false'}`);
    texts = expandRange(valuesText, `--vary ${column}`);
  } else {
    texts = valuesText.split(',').map((t) => t.trim());
    if (texts.some((t) => t === '')) throw usageError(`--vary ${column}=${valuesText}: an empty value`, 'separate values with single commas: v1,v2,v3');
  }
  const origin = varyOrigin(column);
  const values = texts.map((t): AxisValue => {
    switch (kind) {
      case 'perYear': {
        const v = parseValue(k, t, origin) as PerYear;
        const text = formatRate(v.all!);
        return { text, json: text, value: sub === undefined ? v : v.all };
      }
      case 'byEntitlement': {
        const v = (parseValue(k, { [sub!]: t }, origin) as ByEntitlement)[sub as Entitlement]!;
        const text = formatRate(v.all!);
        return { text, json: text, value: v };
      }
      case 'int': {
        const v = parseValue(k, t, origin) as number;
        return { text: String(v), json: v, value: v };
      }
      case 'bool': {
        const v = parseValue(k, t, origin) as boolean;
        return { text: String(v), json: v, value: v };
      }
      default: {
        const v = parseValue(k, t, origin) as string;
        return { text: v, json: v, value: v };
      }
    }
  });
  return sub === undefined ? { key: k, column, values } : { key: k, sub, column, values };
}

/** Check a grid's axes together: one axis per column, a key not varied both whole and in part. */
export function checkGrid(grid: Grid): void {
  const seen = new Set<string>();
  for (const a of grid) {
    if (seen.has(a.column)) throw usageError(`--vary ${a.column} is given twice`, 'give every value of a key in one --vary');
    seen.add(a.column);
  }
  for (const a of grid) {
    if (a.sub !== undefined && seen.has(a.key)) throw usageError(`--vary ${a.column} and --vary ${a.key} both set ${a.key}`, `vary ${a.key} as a whole or by part, not both`);
  }
}

/** Scenarios a sweep runs: the product of the axes' lengths, times the list's length (if any). */
export function gridSize(grid: Grid, listLength?: number): number {
  let n = listLength === undefined ? 1 : listLength;
  for (const a of grid) n *= a.values.length;
  return n;
}

function applyAxis(input: Record<string, unknown>, axis: Axis, v: AxisValue): void {
  if (axis.sub === undefined) {
    input[axis.key] = v.value;
  } else if (SCENARIO_KEYS[axis.key].kind === 'byEntitlement') {
    input[axis.key] = { ...(input[axis.key] as ByEntitlement | undefined), [axis.sub]: v.value as PerYear };
  } else {
    const prev = input[axis.key] as PerYear | undefined;
    const byYear = new Map(prev?.byYear);
    byYear.set(Number(axis.sub), v.value as Dec);
    input[axis.key] = { all: prev?.all, byYear } satisfies PerYear;
  }
}

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
  readonly aligned_by: Readonly<Record<AlignmentMethod, number>>;
  /** Stop-loss lines (part of expenditure; not CSV contract columns): zero without stop-loss. */
  readonly stop_loss_payout: bigint;
  readonly stop_loss_charge: bigint;
}

/** The output-contract fields of a SweepYear (the CSV columns). */
export type SweepColumn = Exclude<keyof SweepYear, 'aligned_by' | 'stop_loss_payout' | 'stop_loss_charge'>;

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

/** A YearSettlement (simulate()'s Dec values) as a SweepYear, through the same column getters. */
export function sweepYearOf(y: YearSettlement): SweepYear {
  const o: Record<string, unknown> = {};
  for (const c of YEAR_COLUMNS) {
    const v = c.get(y);
    o[c.key] = typeof v === 'number' ? v : c.kind === 'money' ? BigInt(cents(v).times(100).toFixed(0)) : formatRate(v);
  }
  o.aligned_by = y.alignedBy;
  o.stop_loss_payout = BigInt(cents(y.stopLossPayout).times(100).toFixed(0));
  o.stop_loss_charge = BigInt(cents(y.stopLossCharge).times(100).toFixed(0));
  return o as unknown as SweepYear;
}

// ---------------------------------------------------------------------------------------------
// The fast settlement: integer cents, exact, checked against settleYear() by the tests.

/**
 * The scenario keys the fast path settles exactly as simulate() does. A scenario with any other key
 * (one added to the model later) is settled by simulate(): slower, never wrong.
 */
const FAST_KEYS: ReadonlySet<string> = new Set([
  'name', 'track', 'capitation', 'rules', 'attribution', 'benchmark_pbpm', 'historical_pbpm', 'regional_pbpm',
  'historical_weight', 'rta', 'discount_rate', 'withhold_rate', 'withhold_phase_in', 'first_performance_year',
  'withhold_base', 'quality_score', 'pcc_rate', 'tcc_rate', 'pcc_fee_reduction', 'tcc_fee_reduction',
  'corridor_base', 'sequestration_rate', 'dce_type', 'mco_based', 'cost_shift_threshold',
  'stop_loss_attachment', 'stop_loss_share', 'stop_loss_pbpm',
]);

/** Thrown inside the fast path: settle this scenario with simulate() instead. */
const FALLBACK: unique symbol = Symbol('fallback');

const rateTexts = new WeakMap<Dec, string>();
function rateText(x: Dec): string {
  let t = rateTexts.get(x);
  if (t === undefined) {
    t = formatRate(x);
    rateTexts.set(x, t);
  }
  return t;
}

const shareTexts = new WeakMap<Share, string>();
/** capitation_rate as `dcsim run` shows it: the rate to 10 decimal places. */
function shareText(s: Share): string {
  let t = shareTexts.get(s);
  if (t === undefined) {
    t = formatRate(s.value.toDecimalPlaces(10));
    shareTexts.set(s, t);
  }
  return t;
}

/** Memo tables of one sweep over one population; each bounded, so a huge grid cannot exhaust memory. */
class Memo<K, V> {
  private readonly m = new Map<K, V>();
  constructor(private readonly max = 200_000) {}
  get(k: K, make: () => V): V {
    let v = this.m.get(k);
    if (v === undefined) {
      if (this.m.size >= this.max) this.m.clear();
      v = make();
      this.m.set(k, v);
    }
    return v;
  }
}

class FastSettler {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly aggs = new Map<string, readonly YearAggregate[]>();
  private readonly defaults = new Memo<string, { rate: Share; note?: string }>();

  constructor(private readonly pop: Population) {}

  private id(o: object | undefined): number {
    if (o === undefined) return 0;
    let i = this.ids.get(o);
    if (i === undefined) {
      i = this.nextId++;
      this.ids.set(o, i);
    }
    return i;
  }

  aggregates(r: Resolved): readonly YearAggregate[] {
    let a = this.aggs.get(r.attribution);
    if (a === undefined) {
      a = r.years.map((y) => yearAggregate(this.pop, y.params.py, r.attribution));
      this.aggs.set(r.attribution, a);
    }
    return a;
  }

  /** simulate() of a resolved scenario, on integers. Notes as simulate() gives them. */
  settle(r: Resolved, notes: string[]): SweepYear[] {
    const input = r.input;
    for (const k in input) if (!FAST_KEYS.has(k) && input[k as keyof ScenarioInput] !== undefined) throw FALLBACK;
    if (input.stop_loss_attachment !== undefined && attachmentCents(input).join() !== this.pop.attachments.join()) throw FALLBACK;
    const aggs = this.aggregates(r);
    const out: SweepYear[] = [];
    for (let i = 0; i < r.years.length; i++) {
      const y = this.year(aggs[i]!, r.years[i]!.params, r.capitation, r.rules, notes);
      out.push(y);
      // As simulate(): checked when the scenario names its DCE type.
      const min = input.dce_type ? MINIMUM_ALIGNED[input.dce_type][y.performance_year] : undefined;
      if (min !== undefined && y.aligned_beneficiaries < min) {
        notes.push(`warning: PY${y.performance_year}: ${y.aligned_beneficiaries} aligned beneficiaries, below the ${min} minimum for a ${r.dceType.replace('_', ' ')} DCE [CMS, REACH]`);
      }
    }
    if (input.mco_based) notes.push(MCO_LETTER_NOTE);
    return out;
  }

  private year(agg: YearAggregate, p: YearParams, cap: CapitationEngine, rules: RuleSet, notes: string[]): SweepYear {
    let rate = p.capitationRate;
    if (rate === undefined) {
      const d = this.defaults.get(`${this.id(agg)}|${cap.id}|${rules.id}`, () => {
        const x = cap.defaultRate(rules, { agg, benchmark: ZERO, discount: ZERO });
        if (!x) throw FALLBACK;
        return x;
      });
      rate = d.rate;
      if (d.note) notes.push(d.note);
    }
    const k = settleYear(yearSums(agg), yearRules(p, cap, rate));
    return {
      performance_year: agg.py,
      aligned_beneficiaries: agg.aligned,
      excluded_beneficiaries: agg.excluded,
      member_months: agg.memberMonths,
      discount_rate: rateText(p.discountRate),
      withhold_rate: rateText(p.withholdRate),
      quality_score: rateText(p.qualityScore),
      capitation_rate: shareText(rate),
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
      aligned_by: agg.alignedBy,
      stop_loss_payout: k.stopLossPayout,
      stop_loss_charge: k.stopLossCharge,
    };
  }
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
  const fast = new FastSettler(population);
  const starts = list ?? [undefined];
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
      yield settleOne(population, fast, scenario);
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

function settleOne(pop: Population, fast: FastSettler, scenario: SweepScenario): SweepResult {
  let resolved: Resolved;
  try {
    resolved = resolveScenario(scenario.input, pop.years);
  } catch (e) {
    if (e instanceof DcsimError) return { ok: false, scenario, error: e };
    throw e;
  }
  const notes: string[] = [];
  try {
    return { ok: true, scenario, years: fast.settle(resolved, notes), notes };
  } catch (e) {
    if (e !== FALLBACK && !(e instanceof DcsimError)) throw e;
  }
  // The reference path: the same error message, or (beyond the fast path's bounds) the figures.
  try {
    const sim = simulate(pop, scenario.input);
    return { ok: true, scenario, years: sim.years.map(sweepYearOf), notes: sim.notes };
  } catch (e) {
    if (e instanceof DcsimError) return { ok: false, scenario, error: e };
    throw e;
  }
}

/** Sweep everything at once (for callers that want an array). */
export function sweepAll(population: Population, base: ScenarioInput, grid: Grid = [], list?: readonly ScenarioInput[]): SweepResult[] {
  return [...sweep(population, base, grid, list)];
}
