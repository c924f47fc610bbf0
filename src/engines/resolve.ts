// Scenario resolution: a ScenarioInput and the PYs of the data in, every PY's kernel YearRules out.
// Driven by the key table (domain/scenario.ts): a per-year key resolves to the scenario's value,
// else its rule-set schedule, else its fixed default; the engines give the discount default, the
// capitation default and the corridor bands. Pure; on the sweep's hot path (one call per scenario),
// so values are exact Ratios shared by identity, not rebuilt.
import { dataError } from '../domain/errors.js';
import { add, cmp, formatDecimal, mul, R0, R1, ratio, sub, type Ratio } from '../domain/exact.js';
import { ENTITLEMENTS, MIN_PY, type Entitlement } from '../domain/population.js';
import { corridorOf, HISTORICAL_WEIGHT, lossCorridorOf, RULE_SETS, scheduleValue, uncoveredText, type DceType, type RuleSet, type Schedule } from '../domain/rules.js';
import {
  KEY_NAMES, SCENARIO_KEYS, valueFor,
  type AttributionId, type ByEntitlement, type ScenarioInput, type ScenarioKey, type ScheduleName,
} from '../domain/scenario.js';
import { exactBands, KERNEL_ENTITLEMENTS, riskScores, type EntitlementSums, type RiskChainRules, type YearRules, type YearSums } from './kernel.js';
import { afterReachHint, checkYears, leadYearRules, REACH_LAST_PY, spendingClassOf } from './lead.js';
import { CAPITATIONS, PROGRAMS, TRACKS } from './registry.js';
import { checkMsspKeys, msspYearRules } from './resolve-mssp.js';
import type { CapitationEngine, ProgramEngine, TrackEngine } from './types.js';

/** The per-year keys of the table. */
export type PerYearKey = { [K in ScenarioKey]: (typeof SCENARIO_KEYS)[K]['kind'] extends 'perYear' ? K : never }[ScenarioKey];
export const PER_YEAR_KEYS = KEY_NAMES.filter((k) => SCENARIO_KEYS[k].kind === 'perYear') as PerYearKey[];

export interface EffectiveYear {
  readonly py: number;
  /** What the kernel settles this PY with. */
  readonly rules: YearRules;
  /** Each per-year key's value for the PY as given or defaulted (withhold_rate before phase-in);
   *  absent where the key has no value (e.g. tcc_rate left to the data). */
  readonly values: Readonly<Partial<Record<PerYearKey, Ratio>>>;
}

export interface Resolved {
  readonly name?: string;
  /** reach (rule sets dc, reach), lead (rule set lead), mssp (its own settlement of B). */
  readonly program: ProgramEngine;
  readonly track: TrackEngine;
  readonly capitation: CapitationEngine;
  readonly rules: RuleSet;
  readonly attribution: AttributionId;
  readonly withholdPhaseIn: boolean;
  readonly firstPerformanceYear: number;
  readonly dceType: DceType;
  /** Rule set lead: the spending class (required on Global). */
  readonly spendingClass?: 'lower' | 'higher';
  readonly years: readonly EffectiveYear[];
  readonly input: ScenarioInput;
}

function uncovered(key: ScenarioKey, rules: RuleSet, py: number, schedule: Schedule | undefined): never {
  const t = uncoveredText(key, rules, schedule, py);
  throw dataError(`scenario "${key}": ${t.message}`, { hint: py > REACH_LAST_PY ? afterReachHint(py) : t.hint });
}

/** Each per-year key's default: a rule-set schedule, or a fixed value (exact, built once). */
const DEFAULTS = PER_YEAR_KEYS.map((key) => {
  const spec = SCENARIO_KEYS[key] as { schedule?: ScheduleName; value?: string };
  return { key, schedule: spec.schedule, value: spec.value === undefined ? undefined : ratio(spec.value) };
});

const scheduled = new WeakMap<RuleSet, Map<ScheduleName, (Ratio | null)[]>>();
/** A rule set's schedule value for a PY as a Ratio (null: not covered), memoised. */
function scheduleRatio(rules: RuleSet, name: ScheduleName, py: number): Ratio | undefined {
  let byName = scheduled.get(rules);
  if (!byName) scheduled.set(rules, (byName = new Map()));
  let byPy = byName.get(name);
  if (!byPy) byName.set(name, (byPy = []));
  let r = byPy[py - MIN_PY];
  if (r === undefined) {
    const t = scheduleValue(rules[name], py);
    r = byPy[py - MIN_PY] = t === undefined ? null : ratio(t);
  }
  return r ?? undefined;
}

