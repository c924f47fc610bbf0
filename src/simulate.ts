// simulate(): a population and a scenario in, per-PY settlements and the effective parameters out.
// Pure: no I/O. The CLI, sweeps and tests all come through here.
import { aggregateYear, type YearAggregate } from './domain/aggregate.js';
import { Dec, ONE, ZERO } from './domain/decimal.js';
import { dataError } from './domain/errors.js';
import { Share, formatRate } from './domain/money.js';
import { ENTITLEMENTS, type Entitlement, type Population } from './domain/population.js';
import { HISTORICAL_WEIGHT, MCO_LETTER_NOTE, MINIMUM_ALIGNED, RULE_SETS, scheduleValue, type Band, type DceType, type RuleSet } from './domain/rules.js';
import { valueFor, type AttributionId, type ScenarioInput, type ScenarioKey } from './domain/scenario.js';
import { CAPITATIONS, TRACKS } from './engines/registry.js';
import { settleYear, type StopLoss, type YearParams, type YearSettlement } from './engines/settlement.js';
import type { CapitationEngine, TrackEngine } from './engines/types.js';

export interface EffectiveYear {
  readonly params: YearParams;
  /** The withhold rate before phase-in. */
  readonly withholdScheduleRate: Dec;
}

export interface Resolved {
  readonly name?: string;
  readonly track: TrackEngine;
  readonly capitation: CapitationEngine;
  readonly rules: RuleSet;
  readonly attribution: AttributionId;
  readonly withholdPhaseIn: boolean;
  readonly firstPerformanceYear: number;
  readonly dceType: DceType;
  readonly years: readonly EffectiveYear[];
  readonly input: ScenarioInput;
}

export interface Simulation {
  readonly population: Population;
  readonly scenario: Resolved;
  readonly years: readonly YearSettlement[];
  readonly notes: readonly string[];
}

function uncovered(key: ScenarioKey, rules: RuleSet, py: number, example: string): never {
  throw dataError(`scenario "${key}": rule set "${rules.id}" has no ${key} for PY${py}`, {
    hint: `pass it: --${key.replace(/_/g, '-')} ${py}=${example} (or "${key}": {"${py}": "${example}"} in the scenario file)`,
  });
}

// Resolution is on the sweep's hot path (one call per scenario), so the values it derives are
// shared, not rebuilt: a rule-set string becomes one Dec, a blended rate or a phased-in withhold is
// computed once per set of operands (Dec values are immutable, so sharing them is safe). Sharing
// also lets the sweep memoise settlement lines by the identity of their operands.
const decByText = new Map<string, Dec>();
function decOf(text: string): Dec {
  let d = decByText.get(text);
  if (d === undefined) {
    d = new Dec(text);
    decByText.set(text, d);
  }
  return d;
}

const blends = new WeakMap<Dec, WeakMap<Dec, WeakMap<Dec, Dec>>>();
function blend(w: Dec, h: Dec, r: Dec): Dec {
  let byH = blends.get(w);
  if (!byH) blends.set(w, (byH = new WeakMap()));
  let byR = byH.get(h);
  if (!byR) byH.set(h, (byR = new WeakMap()));
  let x = byR.get(r);
  if (x === undefined) {
    x = w.times(h).plus(ONE.minus(w).times(r));
    byR.set(r, x);
  }
  return x;
}

const phased = new WeakMap<Dec, Map<number, Dec>>();
/** rate x min(k, 5) / 5 for k >= 1 */
function phaseIn(rate: Dec, k: number): Dec {
  let m = phased.get(rate);
  if (!m) phased.set(rate, (m = new Map()));
  const steps = Math.min(k, 5);
  let x = m.get(steps);
  if (x === undefined) {
    x = rate.times(steps).div(5);
    m.set(steps, x);
  }
  return x;
}

const shares = new WeakMap<Dec, Share>();
function shareOf(rate: Dec): Share {
  let s = shares.get(rate);
  if (s === undefined) {
    s = new Share(rate);
    shares.set(rate, s);
  }
  return s;
}

/** The historical weight for a PY: the scenario's, else the DCE type's published default. */
export function historicalWeight(input: ScenarioInput, py: number): Dec | undefined {
  const w = valueFor(input.historical_weight, py);
  if (w !== undefined) return w;
  const d = HISTORICAL_WEIGHT[input.dce_type ?? 'standard'][py];
  return d === undefined ? undefined : new Dec(d);
}

function rateFor(input: ScenarioInput, ent: Entitlement, py: number): Dec | undefined {
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
  return blend(w, h, r);
}

