// Scenario parameters (METHODOLOGY section 9): one table of keys drives the JSON reader, the
// command-line flags, `dcsim engines` and the effective-parameter report.
import { DcsimError, usageError } from './errors.js';
import { didYouMean } from './did-you-mean.js';
import { cmp, formatDecimal, ratio, type Ratio } from './exact.js';
import { JsonNumber } from './json.js';
import { ENTITLEMENTS, MAX_PY, MIN_PY, type Entitlement } from './population.js';
import { MSSP_KEY_ROWS } from './mssp.js';
import { LEAD_TERMS } from './lead.js';
import { parseLeadBuild, type LeadBenchmarkBuild } from './lead-benchmark.js';
import { CAPITATION_IDS, RULE_SET_IDS, TRACK_IDS, type Band } from './rules.js';
export type { CapitationId } from './rules.js';
export type AttributionId = 'standard' | 'mltss-first';
/** A per-year value: one for every PY, overridden year by year (exact: parsed from decimal text). */
export interface PerYear {
  readonly all?: Ratio;
  readonly byYear: ReadonlyMap<number, Ratio>;
}
/** Rates by entitlement, each per year. */
export type ByEntitlement = Readonly<Partial<Record<Entitlement, PerYear>>>;

export interface Range {
  readonly min?: string;
  readonly max?: string;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

/** The rule-set schedule that gives a per-year key its default (METHODOLOGY section 6). */
export type ScheduleName = 'withhold' | 'sequestration' | 'hebaUp' | 'hebaDown';

type KeySpec =
  | { kind: 'enum'; values: readonly string[]; default: string; doc: string; numeric?: boolean }
  | { kind: 'bool'; default: boolean; doc: string }
  | { kind: 'int'; default: string; doc: string; min: number; max: number }
  | { kind: 'perYear'; range: Range; default: string; doc: string; value?: string; schedule?: ScheduleName }
  | { kind: 'byEntitlement'; range: Range; default: string; doc: string }
  | { kind: 'text'; default: string; doc: string }
  | { kind: 'list'; range: Range; default: string; doc: string }
  | { kind: 'bands'; default: string; doc: string }
  | { kind: 'object'; default: string; doc: string };

const SHARE: Range = { min: '0', max: '1' };
const SHARE_OPEN: Range = { min: '0', max: '1', maxOpen: true };
const POSITIVE: Range = { min: '0', minOpen: true };
const MONEY: Range = { min: '0' };

/**
 * Every scenario key (METHODOLOGY section 9), in the order the effective parameters are reported.
 * A row generates the key's type in ScenarioInput, its flag, its parsing, its resolution (a per-year
 * key resolves to the scenario's value, else its rule-set `schedule`, else its `value`) and its report.
 * Enum values of the registries (track, capitation, rules) are their ids.
 */
export const SCENARIO_KEYS = {
  name: { kind: 'text', default: 'none', doc: 'a label for the scenario (shown in sweeps)' },
  track: { kind: 'enum', values: TRACK_IDS, default: 'global', doc: 'payment track: professional (50% shared savings/losses) or global (100%)' },
  capitation: { kind: 'enum', values: CAPITATION_IDS, default: 'pcc', doc: 'capitation: pcc (primary care) or tcc (total care, global only)' },
  rules: { kind: 'enum', values: RULE_SET_IDS, default: 'dc', doc: 'rule set: dc (as announced 2019-2020), reach (as updated 2022-2025) or lead (LEAD, PY2027-2036; docs/lead.md)' },
  attribution: { kind: 'enum', values: ['standard', 'mltss-first'], default: 'standard', doc: 'alignment policy: standard (voluntary, then claims) or mltss-first (MLTSS enrollment first)' },
  benchmark_pbpm: { kind: 'byEntitlement', range: POSITIVE, default: 'none (rows may carry their own)', doc: 'benchmark rate per beneficiary per month, by entitlement and PY' },
  rta: { kind: 'byEntitlement', range: POSITIVE, default: '1', doc: 'retrospective trend adjustment factor, by PY (every entitlement) or by entitlement and PY' },
  discount_rate: { kind: 'perYear', range: SHARE_OPEN, default: 'rule set (global), 0 (professional)', doc: 'benchmark discount d(PY)' },
  withhold_rate: { kind: 'perYear', range: SHARE_OPEN, default: 'rule set', schedule: 'withhold', doc: 'quality withhold w(PY)' },
  withhold_phase_in: { kind: 'bool', default: false, doc: 'phase the withhold in over five PYs: rate x min(k, 5)/5' },
  first_performance_year: { kind: 'int', default: 'first PY in the data', doc: 'PY 1 of the phase-in', min: MIN_PY, max: MAX_PY },
  withhold_base: { kind: 'enum', values: ['benchmark', 'discounted'], default: 'benchmark', doc: 'withhold base: benchmark B, or discounted B - D' },
  quality_score: { kind: 'perYear', range: SHARE, default: '1', value: '1', doc: 'quality score q: share of the withhold earned back' },
  pcc_rate: { kind: 'perYear', range: SHARE, default: "the PY's primary_care_spend / expenditure", doc: 'primary care capitation as a share of the benchmark (CMS\'s 2019 fact sheet: 7%, base plus Enhanced PCC; applies only when given)' },
  tcc_rate: { kind: 'perYear', range: SHARE, default: "the PY's participant_spend / expenditure", doc: 'total care capitation as a share of the discounted benchmark' },
  pcc_fee_reduction: { kind: 'perYear', range: SHARE, default: '1', value: '1', doc: 'share of primary_care_spend the FFS claims are reduced by under PCC' },
  tcc_fee_reduction: { kind: 'perYear', range: SHARE, default: '1', value: '1', doc: 'share of participant_spend the FFS claims are reduced by under TCC' },
  corridor_base: { kind: 'enum', values: ['performance_benchmark', 'benchmark'], default: 'performance_benchmark', doc: 'base of the savings rate and the corridor bands' },
  sequestration_rate: { kind: 'perYear', range: SHARE_OPEN, default: '0.02 (rule set)', schedule: 'sequestration', doc: 'sequestration on positive shared savings' },
  historical_pbpm: { kind: 'byEntitlement', range: POSITIVE, default: 'none', doc: 'historical rate for the blend, by entitlement and PY' },
  regional_pbpm: { kind: 'byEntitlement', range: POSITIVE, default: 'none', doc: 'regional rate for the blend, by entitlement and PY' },
  historical_weight: { kind: 'perYear', range: SHARE, default: 'none', doc: 'weight w of the historical rate: rate = w x historical + (1 - w) x regional' },
  dce_type: { kind: 'enum', values: ['standard', 'new_entrant', 'high_needs'], default: 'standard', doc: 'DCE type: sets the historical_weight default (REACH weights) and the minimum aligned beneficiaries checked' },
  mco_based: { kind: 'bool', default: false, doc: 'an MCO-based DCE (reminds that a state Medicaid agency letter of support is required)' },
  cost_shift_threshold: { kind: 'perYear', range: { min: '-1' }, default: '0 (a modelling choice: no CMS rule sets one)', value: '0', doc: 'Medicaid PMPM growth above which a PY with Medicare savings is flagged as a possible cost shift' },
  stop_loss_attachment: { kind: 'list', range: POSITIVE, default: 'none (no stop-loss)', doc: 'per-beneficiary stop-loss attachment points in dollars, ascending, e.g. 250000,500000' },
  stop_loss_share: { kind: 'list', range: SHARE, default: 'none', doc: 'share of the expenditure above each attachment point that stop-loss reimburses (one per point, or one for all)' },
  stop_loss_pbpm: { kind: 'perYear', range: { min: '0' }, default: '0', value: '0', doc: 'stop-loss charge per beneficiary per month' },
  retention_withhold_rate: { kind: 'perYear', range: SHARE_OPEN, default: '0', value: '0', doc: 'retention withhold R = rate x (B - D - W + Q), taken before the performance benchmark [CMS PUF: 2% for entities leaving after PY1]' },
  heba_up_pbpm: { kind: 'perYear', range: MONEY, default: 'rule set (reach: 30.00 from 2023; dc: 0)', schedule: 'hebaUp', doc: 'HEBA per aligned month of rows with heba = up [CMS PUF]' },
  heba_down_pbpm: { kind: 'perYear', range: MONEY, default: 'rule set (reach: 6.00 from 2023; dc: 0)', schedule: 'hebaDown', doc: 'HEBA taken per aligned month of rows with heba = down [CMS PUF]' },
  normalization_factor: { kind: 'byEntitlement', range: POSITIVE, default: '1 (off)', doc: 'risk-score normalization: normalized = raw / factor, by entitlement and PY [CMS]' },
  coding_intensity_factor: { kind: 'byEntitlement', range: POSITIVE, default: '1 (off)', doc: 'coding intensity factor: benchmark score = capped x factor, by entitlement and PY [CMS]' },
  risk_score_cap: { kind: 'perYear', range: SHARE_OPEN, default: 'none (off)', doc: 'cap on the normalized score: within (1 +/- cap) x the reference score (REACH 0.03) [CMS]' },
  reference_risk_score: { kind: 'byEntitlement', range: POSITIVE, default: 'none', doc: 'normalized reference-year score the cap is centred on, by entitlement' },
  risk_reference_year: { kind: 'int', default: 'none', doc: 'a PY in the data whose normalized score is the reference (instead of reference_risk_score)', min: MIN_PY, max: MAX_PY },
  rta_guardrail: { kind: 'bool', default: false, doc: 'RTA guardrail: the DCE bears delta = rta - 1 within +/-4% and half of it from 4% to 8% [2nd]' },
  // Rule set lead (METHODOLOGY-2027 sections 1, 2 and 5); the tags and sources are in domain/lead.ts.
  spending_class: { kind: 'enum', values: ['lower', 'higher'], default: 'none (required for global under lead)', doc: 'lead: lower- or higher-spending than regional FFS (sets the discount path and the admin add-on) [S]' },
  admin_addon_rate: { kind: 'perYear', range: SHARE_OPEN, default: `${LEAD_TERMS.admin_addon_rate.value} (lead, higher-spending)`, value: LEAD_TERMS.admin_addon_rate.value, doc: 'lead: admin add-on A as a share of B for higher-spending entities [S]' },
  admin_addon_treatment: { kind: 'enum', values: ['benchmark', 'separate'], default: LEAD_TERMS.admin_addon_treatment.value, doc: 'lead: the add-on inside the corridor base and S (benchmark) or paid apart as cash (separate) [U]' },
  corridor_savings_bands: { kind: 'bands', default: 'rule set and track', doc: 'corridor bands for savings: upper edge:share, ..., :share (open top), e.g. 0.15:1,0.35:0.5,0.5:0.25,:0.1' },
  corridor_loss_bands: { kind: 'bands', default: 'rule set and track (reach, dc: the savings bands)', doc: 'corridor bands for losses, in the same form' },
  pcc_base_rate: { kind: 'perYear', range: SHARE, default: 'pcc_rate (0.07)', doc: 'lead: base PCC as a share of B (the capitation paid under pcc; Enhanced PCC is figured from it)' },
  pcc_target: { kind: 'perYear', range: SHARE, default: LEAD_TERMS.pcc_target.value, value: LEAD_TERMS.pcc_target.value, doc: 'lead: Enhanced PCC Pe = max(pcc_target - pcc_base_rate, pcc_floor) x B, an advance recouped at settlement [S]' },
  pcc_floor: { kind: 'perYear', range: SHARE, default: LEAD_TERMS.pcc_floor.value, value: LEAD_TERMS.pcc_floor.value, doc: 'lead: the least Enhanced PCC rate [S]' },
  stop_loss_net: { kind: 'perYear', range: {}, default: '0', value: '0', doc: 'lead: net stop-loss cost added to E, dollars (charge less recoveries) [U]' },
  sequestration_on_losses: { kind: 'bool', default: false, doc: 'lead: sequestration also on shared losses (the loss owed shrinks by the rate) [U]' },
  financial_guarantee_rate: { kind: 'perYear', range: SHARE, default: LEAD_TERMS.financial_guarantee_rate.value, value: LEAD_TERMS.financial_guarantee_rate.value, doc: 'lead: financial guarantee as a share of prior-year A+B expenditure (reported, not settled) [S]' },
  prior_year_expenditure: { kind: 'perYear', range: MONEY, default: "the data's previous PY expenditure, if present", doc: 'lead: prior-year Parts A+B expenditure for the financial guarantee, dollars' },
  hpp_bonus: { kind: 'perYear', range: MONEY, default: '0', value: '0', doc: 'lead: HPP bonus, a cash line outside S, dollars [U]' },
  lead_benchmark_build: { kind: 'object', default: 'none (the benchmark from the rates)', doc: 'lead: build B by cohort (METHODOLOGY-2027 section 2 step 0); a JSON object, see docs/lead.md' },
  completion_factor: { kind: 'perYear', range: { min: '1', max: '3' }, default: '1', value: '1', doc: 'claims completion: E uses round(expenditure x factor), the difference shown as expenditure_completion (see dcsim cclf --lag-report)' },
  ...MSSP_KEY_ROWS, // program and the Shared Savings Program (domain/mssp.ts; docs/mssp.md)
} as const satisfies Record<string, KeySpec>;

export type ScenarioKey = keyof typeof SCENARIO_KEYS;
export const KEY_NAMES = Object.keys(SCENARIO_KEYS) as ScenarioKey[];

/** Whether a user's word is a scenario key (an own key: "constructor" and "__proto__" are not). */
export function isScenarioKey(k: string): k is ScenarioKey {
  return Object.hasOwn(SCENARIO_KEYS, k);
}

/** The value type a row of SCENARIO_KEYS gives its key. */
type ValueOf<S> = S extends { kind: 'enum'; values: readonly (infer T)[] } ? T
  : S extends { kind: 'bool' } ? boolean
  : S extends { kind: 'int' } ? number
  : S extends { kind: 'perYear' } ? PerYear
  : S extends { kind: 'byEntitlement' } ? ByEntitlement
  : S extends { kind: 'text' } ? string
  : S extends { kind: 'list' } ? readonly Ratio[]
  : S extends { kind: 'bands' } ? readonly Band[]
  : S extends { kind: 'object' } ? LeadBenchmarkBuild
  : never;

/** A scenario as given (file, flags, or both merged); absent keys take defaults. Generated from SCENARIO_KEYS. */
export type ScenarioInput = { -readonly [K in ScenarioKey]?: ValueOf<(typeof SCENARIO_KEYS)[K]> };

/** Values an enum key accepts (registries may add ids at run time: see engines/registry.ts). */
export const ENUM_VALUES: Record<string, string[]> = Object.fromEntries(
  KEY_NAMES.flatMap((k) => {
    const s: KeySpec = SCENARIO_KEYS[k];
    return s.kind === 'enum' ? [[k, [...s.values]]] : [];
  }),
);

/** Where a scenario value came from, for messages. */
export interface Origin {
  /** e.g. "scenario.json" or "--discount-rate" */
  readonly where: (key: ScenarioKey) => string;
  readonly exitCode: 1 | 2;
}

export function kebab(key: string): string {
  return key.replace(/_/g, '-');
}

export const FILE_ORIGIN = (file: string): Origin => ({ where: (k) => `${file}: "${k}"`, exitCode: 1 });
export const FLAG_ORIGIN: Origin = { where: (k) => `--${kebab(k)}`, exitCode: 1 };

function fail(origin: Origin, key: ScenarioKey, message: string, hint?: string): never {
  throw new DcsimError([{ message: `${origin.where(key)}: ${message}`, ...(hint ? { hint } : {}) }], origin.exitCode);
}

function inRange(x: Ratio, r: Range): boolean {
  if (r.min !== undefined && cmp(x, ratio(r.min)) < (r.minOpen ? 1 : 0)) return false;
  if (r.max !== undefined && cmp(x, ratio(r.max)) > (r.maxOpen ? -1 : 0)) return false;
  return true;
}

export function rangeText(r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return `${r.minOpen ? '(' : '['}${r.min}, ${r.max}${r.maxOpen ? ')' : ']'}`;
  if (r.min !== undefined) return r.minOpen ? `> ${r.min}` : `>= ${r.min}`;
  return 'any';
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The numbers dcsim takes, in flags and scenario files: at most NUMBER_LIMITS.digits significant
 * digits, a magnitude from 1e-NUMBER_LIMITS.exponent to below 1e+(exponent+1) (or zero), and at most
 * NUMBER_LIMITS.length characters. Beyond them a number is refused at once (a rate like 1e-2000000
 * would otherwise be carried, exactly, through every step of the settlement).
 */
export const NUMBER_LIMITS = { digits: 40, exponent: 30, length: 100 } as const;

export const NUMBER_LIMITS_HINT = `numbers have at most ${NUMBER_LIMITS.digits} significant digits and lie between 1e-${NUMBER_LIMITS.exponent} and 1e+${NUMBER_LIMITS.exponent} (or are 0)`;

/** Why a number's text is beyond NUMBER_LIMITS, or undefined. `s` matches NUMBER_RE. */
export function numberLimitProblem(s: string): string | undefined {
  const L = NUMBER_LIMITS;
  if (s.length > L.length) return `has ${s.length} characters; at most ${L.length}`;
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const int = m[1] ?? '';
  const digits = int + (m[2] ?? '');
  const lead = digits.search(/[1-9]/);
  if (lead < 0) return undefined; // zero, however written
  const significant = digits.slice(lead).replace(/0+$/, '').length;
  if (significant > L.digits) return `has ${significant} significant digits; at most ${L.digits}`;
  const magnitude = Number(m[3] ?? '0') + (int.length - 1 - lead); // x = d.ddd x 10^magnitude
  if (magnitude > L.exponent || magnitude < -L.exponent) return `is beyond the magnitudes dcsim takes (1e-${L.exponent} to 1e+${L.exponent}, or 0)`;
  return undefined;
}

/** A value as shown in a message: JSON-like, cut short. */
export function show(v: unknown): string {
  const t = v instanceof JsonNumber ? v.text : v === undefined ? 'nothing' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v) ?? String(v);
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** A JSON number or numeric string, exactly (a Ratio): JSON numbers by their source text (JsonNumber). */
function number(v: unknown, origin: Origin, key: ScenarioKey, range: Range): Ratio {
  let s: string | undefined;
  if (v instanceof JsonNumber) s = v.text;
  else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
  else if (typeof v === 'string' && NUMBER_RE.test(v.trim())) s = v.trim();
  if (s === undefined) fail(origin, key, `expected a number, got ${show(v)}`, numberHint(key, origin));
  const problem = numberLimitProblem(s);
  // (exit 1 wherever the number came from: a --vary value too)
  if (problem !== undefined) fail({ ...origin, exitCode: 1 }, key, `${show(s)} ${problem}`, NUMBER_LIMITS_HINT);
  const x = ratio(s);
  if (!inRange(x, range)) {
    fail(origin, key, `${s} is out of range ${rangeText(range)}`, range.max === '1' ? `a share, not a percentage: 0.035 means 3.5%` : undefined);
  }
  return x;
}

/**
 * An example of a number for `key` in the form the key takes, where it was given: a scenario file's
 * JSON, a flag, or a --vary value (never a form the key refuses, such as a plain number for a rate
 * by entitlement).
 */
export function numberHint(key: ScenarioKey, origin: Origin): string {
  const kind = SCENARIO_KEYS[key].kind;
  // (a placeholder, never a figure: a made-up value would pass for a default)
  const ex = kind === 'list' ? 'DOLLARS' : 'VALUE';
  const where = origin.where(key);
  if (where.startsWith('--vary')) return `e.g. ${where}=${ex}`;
  if (where.startsWith('--')) {
    const flag = `--${kebab(key)}`;
    if (kind === 'byEntitlement') return `e.g. ${flag} aged_disabled=${ex}, or for one PY ${flag} aged_disabled:2023=${ex}`;
    if (kind === 'list') return `e.g. ${flag} ${ex}, or several: ${flag} ${ex},${ex}`;
    return `e.g. ${flag} ${ex}, or per PY ${flag} 2023=${ex}`;
  }
  if (kind === 'byEntitlement') return `e.g. "${key}": {"aged_disabled": {"2023": "${ex}"}}`;
  if (kind === 'list') return `e.g. "${key}": ["${ex}", "${ex}"]`;
  return `e.g. "${key}": "${ex}", or per PY {"2023": "${ex}"}`;
}

/** A per-year flag's parts as given: one value for every PY and/or values for single PYs. */
export class PerYearText {
  constructor(readonly all: string | undefined, readonly byYear: readonly (readonly [string, string])[]) {}
}

function year(k: string, origin: Origin, key: ScenarioKey): number {
  const t = k.trim();
  if (!/^\d{4}$/.test(t) || Number(t) < MIN_PY || Number(t) > MAX_PY) fail(origin, key, `"${k}" is not a performance year`, `years are ${MIN_PY}..${MAX_PY}, e.g. {"2023": "0.03"}`);
  return Number(t);
}

function perYear(v: unknown, origin: Origin, key: ScenarioKey, range: Range): PerYear {
  const years = (entries: Iterable<readonly [string, unknown]>): Map<number, Ratio> => {
    const byYear = new Map<number, Ratio>();
    for (const [k, x] of entries) {
      const py = year(k, origin, key);
      if (byYear.has(py)) fail(origin, key, `two values for PY${py}`, 'give each PY one value');
      byYear.set(py, number(x, origin, key, range));
    }
    return byYear;
  };
  if (v instanceof PerYearText) {
    const byYear = years(v.byYear);
    return v.all === undefined ? { byYear } : { all: number(v.all, origin, key, range), byYear };
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber)) {
    return { byYear: years(Object.entries(v as Record<string, unknown>)) };
  }
  return { all: number(v, origin, key, range), byYear: new Map() };
}

const PY_KEY = /^\s*\d{4}\s*$/;

/**
 * A value by entitlement, each per year: {entitlement: {PY: value}} or {entitlement: value}; and,
 * for a value that is one for every entitlement (a national factor), a per-year value alone
 * ({PY: value}, a number, or a flag's PY=value list) given to every entitlement.
 */
function byEntitlement(v: unknown, origin: Origin, key: ScenarioKey, range: Range): ByEntitlement {
  const plain = v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber) && !(v instanceof PerYearText);
  const keys = plain ? Object.keys(v as Record<string, unknown>) : [];
  const pyKeys = keys.filter((k) => PY_KEY.test(k));
  if (plain && pyKeys.length > 0 && pyKeys.length < keys.length) {
    fail(origin, key, `mixes PYs and entitlements (${show(keys.find((k) => !PY_KEY.test(k)))} and ${show(pyKeys[0])})`, `give {PY: value} for every entitlement, or {entitlement: {PY: value}}`);
  }
  if (v instanceof PerYearText || (plain && keys.length > 0 && pyKeys.length === keys.length) || typeof v === 'string' || typeof v === 'number' || v instanceof JsonNumber) {
    const every = perYear(v, origin, key, range);
    return Object.fromEntries(ENTITLEMENTS.map((e) => [e, every])) as ByEntitlement;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof JsonNumber) fail(origin, key, `expected {entitlement: {PY: rate}}, got ${show(v)}`, `"${key}": {"aged_disabled": {"2023": "VALUE"}, "esrd": {"2023": "VALUE"}}, or {"2023": "VALUE"} for every entitlement`);
  const out: Partial<Record<Entitlement, PerYear>> = {};
  for (const [ent, x] of Object.entries(v as Record<string, unknown>)) {
    if (!(ENTITLEMENTS as readonly string[]).includes(ent)) fail(origin, key, `unknown entitlement ${show(ent)}`, `entitlements are ${ENTITLEMENTS.join(', ')}`);
    out[ent as Entitlement] = perYear(x, origin, key, range);
  }
  return out;
}