const discounts = new WeakMap<TrackEngine, WeakMap<RuleSet, Ratio[]>>();
/** A track's default discount for a PY as a Ratio (memoised); an error naming the key where the rule set has none. */
function defaultDiscount(track: TrackEngine, rules: RuleSet, py: number, spendingClass?: 'lower' | 'higher'): Ratio {
  if (rules.discountHigher) return ratio(track.defaultDiscount(rules, py, spendingClass) ?? uncovered('discount_rate', rules, py, spendingClass === 'higher' ? rules.discountHigher : rules.discount));
  let byRules = discounts.get(track);
  if (!byRules) discounts.set(track, (byRules = new WeakMap()));
  let byPy = byRules.get(rules);
  if (!byPy) byRules.set(rules, (byPy = []));
  return (byPy[py - MIN_PY] ??= ratio(track.defaultDiscount(rules, py) ?? uncovered('discount_rate', rules, py, rules.discount)));
}

/** The historical weight for a PY: the scenario's, else the DCE type's published default. */
export function historicalWeight(input: ScenarioInput, py: number): Ratio | undefined {
  const w = valueFor(input.historical_weight, py);
  if (w !== undefined) return w;
  const d = HISTORICAL_WEIGHT[input.dce_type ?? 'standard'][py];
  return d === undefined ? undefined : ratio(d);
}

export function rateFor(input: ScenarioInput, ent: Entitlement, py: number): Ratio | undefined {
  const direct = valueFor(input.benchmark_pbpm?.[ent], py);
  if (direct !== undefined) return direct;
  const h = valueFor(input.historical_pbpm?.[ent], py);
  const r = valueFor(input.regional_pbpm?.[ent], py);
  if (h === undefined && r === undefined) return undefined;
  // High Needs DCEs keep the regional method first [SEED]: the regional rate stands alone
  // until a historical rate is given, then the blend applies.
  if (h === undefined && r !== undefined && input.dce_type === 'high_needs') return r;
  const w = historicalWeight(input, py);
  if (h === undefined || r === undefined || w === undefined) {
    const missing = h === undefined ? 'historical_pbpm' : r === undefined ? 'regional_pbpm' : 'historical_weight';
    throw dataError(`scenario "${missing}": the PY${py} ${ent} blend needs historical_pbpm, regional_pbpm and historical_weight; "${missing}" is missing`, {
      hint: 'rate = w x historical_pbpm + (1 - w) x regional_pbpm (METHODOLOGY section 4)',
    });
  }
  return add(mul(w, h), mul(sub(R1, w), r));
}

const phased = new WeakMap<Ratio, Ratio[]>();
/** rate x min(k, 5) / 5 for k >= 1 */
function phaseIn(rate: Ratio, k: number): Ratio {
  let m = phased.get(rate);
  if (!m) phased.set(rate, (m = []));
  const steps = Math.min(k, 5);
  return (m[steps] ??= { n: rate.n * BigInt(steps), d: rate.d * 5n });
}

function byEnt(v: ByEntitlement | undefined, py: number): Partial<Record<Entitlement, Ratio>> {
  const o: Partial<Record<Entitlement, Ratio>> = {};
  if (v) for (const e of ENTITLEMENTS) {
    const x = valueFor(v[e], py);
    if (x !== undefined) o[e] = x;
  }
  return o;
}

/** Whether a scenario uses the risk-score chain (METHODOLOGY 4.1): any of its keys set. */
export function usesRiskChain(input: ScenarioInput): boolean {
  return input.normalization_factor !== undefined || input.coding_intensity_factor !== undefined || input.risk_score_cap !== undefined
    || input.reference_risk_score !== undefined || input.risk_reference_year !== undefined;
}