/** Resolve every parameter for the PYs present. Throws a data error naming the key when one is missing. */
export function resolveScenario(input: ScenarioInput, years: readonly number[]): Resolved {
  const trackId = input.track ?? 'global';
  const capId = input.capitation ?? 'pcc';
  const track = TRACKS[trackId]!;
  const capitation = CAPITATIONS[capId]!;
  if (!track.capitations.includes(capitation.id)) {
    throw dataError(`scenario "capitation": ${capId} is not available on the ${trackId} track`, { hint: `${trackId} allows ${track.capitations.join(', ')}` });
  }
  const rules = RULE_SETS[input.rules ?? 'dc'];
  const first = input.first_performance_year ?? years[0] ?? 0;
  const stopLoss = stopLossOf(input);
  const out: EffectiveYear[] = [];
  for (const py of years) {
    const d = valueFor(input.discount_rate, py) ?? decOf(track.defaultDiscount(rules, py) ?? uncovered('discount_rate', rules, py, '0.05'));
    const w = valueFor(input.withhold_rate, py) ?? decOf(scheduleValue(rules.withhold, py) ?? uncovered('withhold_rate', rules, py, '0.05'));
    let withholdRate = w;
    if (input.withhold_phase_in) {
      const k = py - first + 1;
      if (k < 1) throw dataError(`scenario "first_performance_year": ${first} is after PY${py} in the data`, { hint: 'the phase-in counts PYs from first_performance_year; it must not be later than the first PY' });
      withholdRate = phaseIn(w, k);
    }
    const seq = valueFor(input.sequestration_rate, py) ?? decOf(scheduleValue(rules.sequestration, py) ?? uncovered('sequestration_rate', rules, py, '0.02'));
    const capRate = valueFor(input[capitation.rateKey], py);
    if (capRate === undefined && capitation.id === 'pcc' && scheduleValue(rules.pccRate, py) === undefined) uncovered('pcc_rate', rules, py, '0.07');
    const rates: Partial<Record<Entitlement, Dec>> = {};
    for (const ent of ENTITLEMENTS) {
      const r = rateFor(input, ent, py);
      if (r !== undefined) rates[ent] = r;
    }
    const bands: readonly Band[] = track.corridor(rules, py);
    const params: YearParams = {
      py,
      discountRate: d,
      withholdRate,
      qualityScore: valueFor(input.quality_score, py) ?? ONE,
      sequestrationRate: seq,
      rta: valueFor(input.rta, py) ?? ONE,
      feeReductionRate: valueFor(input[capitation.feeReductionKey], py) ?? ONE,
      rates,
      withholdBase: input.withhold_base ?? 'benchmark',
      corridorBase: input.corridor_base ?? 'performance_benchmark',
      bands,
      ...(stopLoss ? { stopLoss: { ...stopLoss, pbpm: valueFor(input.stop_loss_pbpm, py) ?? ZERO } } : {}),
    };
    out.push({ withholdScheduleRate: w, params: capRate === undefined ? params : { ...params, capitationRate: shareOf(capRate) } });
  }
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    track, capitation, rules,
    attribution: input.attribution ?? 'standard',
    withholdPhaseIn: input.withhold_phase_in ?? false,
    firstPerformanceYear: first,
    dceType: input.dce_type ?? 'standard',
    years: out,
    input,
  };
}

function stopLossOf(input: ScenarioInput): Omit<StopLoss, 'pbpm'> | undefined {
  const a = input.stop_loss_attachment;
  if (!a) {
    if (input.stop_loss_share || input.stop_loss_pbpm) throw dataError('scenario "stop_loss_attachment": stop-loss needs its attachment point(s)', { hint: 'e.g. "stop_loss_attachment": [250000], "stop_loss_share": [0.9], "stop_loss_pbpm": 12.50' });
    return undefined;
  }
  const shares = input.stop_loss_share ?? [];
  if (shares.length !== 1 && shares.length !== a.length) {
    throw dataError(`scenario "stop_loss_share": give one share for all ${a.length} attachment points, or one for each`, { hint: 'e.g. "stop_loss_share": [0.8, 0.9]' });
  }
  for (let i = 0; i < a.length; i++) {
    if (!a[i]!.times(100).isInteger()) throw dataError(`scenario "stop_loss_attachment": ${a[i]!.toString()} has more than two decimals`);
    if (i > 0 && !a[i]!.gt(a[i - 1]!)) throw dataError('scenario "stop_loss_attachment": attachment points must rise', { hint: 'e.g. [250000, 500000]' });
  }
  return { attachments: a, shares };
}

/** Stop-loss attachment points in cents, for the reader (which sums the excess over each). */
export function attachmentCents(input: ScenarioInput): number[] {
  return (input.stop_loss_attachment ?? []).map((a) => a.times(100).toNumber());
}

const aggregateCache = new WeakMap<Population, Map<string, YearAggregate>>();

/** The PY aggregate under a policy; cached per population, so sweeps aggregate once. */
export function yearAggregate(pop: Population, py: number, policy: AttributionId): YearAggregate {
  let m = aggregateCache.get(pop);
  if (!m) {
    m = new Map();
    aggregateCache.set(pop, m);
  }
  const key = `${py}/${policy}`;
  let a = m.get(key);
  if (!a) {
    a = aggregateYear(pop.groups, py, policy);
    m.set(key, a);
  }
  return a;
}

