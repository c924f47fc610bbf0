// LEAD's benchmark build (METHODOLOGY-2027 section 2, step 0), opt-in: the scenario sub-object
// `lead_benchmark_build` read and checked here, and the pure build of a PY's benchmark by cohort.
// Per cohort c (A&D, ESRD, High Needs, each claims- or voluntarily aligned, as the user names them):
//   hist_c = Σ_BY ω_BY · X_c,BY   (X given per capita per month, already trended to BY3 and risk-standardized)
//   REA_c  = min(max(0.5 · (reg_c − hist_c), 0), κ · U_c);  PSA_c = min(0.5 · P_c, 0.05 · U_c)
//   adj_c  = max(REA_c, PSA_c) for lower-spending Global entities, else 0
//   u_c    = Π_{t=2027..PY} (⅔ · g2_c,t + ⅓ · clamp(gA_t, g2_c,t − lo_t, g2_c,t + hi_t))   (growth factors, e.g. 1.04)
//   ρ_c    = clamp(RS_c,PY / RS_c,BY3, 1 − k_c, 1 + k_c), k = 0.03 (0.04 for High Needs)
//   row_c  = (hist_c + adj_c) · u_c · ρ_c · months_c,PY;  B = Σ_c row_c, rounded once (by the kernel).
// Every rate is exact; nothing is rounded here.
import { add, cmp, div, max, min, mul, R0, ratio, sub, type Ratio } from './exact.js';
import { JsonNumber } from './json.js';
import { LEAD_FIRST_PY } from './lead.js';

export type BuildEntitlement = 'aged_disabled' | 'esrd';

export interface LeadCohortInput {
  readonly name: string;
  /** X_c,BY by base year, dollars per member month. */
  readonly expenditure: ReadonlyMap<number, Ratio>;
  /** reg_c, U_c, P_c (dollars per member month); P_c may be 0. */
  readonly regional: Ratio;
  readonly national: Ratio;
  readonly priorSavings: Ratio;
  /** g2_c,t by PY (a growth factor, e.g. 1.04). */
  readonly twoWayTrend: ReadonlyMap<number, Ratio>;
  /** RS_c,PY by PY, and RS_c,BY3. */
  readonly riskScore: ReadonlyMap<number, Ratio>;
  readonly riskScoreBy3: Ratio;
  readonly highNeeds: boolean;
  /** Aligned months by PY; absent: the data's aligned months of `entitlement`. */
  readonly months: ReadonlyMap<number, Ratio>;
  readonly entitlement?: BuildEntitlement;
}

export interface LeadBenchmarkBuild {
  /** ω_BY by base year (they add up to 1). */
  readonly weights: ReadonlyMap<number, Ratio>;
  /** κ: REA cap as a share of U_c (0.03 renewing ex-MSSP ACOs, 0.05 others). */
  readonly kappa: Ratio;
  /** gA_t by PY (a growth factor). */
  readonly acpt: ReadonlyMap<number, Ratio>;
  /** Guardrails by PY: gA within [g2 − low, g2 + high]; default 0.002 / 0.003 every PY. */
  readonly guardLow: ReadonlyMap<number, Ratio>;
  readonly guardHigh: ReadonlyMap<number, Ratio>;
  readonly cohorts: readonly LeadCohortInput[];
}

export interface LeadCohortLine {
  readonly cohort: string;
  readonly hist: Ratio;
  readonly rea: Ratio;
  readonly psa: Ratio;
  readonly adj: Ratio;
  readonly u: Ratio;
  readonly rho: Ratio;
  readonly months: Ratio;
  /** Dollars, unrounded. */
  readonly rowBenchmark: Ratio;
}

const DEFAULT_GUARD_LOW = ratio('0.002');
const DEFAULT_GUARD_HIGH = ratio('0.003');
const HALF = ratio('0.5');
const FIVE = ratio('0.05');
const K = ratio('0.03');
const K_HN = ratio('0.04');
const TWO_THIRDS: Ratio = { n: 2n, d: 3n };
const ONE_THIRD: Ratio = { n: 1n, d: 3n };

const clamp = (x: Ratio, lo: Ratio, hi: Ratio): Ratio => (cmp(x, lo) < 0 ? lo : cmp(x, hi) > 0 ? hi : x);