function stopLossShares(input: ScenarioInput): readonly Ratio[] | undefined {
  const a = input.stop_loss_attachment;
  if (!a) {
    if (input.stop_loss_share || input.stop_loss_pbpm) throw dataError('scenario "stop_loss_attachment": stop-loss needs its attachment point(s)', { hint: 'give "stop_loss_attachment": [DOLLARS, ...] with "stop_loss_share": [SHARE, ...] (and "stop_loss_pbpm": DOLLARS): the terms of the entity\'s stop-loss arrangement' });
    return undefined;
  }
  const shares = input.stop_loss_share ?? [];
  if (shares.length !== 1 && shares.length !== a.length) {
    throw dataError(`scenario "stop_loss_share": give one share for all ${a.length} attachment points, or one for each`, { hint: 'one SHARE for every attachment point ("stop_loss_share": [SHARE]) or one per point, in the same order' });
  }
  for (let i = 0; i < a.length; i++) {
    if ((a[i]!.n * 100n) % a[i]!.d !== 0n) throw dataError(`scenario "stop_loss_attachment": ${formatDecimal(a[i]!)} has more than two decimals`);
    if (i > 0 && cmp(a[i]!, a[i - 1]!) <= 0) throw dataError('scenario "stop_loss_attachment": attachment points must rise', { hint: 'list the attachment points from the lowest up, each above the one before' });
  }
  return shares;
}

/** Stop-loss attachment points in cents, for the reader (which sums the excess over each). */
export function attachmentCents(input: ScenarioInput): number[] {
  // (two decimals at most, checked when the scenario is resolved; until then a finer one reads as a fraction)
  return (input.stop_loss_attachment ?? []).map((a) => ((a.n * 100n) % a.d === 0n ? Number((a.n * 100n) / a.d) : (Number(a.n) * 100) / Number(a.d)));
}

/**
 * Resolve every parameter for the PYs present. `sumsOf` gives a PY's sums (needed only for
 * `risk_reference_year`). Throws a data error naming the key when one is missing or invalid.
 */