/** A number's canonical decimal text ("0.010" -> "0.01"), or the value itself when it is no number. */
const numericChoice = (v: unknown): unknown => {
  const s = v instanceof JsonNumber ? v.text : typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  return s === undefined || !NUMBER_RE.test(s) || numberLimitProblem(s) !== undefined ? v : formatDecimal(ratio(s));
};

/** Validate one key's value (from JSON, or a flag already split into JSON-like form). */
export function parseValue(key: ScenarioKey, v: unknown, origin: Origin): unknown {
  const spec: KeySpec = SCENARIO_KEYS[key];
  switch (spec.kind) {
    case 'enum': {
      // A numeric enum (msr) takes 0.01, "0.010" or 1e-2 alike: its canonical decimal text.
      const t = 'numeric' in spec && spec.numeric ? numericChoice(v) : v;
      if (typeof t !== 'string' || !ENUM_VALUES[key]!.includes(t)) fail(origin, key, `expected one of ${ENUM_VALUES[key]!.join(', ')}, got ${show(v)}`, key === 'msr' ? 'the MSR choices of 42 CFR 425.605(b) and 425.610(b): variable, or 0%, 0.5%, 1%, 1.5% or 2% as a share' : undefined);
      return t;
    }
    case 'text':
      if (typeof v !== 'string') fail(origin, key, `expected text, got ${show(v)}`);
      return v;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false|yes|no|1|0)$/i.test(v)) return /^(true|yes|1)$/i.test(v);
      return fail(origin, key, `expected true or false, got ${show(v)}`);
    case 'int': {
      const s = v instanceof JsonNumber ? v.text : typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
      if (!/^\d+(\.0*)?$/.test(s)) fail(origin, key, `expected a whole number, got ${show(v)}`);
      const whole = s.replace(/\.0*$/, '').replace(/^0+(?=\d)/, '');
      const n = whole.length > 15 ? Infinity : Number(whole);
      if (n < spec.min || n > spec.max) fail(origin, key, `${show(s)} is out of range [${spec.min}, ${spec.max}]`);
      return n;
    }
    case 'perYear':
      return perYear(v, origin, key, spec.range);
    case 'byEntitlement':
      return byEntitlement(v, origin, key, spec.range);
    case 'list': {
      const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [v];
      if (items.length === 0) fail(origin, key, 'expected at least one value');
      return items.map((x) => number(x, origin, key, spec.range));
    }
    case 'bands':
      return bandsValue(v, origin, key);
    case 'object':
      return parseLeadBuild(v, (message, hint) => fail(origin, key, message, hint));
  }
}