/** Why a PY's build cannot be made (a missing value), as [path, message]. */
export class BuildGap extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

function need(m: ReadonlyMap<number, Ratio>, py: number, path: string): Ratio {
  const v = m.get(py);
  if (v === undefined) throw new BuildGap(path, `no value for ${py}`);
  return v;
}

/**
 * The build for one PY. `dataMonths(ent)`: the data's aligned months of an entitlement in the PY.
 * `withAdjustment`: lower-spending Global (adj = max(REA, PSA)); else adj = 0.
 */
export function buildLeadBenchmark(b: LeadBenchmarkBuild, py: number, withAdjustment: boolean, dataMonths: (e: BuildEntitlement) => number): { total: Ratio; cohorts: LeadCohortLine[] } {
  let total = R0;
  const lines: LeadCohortLine[] = [];
  const byEnt = new Map<BuildEntitlement, number>();
  for (const c of b.cohorts) if (c.entitlement && !c.months.has(py)) byEnt.set(c.entitlement, (byEnt.get(c.entitlement) ?? 0) + 1);
  for (const c of b.cohorts) {
    const at = `cohorts.${c.name}`;
    let hist = R0;
    for (const [by, w] of b.weights) hist = add(hist, mul(w, need(c.expenditure, by, `${at}.expenditure`)));
    const rea = min(max(mul(HALF, sub(c.regional, hist)), R0), mul(b.kappa, c.national));
    const psa = min(mul(HALF, c.priorSavings), mul(FIVE, c.national));
    const adj = withAdjustment ? max(rea, psa) : R0;
    let u: Ratio = { n: 1n, d: 1n };
    for (let t = LEAD_FIRST_PY; t <= py; t++) {
      const g2 = need(c.twoWayTrend, t, `${at}.two_way_trend`);
      const gA = need(b.acpt, t, 'acpt');
      const lo = b.guardLow.get(t) ?? DEFAULT_GUARD_LOW;
      const hi = b.guardHigh.get(t) ?? DEFAULT_GUARD_HIGH;
      u = mul(u, add(mul(TWO_THIRDS, g2), mul(ONE_THIRD, clamp(gA, sub(g2, lo), add(g2, hi)))));
    }
    const k = c.highNeeds ? K_HN : K;
    const rho = clamp(div(need(c.riskScore, py, `${at}.risk_score`), c.riskScoreBy3), sub({ n: 1n, d: 1n }, k), add({ n: 1n, d: 1n }, k));
    let months = c.months.get(py);
    if (months === undefined) {
      if (c.entitlement === undefined) throw new BuildGap(`${at}.months`, `no months for ${py} and no "entitlement" to take them from the data`);
      if ((byEnt.get(c.entitlement) ?? 0) > 1) throw new BuildGap(`${at}.months`, `no months for ${py}: the data's ${c.entitlement} months cannot be split between cohorts; give each cohort its months`);
      months = ratio(dataMonths(c.entitlement));
    }
    const row = mul(mul(mul(add(hist, adj), u), rho), months);
    total = add(total, row);
    lines.push({ cohort: c.name, hist, rea, psa, adj, u, rho, months, rowBenchmark: row });
  }
  return { total, cohorts: lines };
}

// ---- reading the scenario sub-object -------------------------------------------------------------

type Fail = (message: string, hint?: string) => never;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);
const NUM = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,2})?$/;

function num(v: unknown, path: string, fail: Fail, positive = false): Ratio {
  const s = v instanceof JsonNumber ? v.text : typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  if (s === undefined || !NUM.test(s) || s.length > 60) fail(`${path}: expected a number, got ${JSON.stringify(v instanceof JsonNumber ? v.text : v) ?? 'nothing'}`);
  const r = ratio(s);
  if (r.n < 0n || (positive && r.n === 0n)) fail(`${path}: ${s} must be ${positive ? 'above 0' : '0 or more'}`);
  return r;
}