export function resolveScenario(input: ScenarioInput, years: readonly number[], sumsOf?: (py: number) => YearSums): Resolved {
  const program = programOf(input);
  checkMsspKeys(input, program.id);
  if (program.id === 'mssp') return resolveMssp(input, years, program);
  const trackId = input.track ?? 'global';
  const capId = input.capitation ?? 'pcc';
  const track = TRACKS[trackId]!;
  const capitation = CAPITATIONS[capId]!;
  if (!track.capitations.includes(capitation.id)) {
    throw dataError(`scenario "capitation": ${capId} is not available on the ${trackId} track`, { hint: `${trackId} allows ${track.capitations.join(', ')}` });
  }
  const rules = RULE_SETS[input.rules ?? (program.id === 'reach' ? 'dc' : program.rules ?? 'dc') as keyof typeof RULE_SETS];
  checkYears(rules, years);
  const isLead = rules.id === 'lead';
  const spendingClass = isLead ? spendingClassOf(input, rules, track) : undefined;
  const savingsBands = input.corridor_savings_bands ? exactBands(input.corridor_savings_bands) : undefined;
  const lossBandsGiven = input.corridor_loss_bands ? exactBands(input.corridor_loss_bands) : undefined;
  const first = input.first_performance_year ?? years[0] ?? 0;
  const shares = stopLossShares(input);
  const chainOn = usesRiskChain(input);
  const refScores = chainOn ? referenceScores(input, years, sumsOf) : undefined;
  const out: EffectiveYear[] = [];
  const givenValues = DEFAULTS.map((d) => input[d.key]);
  for (const py of years) {
    const values: Partial<Record<PerYearKey, Ratio>> = {};
    // Each per-year key: the scenario's value, else its rule-set schedule, else its fixed default.
    for (let i = 0; i < DEFAULTS.length; i++) {
      const d = DEFAULTS[i]!;
      const v = valueFor(givenValues[i], py) ?? (d.schedule !== undefined ? scheduleRatio(rules, d.schedule, py) : d.value);
      if (v !== undefined) values[d.key] = v;
    }
    const discount = values.discount_rate ?? defaultDiscount(track, rules, py, spendingClass);
    values.discount_rate = discount;
    const w = values.withhold_rate ?? uncovered('withhold_rate', rules, py, rules.withhold);
    let withholdRate = w;
    if (input.withhold_phase_in) {
      const k = py - first + 1;
      if (k < 1) throw dataError(`scenario "first_performance_year": ${first} is after PY${py} in the data`, { hint: 'the phase-in counts PYs from first_performance_year; it must not be later than the first PY' });
      withholdRate = phaseIn(w, k);
    }
    const seq = values.sequestration_rate ?? uncovered('sequestration_rate', rules, py, rules.sequestration);
    // Under lead the base PCC rate (pcc_base_rate) is the PCC paid; pcc_rate is its other name.
    let capRate = (isLead && capitation.id === 'pcc' ? values.pcc_base_rate : undefined) ?? valueFor(input[capitation.rateKey], py);
    if (capRate === undefined) {
      const d = capitation.defaultRate(rules, py);
      if (d === undefined) uncovered(capitation.rateKey, rules, py, undefined);
      if (d !== 'claims_share') capRate = ratio(d);
    }
    if (capRate === undefined) delete values[capitation.rateKey];
    else values[capitation.rateKey] = capRate;
    const rates: Partial<Record<Entitlement, Ratio>> = {};
    for (const ent of ENTITLEMENTS) {
      const r = rateFor(input, ent, py);
      if (r !== undefined) rates[ent] = r;
    }
    if (isLead && capitation.id === 'pcc' && capRate !== undefined) values.pcc_base_rate = capRate;
    else delete values.pcc_base_rate;
    // RTA: one for every entitlement, or one each (an entitlement not named keeps 1)
    const rtaBy = byEnt(input.rta, py);
    const rta = rtaBy.aged_disabled ?? R1;
    const rtaEsrd = rtaBy.esrd ?? R1;
    const rtaApart = cmp(rta, rtaEsrd) !== 0;
    const bands = savingsBands ?? exactBands(corridorOf(track, rules, py));
    const lossBands = lossBandsGiven ?? (savingsBands && !isLead ? savingsBands : exactBands(lossCorridorOf(track, rules, py)));
    const rules_: YearRules = {
      py,
      discountRate: discount,
      withholdRate,
      withholdBase: input.withhold_base ?? 'benchmark',
      qualityScore: values.quality_score ?? R1,
      retentionWithholdRate: values.retention_withhold_rate ?? R0,
      sequestrationRate: seq,
      rta,
      ...(rtaApart ? { rtaByEntitlement: { aged_disabled: rta, esrd: rtaEsrd } } : {}),
      // (a rule with a first PY: the rule set says from when it applies)
      rtaGuardrail: (input.rta_guardrail ?? false) && py >= rules.rtaGuardrail.from,
      rates,
      hebaUpPbpm: values.heba_up_pbpm ?? R0,
      hebaDownPbpm: values.heba_down_pbpm ?? R0,
      corridorBase: input.corridor_base ?? 'performance_benchmark',
      bands,
      ...(lossBands !== bands ? { lossBands } : {}),
      capitation: {
        base: capitation.base,
        reduces: capitation.reduces,
        ...(capRate !== undefined ? { rate: capRate } : {}),
        feeReductionRate: values[capitation.feeReductionKey] ?? R1,
      },
      completionFactor: values.completion_factor ?? R1,
      ...(chainOn ? { riskChain: chainOf(input, py, refScores) } : {}),
      ...(shares ? { stopLoss: { shares, pbpm: values.stop_loss_pbpm ?? R0 } } : {}),
      ...(isLead ? { lead: leadYearRules({ input, py, values, track, spendingClass, pccBaseRate: capitation.id === 'pcc' ? (capRate ?? claimsShareOf(sumsOf, py)) : undefined, sumsOf, years }) } : {}),
    };
    out.push({ py, rules: rules_, values });
  }
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    program, track, capitation, rules,
    attribution: input.attribution ?? 'standard',
    withholdPhaseIn: input.withhold_phase_in ?? false,
    firstPerformanceYear: first,
    dceType: input.dce_type ?? 'standard',
    ...(spendingClass !== undefined ? { spendingClass } : {}),
    years: out,
    input,
  };
}

/** Base PCC with no rate given (lead): the PY's primary-care share of expenditure, as the kernel pays it. */
function claimsShareOf(sumsOf: ((py: number) => YearSums) | undefined, py: number): Ratio | undefined {
  const s = sumsOf?.(py);
  return s && s.expenditure > 0n ? { n: s.primaryCare, d: s.expenditure } : undefined;
}