const BANDS_HINT = 'upper edge:share from the lowest band up, the top band open: e.g. "0.15:1,0.35:0.5,0.5:0.25,:0.1"';

/**
 * Corridor bands: text "0.15:1,0.35:0.5,0.5:0.25,:0.1" (each band's upper edge and the share kept,
 * from 0 up; the last edge empty: open) or a JSON array of {"to": ..., "share": ...} (to null: open).
 */
function bandsValue(v: unknown, origin: Origin, key: ScenarioKey): readonly Band[] {
  let parts: [unknown, unknown][];
  if (typeof v === 'string') {
    parts = v.split(',').map((p) => {
      const m = /^\s*([^:]*):(.*)$/.exec(p);
      if (!m) fail(origin, key, `"${p.trim()}" is not edge:share`, BANDS_HINT);
      return [m[1]!.trim() === '' ? null : m[1]!.trim(), m[2]!.trim()];
    });
  } else if (Array.isArray(v)) {
    parts = v.map((b) => {
      if (b === null || typeof b !== 'object' || Array.isArray(b) || b instanceof JsonNumber) fail(origin, key, `expected {"to": edge, "share": share}, got ${show(b)}`, BANDS_HINT);
      const o = b as Record<string, unknown>;
      for (const k of Object.keys(o)) if (k !== 'to' && k !== 'share' && k !== 'from') fail(origin, key, `unknown band key ${show(k)}`, BANDS_HINT);
      return [o.to ?? null, o.share];
    });
  } else return fail(origin, key, `expected bands, got ${show(v)}`, BANDS_HINT);
  const out: Band[] = [];
  let from: Ratio = ratio(0);
  parts.forEach(([to, share], i) => {
    const last = i === parts.length - 1;
    const sh = formatDecimal(number(share, origin, key, SHARE));
    if (to === null) {
      if (!last) fail(origin, key, `band ${i + 1} is open but is not the last`, BANDS_HINT);
      out.push({ from: formatDecimal(from), to: null, share: sh });
      return;
    }
    const edge = number(to, origin, key, POSITIVE);
    if (cmp(edge, from) <= 0) fail(origin, key, `band ${i + 1}'s upper edge ${formatDecimal(edge)} is not above ${formatDecimal(from)}`, 'edges rise: each band starts where the last ended');
    if (last) fail(origin, key, 'the top band must be open (an empty edge: ":0.1")', BANDS_HINT);
    out.push({ from: formatDecimal(from), to: formatDecimal(edge), share: sh });
    from = edge;
  });
  if (out.length === 0) fail(origin, key, 'expected at least one band', BANDS_HINT);
  return out;
}