/** Settle every PY of a population under a scenario. */
export function simulate(pop: Population, input: ScenarioInput): Simulation {
  const scenario = resolveScenario(input, pop.years);
  const want = attachmentCents(input);
  if (want.length && want.join() !== pop.attachments.join()) {
    throw dataError('scenario "stop_loss_attachment": the data was read without these attachment points', { hint: 'stop-loss attachment points are applied while reading: pass them to the run that reads the data (a sweep cannot vary them)' });
  }
  const notes: string[] = [];
  const years = scenario.years.map(({ params }) => {
    const agg = yearAggregate(pop, params.py, scenario.attribution);
    const s = settleYear(agg, params, scenario.capitation, () => {
      const d = scenario.capitation.defaultRate(scenario.rules, { agg, benchmark: ZERO, discount: ZERO });
      if (!d) throw dataError(`scenario "${scenario.capitation.rateKey}": no default for PY${params.py}`);
      return d;
    });
    notes.push(...s.audit.notes);
    // Checked when the scenario names its DCE type (a file of a few rows is not a DCE).
    const min = input.dce_type ? MINIMUM_ALIGNED[input.dce_type][params.py] : undefined;
    if (min !== undefined && s.alignedBeneficiaries < min) {
      notes.push(`warning: PY${params.py}: ${s.alignedBeneficiaries} aligned beneficiaries, below the ${min} minimum for a ${scenario.dceType.replace('_', ' ')} DCE [CMS, REACH]`);
    }
    return s;
  });
  if (input.mco_based) notes.push(MCO_LETTER_NOTE);
  return { population: pop, scenario, years, notes };
}

/** Every effective parameter, keyed as in the scenario file (for JSON output and the table header). */
export function effectiveParameters(sim: Simulation): Record<string, unknown> {
  const s = sim.scenario;
  const perYear = (f: (y: EffectiveYear, i: number) => Dec | undefined): Record<string, string> => {
    const o: Record<string, string> = {};
    s.years.forEach((y, i) => {
      const v = f(y, i);
      if (v !== undefined) o[String(y.params.py)] = formatRate(v);
    });
    return o;
  };
  const rates: Record<string, Record<string, string>> = {};
  for (const ent of ENTITLEMENTS) {
    const r = perYear((y) => y.params.rates[ent]);
    if (Object.keys(r).length) rates[ent] = r;
  }
  const out: Record<string, unknown> = {
    ...(s.name !== undefined ? { name: s.name } : {}),
    track: s.track.id,
    capitation: s.capitation.id,
    rules: s.rules.id,
    attribution: s.attribution,
    benchmark_pbpm: rates,
    rta: perYear((y) => y.params.rta),
    discount_rate: perYear((y) => y.params.discountRate),
    withhold_rate: perYear((y) => y.withholdScheduleRate),
    withhold_phase_in: s.withholdPhaseIn,
    first_performance_year: s.firstPerformanceYear,
    withhold_base: s.years[0]?.params.withholdBase ?? s.input.withhold_base ?? 'benchmark',
    quality_score: perYear((y) => y.params.qualityScore),
    [s.capitation.rateKey]: perYear((_y, i) => sim.years[i]?.capitationRate.toDecimalPlaces(10)),
    [s.capitation.feeReductionKey]: perYear((y) => y.params.feeReductionRate),
    corridor_base: s.input.corridor_base ?? 'performance_benchmark',
    sequestration_rate: perYear((y) => y.params.sequestrationRate),
  };
  for (const k of ['historical_pbpm', 'regional_pbpm'] as const) {
    const v = s.input[k];
    if (v) {
      const o: Record<string, Record<string, string>> = {};
      for (const ent of ENTITLEMENTS) {
        const r = perYear((y) => valueFor(v[ent], y.params.py));
        if (Object.keys(r).length) o[ent] = r;
      }
      out[k] = o;
    }
  }
  const hw = perYear((y) => historicalWeight(s.input, y.params.py));
  if (Object.keys(hw).length && (s.input.historical_pbpm || s.input.regional_pbpm)) out.historical_weight = hw;
  out.dce_type = s.dceType;
  out.mco_based = s.input.mco_based ?? false;
  out.cost_shift_threshold = perYear((y) => valueFor(s.input.cost_shift_threshold, y.params.py) ?? ZERO);
  if (s.input.stop_loss_attachment) {
    out.stop_loss_attachment = s.input.stop_loss_attachment.map((a) => a.toFixed(2));
    out.stop_loss_share = (s.input.stop_loss_share ?? []).map(formatRate);
    out.stop_loss_pbpm = perYear((y) => y.params.stopLoss?.pbpm);
  }
  out.corridors = Object.fromEntries(s.years.map((y) => [String(y.params.py), y.params.bands.map((b) => ({ from: b.from, to: b.to, share: b.share }))]));
  return out;
}