function chainOf(input: ScenarioInput, py: number, ref: Partial<Record<Entitlement, Ratio>> | undefined): RiskChainRules {
  // METHODOLOGY 4.1: High Needs entities are not capped in PY2023 [CMS PUF: 14/14].
  const cap = input.dce_type === 'high_needs' && py === 2023 ? undefined : valueFor(input.risk_score_cap, py);
  const reference = ref ?? byEnt(input.reference_risk_score, py);
  return {
    normalizationFactor: byEnt(input.normalization_factor, py),
    codingIntensityFactor: byEnt(input.coding_intensity_factor, py),
    ...(cap !== undefined ? { cap } : {}),
    ...(Object.keys(reference).length ? { reference } : {}),
  };
}

/** The reference year's normalized scores by entitlement (risk_reference_year), or undefined. */
function referenceScores(input: ScenarioInput, years: readonly number[], sumsOf: ((py: number) => YearSums) | undefined): Partial<Record<Entitlement, Ratio>> | undefined {
  const ry = input.risk_reference_year;
  if (ry === undefined) return undefined;
  if (input.reference_risk_score !== undefined) {
    throw dataError('scenario "risk_reference_year": give reference_risk_score or risk_reference_year, not both', { hint: 'risk_reference_year takes the reference from the data; reference_risk_score gives it' });
  }
  if (!years.includes(ry) || sumsOf === undefined) {
    throw dataError(`scenario "risk_reference_year": PY${ry} is not in the data (PYs: ${years.join(', ') || 'none'})`, { hint: 'name a PY present in the data, or give reference_risk_score by entitlement' });
  }
  const sums = sumsOf(ry);
  const chain: RiskChainRules = { normalizationFactor: byEnt(input.normalization_factor, ry), codingIntensityFactor: {} };
  const out: Partial<Record<Entitlement, Ratio>> = {};
  for (const ent of KERNEL_ENTITLEMENTS) {
    const e: EntitlementSums = sums.entitlements[ent];
    if (e.months > 0) out[ent] = riskScores(e, ent, chain).normalized;
  }
  return out;
}

/** The kernel's rules for one PY of a resolved scenario (for `dcsim risk` and other callers). */
export function yearRulesOf(resolved: Resolved, py: number): YearRules {
  const y = resolved.years.find((x) => x.py === py);
  if (!y) throw dataError(`PY${py} is not among the resolved PYs (${resolved.years.map((x) => x.py).join(', ')})`);
  return y.rules;
}

/**
 * The program of a scenario: its "program" key, else lead when the rule set is lead, else reach. A
 * rule set that is not the program's is an error naming the key.
 */
export function programOf(input: ScenarioInput): ProgramEngine {
  const rules = input.rules as string | undefined;
  const id = input.program ?? (rules === 'lead' ? 'lead' : 'reach');
  const p = PROGRAMS[id]!;
  if (id === 'lead' && !Object.hasOwn(RULE_SETS, 'lead')) {
    throw dataError('scenario "program": program lead needs rule set lead, which this build does not have', { hint: 'the programs this build settles: reach, mssp' });
  }
  if (rules !== undefined && ((id === 'lead' && rules !== 'lead') || (id === 'reach' && rules === 'lead'))) {
    throw dataError(`scenario "rules": program ${id} settles under ${id === 'lead' ? 'rule set lead' : 'rule sets dc or reach'}, not ${rules}`, { hint: id === 'lead' ? 'drop "rules", or give "rules": "lead"' : 'give "program": "lead" for rule set lead' });
  }
  return p;
}

/** Program mssp: every PY's rules from its keys (engines/resolve-mssp.ts), the benchmark as for REACH. */
function resolveMssp(input: ScenarioInput, years: readonly number[], program: ProgramEngine): Resolved {
  const chainOn = usesRiskChain(input);
  const out: EffectiveYear[] = years.map((py) => {
    const rates: Partial<Record<Entitlement, Ratio>> = {};
    for (const ent of ENTITLEMENTS) {
      const r = rateFor(input, ent, py);
      if (r !== undefined) rates[ent] = r;
    }
    const { rules, values } = msspYearRules(input, py, rates);
    return { py, rules: chainOn ? { ...rules, riskChain: chainOf(input, py, undefined) } : rules, values: values as Partial<Record<PerYearKey, Ratio>> };
  });
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    program, track: TRACKS.global!, capitation: CAPITATIONS.pcc!, rules: RULE_SETS.reach,
    attribution: input.attribution ?? 'standard',
    withholdPhaseIn: false,
    firstPerformanceYear: input.first_performance_year ?? years[0] ?? 0,
    dceType: input.dce_type ?? 'standard',
    years: out,
    input,
  };
}