/** A scenario object (parsed JSON) into a ScenarioInput; unknown keys are errors with a did-you-mean. */
/** What a JSON value is, in words, for a message: "the number 5", "a list", "the text \"x\"". */
export function jsonKind(v: unknown): string {
  if (v instanceof JsonNumber) return `the number ${v.text.length > 40 ? `${v.text.slice(0, 40)}...` : v.text}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'boolean') return String(v);
  return typeof v;
}

export function scenarioFromObject(obj: unknown, origin: Origin): ScenarioInput {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || obj instanceof JsonNumber) {
    throw new DcsimError([{ message: `${origin.where('name').replace(/: "name"$/, '')}: a scenario is a JSON object of parameters, not ${jsonKind(obj)}`, hint: 'e.g. {"track": "global", "rules": "reach"}' }], origin.exitCode);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (!isScenarioKey(k)) {
      const guess = didYouMean(k, KEY_NAMES);
      throw new DcsimError([{ message: `${origin.where(k as ScenarioKey)}: unknown scenario key`, hint: guess ? `did you mean "${guess}"? (dcsim engines lists every key)` : 'dcsim engines lists every key' }], origin.exitCode);
    }
    out[k] = parseValue(k as ScenarioKey, v, origin);
  }
  return out as ScenarioInput;
}

/** Flag text for a per-year value: "0.03" (every PY) or "2023=0.03,2024=0.035"; a PY given twice is an error. */
export function perYearFlag(text: string, flag = 'the flag'): unknown {
  if (!text.includes('=')) return text;
  const byYear = new Map<string, string>();
  for (const part of text.split(',')) {
    const [k, v, ...rest] = part.split('=');
    if (v === undefined || rest.length) throw usageError(`${flag} ${text}: "${part}" is not PY=value`, `one value for every PY (${flag} VALUE) or a list (${flag} 2023=VALUE,2024=VALUE)`);
    const py = k!.trim();
    if (byYear.has(py)) throw usageError(`${flag} ${text}: two values for PY ${py}`, 'give each PY one value');
    byYear.set(py, v.trim());
  }
  return new PerYearText(undefined, [...byYear]);
}

/**
 * Flag text for rates by entitlement: "aged_disabled=950,esrd:2023=7000". An entitlement's rate
 * for every PY and its rate for one PY may both be given: the one PY's wins, in any order. The
 * same entitlement (and PY) twice is an error.
 */
export function byEntitlementFlag(text: string, flag = '--benchmark-pbpm'): unknown {
  // one value for every entitlement: "0.991" or "2023=0.991,2024=0.99"
  if (text.split(',').every((p) => !p.includes('=') || /^\s*\d{4}\s*=/.test(p))) return perYearFlag(text, flag);
  const parts = new Map<string, { all?: string; byYear: Map<string, string> }>();
  for (const part of text.split(',')) {
    const m = /^\s*([a-z_]+)(?::(\d+))?\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) return part;
    const [, ent, py, v] = m;
    let e = parts.get(ent!);
    if (e === undefined) parts.set(ent!, (e = { byYear: new Map() }));
    if (py === undefined) {
      if (e.all !== undefined) throw usageError(`${flag} ${text}: two rates for ${ent}`, `give ${ent} one rate, and any single PY's as ${ent}:2023=...`);
      e.all = v!;
    } else {
      if (e.byYear.has(py)) throw usageError(`${flag} ${text}: two rates for ${ent} in PY ${py}`, 'give each entitlement and PY one rate');
      e.byYear.set(py, v!);
    }
  }
  return Object.fromEntries([...parts].map(([ent, e]) => [ent, new PerYearText(e.all, [...e.byYear])]));
}