function byYear(v: unknown, path: string, fail: Fail, positive: boolean): Map<number, Ratio> {
  if (!isObject(v)) fail(`${path}: expected {year: value}`, `e.g. "${path.split('.').pop()}": {"2027": "1.04"}`);
  const out = new Map<number, Ratio>();
  for (const [k, x] of Object.entries(v)) {
    if (!/^\d{4}$/.test(k)) fail(`${path}: "${k}" is not a year`);
    out.set(Number(k), num(x, `${path}.${k}`, fail, positive));
  }
  return out;
}

const COHORT_KEYS = ['expenditure', 'regional', 'national', 'prior_savings', 'two_way_trend', 'risk_score', 'risk_score_by3', 'high_needs', 'months', 'entitlement'];
const BUILD_KEYS = ['base_year_weights', 'kappa', 'acpt', 'guardrail_low', 'guardrail_high', 'cohorts'];

function known(o: Record<string, unknown>, keys: readonly string[], path: string, fail: Fail): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}${path ? '.' : ''}${k}: unknown key`, `keys are ${keys.join(', ')}`);
}

/** Read `lead_benchmark_build` (parsed JSON). `fail` throws an error naming the scenario key. */
export function parseLeadBuild(v: unknown, fail: Fail): LeadBenchmarkBuild {
  if (!isObject(v)) fail('expected an object {base_year_weights, kappa, acpt, cohorts}', 'see docs/lead.md for the shape');
  known(v, BUILD_KEYS, '', fail);
  for (const k of ['base_year_weights', 'kappa', 'acpt', 'cohorts']) if (v[k] === undefined) fail(`"${k}" is missing`, 'see docs/lead.md for the shape');
  const weights = byYear(v.base_year_weights, 'base_year_weights', fail, false);
  let sum = R0;
  for (const w of weights.values()) sum = add(sum, w);
  if (cmp(sum, { n: 1n, d: 1n }) !== 0) fail('base_year_weights: the weights must add up to 1', 'e.g. {"2024": "0.1", "2025": "0.3", "2026": "0.6"} (new) or 1/3 each as decimals that add up to 1');
  const kappa = num(v.kappa, 'kappa', fail);
  const acpt = byYear(v.acpt, 'acpt', fail, true);
  const guardLow = v.guardrail_low === undefined ? new Map<number, Ratio>() : byYear(v.guardrail_low, 'guardrail_low', fail, false);
  const guardHigh = v.guardrail_high === undefined ? new Map<number, Ratio>() : byYear(v.guardrail_high, 'guardrail_high', fail, false);
  if (!isObject(v.cohorts) || Object.keys(v.cohorts).length === 0) fail('cohorts: expected {name: {...}} with at least one cohort');
  const cohorts: LeadCohortInput[] = [];
  for (const [name, c] of Object.entries(v.cohorts)) {
    const at = `cohorts.${name}`;
    if (!isObject(c)) fail(`${at}: expected an object`);
    known(c, COHORT_KEYS, at, fail);
    for (const k of ['expenditure', 'regional', 'national', 'two_way_trend', 'risk_score', 'risk_score_by3']) if (c[k] === undefined) fail(`${at}.${k} is missing`);
    const ent = c.entitlement;
    if (ent !== undefined && ent !== 'aged_disabled' && ent !== 'esrd') fail(`${at}.entitlement: expected aged_disabled or esrd`);
    if (c.high_needs !== undefined && typeof c.high_needs !== 'boolean') fail(`${at}.high_needs: expected true or false`);
    cohorts.push({
      name,
      expenditure: byYear(c.expenditure, `${at}.expenditure`, fail, false),
      regional: num(c.regional, `${at}.regional`, fail),
      national: num(c.national, `${at}.national`, fail),
      priorSavings: c.prior_savings === undefined ? R0 : num(c.prior_savings, `${at}.prior_savings`, fail),
      twoWayTrend: byYear(c.two_way_trend, `${at}.two_way_trend`, fail, true),
      riskScore: byYear(c.risk_score, `${at}.risk_score`, fail, true),
      riskScoreBy3: num(c.risk_score_by3, `${at}.risk_score_by3`, fail, true),
      highNeeds: c.high_needs === true,
      months: c.months === undefined ? new Map() : byYear(c.months, `${at}.months`, fail, false),
      ...(ent !== undefined ? { entitlement: ent } : {}),
    });
  }
  return { weights, kappa, acpt, guardLow, guardHigh, cohorts };
}
