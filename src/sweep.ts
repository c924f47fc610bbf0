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
import { MCO_LETTER_NOTE, MINIMUM_ALIGNED, type Band, type RuleSet } from './domain/rules.js';
import {
  didYouMean, isScenarioKey, KEY_NAMES, NUMBER_LIMITS_HINT, numberLimitProblem, parseValue, SCENARIO_KEYS, show,
  type ByEntitlement, type Origin, type PerYear, type ScenarioInput, type ScenarioKey,
} from './domain/scenario.js';
import { benchmarkOf, stopLossLines, type YearParams, type YearSettlement } from './engines/settlement.js';
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

const SAFE_CENTS = 2n ** 46n;

/** Money (integer cents) as the output contract writes it: "-1234.50", never "-0.00". */
export function centsText(c: bigint): string {
  if (c < SAFE_CENTS && c > -SAFE_CENTS) {
    // the common case in Number arithmetic: exact below 2^46 (a / 100 cannot round across a whole)
    const v = Number(c);
    const a = v < 0 ? -v : v;
    const whole = Math.floor(a / 100);
    const frac = a - whole * 100;
    return `${v < 0 ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
  }
  const neg = c < 0n;
  const s = (neg ? -c : c).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** A YearSettlement (simulate()'s Dec values) as a SweepYear, through the same column getters. */
export function sweepYearOf(y: YearSettlement): SweepYear {
  const o: Record<string, unknown> = {};
  for (const c of YEAR_COLUMNS) {
    const v = c.get(y);
    o[c.key] = typeof v === 'number' ? v : c.kind === 'money' ? BigInt(cents(v).times(100).toFixed(0)) : formatRate(v);
  }
  o.aligned_by = y.alignedBy;
  o.stop_loss_payout = centsOf(y.stopLossPayout);
  o.stop_loss_charge = centsOf(y.stopLossCharge);
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

const POW10: bigint[] = [];
function pow10(k: number): bigint {
  let p = POW10[k];
  if (p === undefined) {
    p = 10n ** BigInt(k);
    POW10[k] = p;
  }
  return p;
}
/** decimal.js (precision 40) is exact on integers below this; the fast path stays below it. */
const EXACT_LIMIT = 10n ** 40n;

/** n / p rounded half-even (p > 0). */
function roundHalfEven(n: bigint, p: bigint): bigint {
  if (p === 1n) return n;
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / p;
  const twice = (a - q * p) * 2n;
  if (twice > p || (twice === p && (q & 1n) === 1n)) q += 1n;
  return neg ? -q : q;
}

interface Scaled {
  readonly n: bigint;
  readonly k: number;
  /** n as a Number when |n| < 2^31 and k <= 15 (for the Number path). */
  readonly num?: number;
}
const scaledDecs = new WeakMap<Dec, Scaled>();
/** A Dec as mantissa / 10^k, exactly. */
function scaledOf(x: Dec): Scaled {
  let s = scaledDecs.get(x);
  if (s === undefined) {
    const t = scaled(x.toFixed());
    s = t.n < 2n ** 31n && t.n > -(2n ** 31n) && t.k <= 15 ? { ...t, num: Number(t.n) } : t;
    scaledDecs.set(x, s);
  }
  return s;
}

const SAFE = 2 ** 52; // products below it, and q x p with p <= 1e15, stay exact
const SAFE_BIG = 2n ** 53n;
const POW10N = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** n / p rounded half-even, in Number arithmetic: n and p exact integers below 2^53, p > 0. */
function roundHalfEvenNum(n: number, p: number): number {
  const a = n < 0 ? -n : n;
  let q = Math.trunc(a / p);
  let r = a - q * p; // exact: q * p is within p of a
  if (r < 0) {
    q -= 1;
    r += p;
  } else if (r >= p) {
    q += 1;
    r -= p;
  }
  if (2 * r > p || (2 * r === p && q % 2 === 1)) q += 1;
  return n < 0 ? -q : q;
}

/** cents(rate x money): the product of a rate and an amount in cents, rounded half-even to the cent. */
function rateTimesCents(rate: Dec, c: bigint): bigint {
  const r = scaledOf(rate);
  if (r.num !== undefined && c < SAFE_BIG && c > -SAFE_BIG) {
    // Number arithmetic while the product is exact (below 2^53): the common case, and faster
    const prod = r.num * Number(c);
    if (prod < SAFE && prod > -SAFE) return BigInt(roundHalfEvenNum(prod, POW10N[r.k]!));
  }
  const prod = r.n * c;
  if (prod >= EXACT_LIMIT || prod <= -EXACT_LIMIT) throw FALLBACK;
  return roundHalfEven(prod, pow10(r.k));
}

function centsOf(x: Dec): bigint {
  return BigInt(cents(x).times(100).toFixed(0));
}

/** An amount that must already be whole cents (else the fast path does not apply). */
function exactCents(x: Dec): bigint {
  if (x.decimalPlaces() > 2) throw FALLBACK;
  return BigInt(x.times(100).toFixed(0));
}

function decOfCents(c: bigint): Dec {
  return new Dec(`${c}e-2`);
}

/**
 * formatRate(S / base rounded to 10 places), where decimal.js first rounds the quotient to 40
 * significant digits and then to 10 decimal places, both half-even. S and base in cents, base != 0.
 */
export function savingsRateText(s: bigint, base: bigint): string {
  if (s === 0n) return '0';
  const neg = (s < 0n) !== (base < 0n);
  const n = s < 0n ? -s : s;
  const d = base < 0n ? -base : base;
  // Usually the quotient to 10 places settles it: q = floor(n x 10^10 / d), remainder r. The
  // 40-digit rounding moves the quotient x by at most half a unit of its 40th digit,
  // 0.5 x 10^(e - 39) (e: x's decimal exponent), and can change the result only if x is that close
  // to a half at the 11th place, |2r - d| / 2d x 10^-10; so the short way is exact when
  // |2r - d| x 10^30 > d x 10^(e + 1) (with e + 1 taken as 0 below 1). Else the long way below.
  const num10 = n * TEN10;
  const q = num10 / d;
  const r2 = (num10 - q * d) * 2n;
  const gap = r2 > d ? r2 - d : d - r2;
  const big = q >= TEN10 ? pow10(q.toString().length - 10) : 1n;
  if (gap * TEN30 > d * big) {
    const q10 = r2 > d || (r2 === d && (q & 1n) === 1n) ? q + 1n : q;
    return q10 === 0n ? '0' : decimalText(neg ? -q10 : q10, 10);
  }
  // Scale so that the integer part of the quotient has at least 41 digits.
  const p = Math.max(0, 42 + d.toString().length - n.toString().length);
  const num = n * pow10(p);
  const len = (num / d).toString().length;
  const unit = pow10(len - 40);
  const q40 = roundHalfEven(num, d * unit) * unit; // the quotient to 40 significant digits, / 10^p
  const q10 = p > 10 ? roundHalfEven(q40, pow10(p - 10)) : q40;
  return q10 === 0n ? '0' : decimalText(neg ? -q10 : q10, p > 10 ? 10 : p);
}
const TEN10 = 10n ** 10n;
const TEN30 = 10n ** 30n;

interface IntBands {
  /** Edges as integers at scale 10^f, shares at scale 10^h. */
  readonly from: readonly bigint[];
  readonly to: readonly (bigint | null)[];
  readonly share: readonly bigint[];
  readonly f: number;
  readonly h: number;
  /** The largest edge (at scale 10^f, at least 1). */
  readonly maxEdge: bigint;
  /**
   * Every intermediate value of the corridor is at most bands x 2M x max share (at scale 10^h),
   * where M = max(|S|, |base| x max edge); below 10^40 decimal.js computes each exactly. So the fast
   * path requires M < bound.
   */
  readonly bound: bigint;
}
const intBandsCache = new WeakMap<readonly Band[], IntBands>();
function intBands(bands: readonly Band[]): IntBands {
  let ib = intBandsCache.get(bands);
  if (ib === undefined) {
    const dec = (t: string) => scaled(new Dec(t).toFixed());
    const f = Math.max(0, ...bands.flatMap((b) => [dec(b.from).k, b.to === null ? 0 : dec(b.to).k]));
    const h = Math.max(0, ...bands.map((b) => dec(b.share).k));
    const at = (t: string, k: number) => {
      const x = dec(t);
      return x.n * pow10(k - x.k);
    };
    const abs = (x: bigint) => (x < 0n ? -x : x);
    const from = bands.map((b) => at(b.from, f));
    const to = bands.map((b) => (b.to === null ? null : at(b.to, f)));
    const share = bands.map((b) => at(b.share, h));
    const maxEdge = [...from, ...to].reduce<bigint>((m, x) => (x !== null && abs(x) > m ? abs(x) : m), 1n);
    const maxShare = share.reduce((m, x) => (abs(x) > m ? abs(x) : m), 1n);
    ib = { from, to, share, f, h, maxEdge, bound: EXACT_LIMIT / (2n * BigInt(Math.max(1, bands.length)) * maxShare) };
    intBandsCache.set(bands, ib);
  }
  return ib;
}

/** corridor() of settlement.ts on integers: S and base in cents; shared savings in cents. */
function corridorCents(s: bigint, base: bigint, bands: readonly Band[]): bigint {
  const ib = intBands(bands);
  const a = (s < 0n ? -s : s) * pow10(ib.f); // |S| in units of 10^-(2+f) dollars
  const edge = (base < 0n ? -base : base) * ib.maxEdge;
  if (a >= ib.bound || edge >= ib.bound) throw FALLBACK;
  let kept = 0n; // units of 10^-(2+f+h) dollars
  for (let i = 0; i < ib.from.length; i++) {
    const lo = base * ib.from[i]!;
    const to = ib.to[i]!;
    const hi = to === null ? null : base * to;
    if (a > lo) kept += ((hi === null || a < hi ? a : hi) - lo) * ib.share[i]!;
  }
  const shared = roundHalfEven(kept, pow10(ib.f + ib.h));
  return s < 0n ? -shared : shared;
}

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

const NO_STOP_LOSS = { payout: 0n, charge: 0n } as const;

class FastSettler {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly aggs = new Map<string, readonly YearAggregate[]>();
  /** B in cents by (aggregate, scenario rates, RTA). */
  private readonly benchmarks = new Memo<string, bigint>();
  private readonly paid = new Memo<string, bigint>();
  private readonly defaults = new Memo<string, { rate: Share; note?: string }>();
  private readonly fixed = new Memo<string, { exp: bigint; reduced: bigint }>();
  private readonly stopLoss = new Memo<string, { payout: bigint; charge: bigint }>();

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
    const aggId = this.id(agg);
    const B = this.benchmarks.get(`${aggId}|${this.id(p.rates.aged_disabled)}|${this.id(p.rates.esrd)}|${this.id(p.rta)}`, () => {
      const b = centsOf(benchmarkOf(agg, p));
      if (b >= 10n ** 30n || b <= -(10n ** 30n)) throw FALLBACK;
      return b;
    });
    const D = rateTimesCents(p.discountRate, B);
    const W = rateTimesCents(p.withholdRate, p.withholdBase === 'discounted' ? B - D : B);
    const Q = rateTimesCents(p.qualityScore, W);
    const Bstar = B - D - W + Q;

    let rate = p.capitationRate;
    if (rate === undefined) {
      const d = this.defaults.get(`${aggId}|${cap.id}|${rules.id}`, () => {
        const x = cap.defaultRate(rules, { agg, benchmark: ZERO, discount: ZERO });
        if (!x) throw FALLBACK;
        return x;
      });
      rate = d.rate;
      if (d.note) notes.push(d.note);
    }
    const capRate = rate;
    // PCC on a scenario rate is rate x B: no need to key a memo by the (varying) discount.
    const capitationPaid = cap.id === 'pcc' && capRate.den.eq(1)
      ? rateTimesCents(capRate.num, B)
      : this.paid.get(`${this.id(capRate)}|${cap.id}|${aggId}|${B}|${D}`, () =>
          exactCents(cap.paid(capRate, { agg, benchmark: decOfCents(B), discount: decOfCents(D) })),
        );
    const fx = this.fixed.get(`${aggId}|${cap.id}`, () => ({ exp: exactCents(agg.expenditure), reduced: exactCents(cap.reducedClaims(agg)) }));
    const feeReduction = rateTimesCents(p.feeReductionRate, fx.reduced);
    const sl = p.stopLoss;
    const stop = sl === undefined
      ? NO_STOP_LOSS
      : this.stopLoss.get(`${aggId}|${this.id(sl.attachments)}|${sl.shares.length ? this.id(sl.shares) : 0}|${this.id(sl.pbpm)}`, () => {
          const x = stopLossLines(agg, sl);
          return { payout: exactCents(x.payout), charge: exactCents(x.charge) };
        });
    const E = fx.exp - feeReduction + capitationPaid - stop.payout + stop.charge;
    const S = Bstar - E;
    const base = p.corridorBase === 'benchmark' ? B : Bstar;
    if (base <= 0n && S !== 0n) throw FALLBACK; // settleYear's error, with its message
    const shared = corridorCents(S, base, p.bands);
    const seq = shared > 0n ? rateTimesCents(p.sequestrationRate, shared) : 0n;
    const settlement = shared - seq;
    const gross = B - E;
    return {
      performance_year: agg.py,
      aligned_beneficiaries: agg.aligned,
      excluded_beneficiaries: agg.excluded,
      member_months: agg.memberMonths,
      discount_rate: rateText(p.discountRate),
      withhold_rate: rateText(p.withholdRate),
      quality_score: rateText(p.qualityScore),
      capitation_rate: shareText(capRate),
      sequestration_rate: rateText(p.sequestrationRate),
      benchmark: B,
      discount: D,
      quality_withhold: W,
      withhold_earned: Q,
      performance_benchmark: Bstar,
      capitation_paid: capitationPaid,
      fee_reduction: feeReduction,
      expenditure: E,
      savings: S,
      savings_rate: base === 0n ? '0' : savingsRateText(S, base),
      shared_savings: shared,
      sequestration: seq,
      settlement,
      gross_savings: gross,
      cms_net_savings: gross - settlement,
      aligned_by: agg.alignedBy,
      stop_loss_payout: stop.payout,
      stop_loss_charge: stop.charge,
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