/**
 * Notes for values given for PYs the data does not have (they change nothing), e.g.
 * "quality_score has a value for PY2032, which is not in the data (PYs 2021-2025): it is not used".
 */
export function unusedYearNotes(input: ScenarioInput, years: readonly number[]): string[] {
  const have = new Set(years);
  const span = years.length === 0 ? 'none' : years.length === 1 ? `${years[0]}` : `${Math.min(...years)}-${Math.max(...years)}`;
  const notes: string[] = [];
  const check = (label: string, p: PerYear | undefined): void => {
    const missing = [...(p?.byYear.keys() ?? [])].filter((py) => !have.has(py)).sort((a, b) => a - b);
    if (missing.length) notes.push(`${label} has a value for ${missing.map((py) => `PY${py}`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not in the data (PYs ${span}): not used`);
  };
  for (const key of KEY_NAMES) {
    const kind = SCENARIO_KEYS[key].kind;
    const v = input[key];
    if (v === undefined) continue;
    if (kind === 'perYear') check(key, v as PerYear);
    else if (kind === 'byEntitlement') {
      const parts = Object.entries(v as ByEntitlement);
      // one value for every entitlement (the same PerYear for each): one note under the key's name
      if (parts.length === ENTITLEMENTS.length && parts.every(([, p]) => p === parts[0]![1])) check(key, parts[0]![1]);
      else for (const [ent, p] of parts) check(`${key} ${ent}`, p);
    }
  }
  return notes;
}

/** The value of a per-year parameter for a PY, or undefined. */
export function valueFor(p: PerYear | undefined, py: number): Ratio | undefined {
  if (!p) return undefined;
  return p.byYear.get(py) ?? p.all;
}

