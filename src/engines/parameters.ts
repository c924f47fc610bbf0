// The effective parameters of a settled scenario (the JSON `scenario` object and the table's header),
// generated from the key table in its order: each key reports its resolved value by kind. Keys that
// only matter when used (the blend, stop-loss, the risk chain, HEBA, the retention withhold, the
// guardrail) are reported when set or non-zero (completion_factor: when not 1). simulate() attaches
// them to its result; the settlement report shows them.
import { cmp, formatCents, formatDecimal, formatRatio, isZero, R1, toCents, type Ratio } from '../domain/exact.js';
import { ENTITLEMENTS } from '../domain/population.js';
import { guardedRta } from '../domain/rules.js';
import { KEY_NAMES, SCENARIO_KEYS, valueFor, type ByEntitlement, type ScenarioKey } from '../domain/scenario.js';
import { historicalWeight, type PerYearKey, type Resolved } from './resolve.js';
import { CAPITATIONS } from './registry.js';
import type { YearSettlement } from './settlement.js';
import { MSSP_ONLY } from './resolve-mssp.js';
import { INTERPOLATION_NOTE, MSSP_SEQUESTRATION, MSSP_TRACKS, MSR_TABLE_CITE } from '../domain/mssp.js';
import { LEAD_ONLY_KEYS } from './lead.js';
import { leadAssumed } from './lead-assumed.js';

/** A parameter's rate as exact decimal text. */
export function paramText(r: Ratio): string {
  return formatRatio(r, 40);
}

/** Keys reported only when some PY's value is not 1. */
const WHEN_NOT_ONE: ReadonlySet<ScenarioKey> = new Set(['completion_factor']);
/** Keys reported only when some PY has a non-zero value. */
const WHEN_NON_ZERO: ReadonlySet<ScenarioKey> = new Set(['retention_withhold_rate', 'heba_up_pbpm', 'heba_down_pbpm']);
/** Keys reported only when the scenario gives them. */
const WHEN_GIVEN: ReadonlySet<ScenarioKey> = new Set([
  'historical_pbpm', 'regional_pbpm', 'normalization_factor', 'coding_intensity_factor', 'risk_score_cap',
  'reference_risk_score', 'risk_reference_year',
]);

/** The RTA per PY ({PY: value}) when it is one for every entitlement, else by entitlement ({entitlement: {PY: value}}). */
function rtaParameter(s: Resolved, text: (r: Ratio, y: Resolved['years'][number]) => string): Record<string, unknown> {
  const of = (y: Resolved['years'][number], ent: (typeof ENTITLEMENTS)[number]) => y.rules.rtaByEntitlement?.[ent] ?? y.rules.rta;
  if (s.years.every((y) => y.rules.rtaByEntitlement === undefined)) return Object.fromEntries(s.years.map((y) => [String(y.py), text(y.rules.rta, y)]));
  return Object.fromEntries(ENTITLEMENTS.map((ent) => [ent, Object.fromEntries(s.years.map((y) => [String(y.py), text(of(y, ent), y)]))]));
}

/** Program mssp's keys: reported for program mssp only. */
const MSSP_KEYS: ReadonlySet<string> = new Set([...MSSP_ONLY, 'program']);

/** Every effective parameter, keyed as in the scenario file. */
export function effectiveParameters(s: Resolved, settled: readonly YearSettlement[]): Record<string, unknown> {
  const input = s.input;
  if (s.program.id === 'mssp') return msspParameters(s, settled);
  const perYear = (f: (i: number) => Ratio | undefined): Record<string, string> => {
    const o: Record<string, string> = {};
    s.years.forEach((y, i) => {
      const v = f(i);
      if (v !== undefined) o[String(y.py)] = paramText(v);
    });
    return o;
  };
  const byEnt = (f: (i: number, ent: (typeof ENTITLEMENTS)[number]) => Ratio | undefined): Record<string, Record<string, string>> => {
    const o: Record<string, Record<string, string>> = {};
    for (const ent of ENTITLEMENTS) {
      const r = perYear((i) => f(i, ent));
      if (Object.keys(r).length) o[ent] = r;
    }
    return o;
  };
  // Each capitation engine's keys: only the scenario's engine's are reported.
  const otherCapKeys = new Set<string>(Object.values(CAPITATIONS).filter((c) => c.id !== s.capitation.id).flatMap((c) => [c.rateKey, c.feeReductionKey]));
  const out: Record<string, unknown> = {};
  const isLead = s.rules.id === 'lead';
  const bandsJson = (b: readonly { from: Ratio; to: Ratio | null; share: Ratio }[]) => b.map((x) => ({ from: paramText(x.from), to: x.to === null ? null : paramText(x.to), share: paramText(x.share) }));
  for (const k of KEY_NAMES) {
    const spec = SCENARIO_KEYS[k];
    // Rule set lead's keys are reported under lead only (elsewhere they are not used: a note says so).
    if (!isLead && LEAD_ONLY_KEYS.includes(k)) continue;
    if (k === 'spending_class') {
      out[k] = s.spendingClass ?? 'none';
      continue;
    }
    if (k === 'prior_year_expenditure') {
      const o = Object.fromEntries(s.years.flatMap((y) => (y.rules.lead?.priorYearExpenditure !== undefined ? [[String(y.py), formatCents(y.rules.lead.priorYearExpenditure)]] : [])));
      if (Object.keys(o).length) out[k] = o;
      continue;
    }
    // The reference score taken from risk_reference_year is reported as the effective reference_risk_score.
    const derivedReference = k === 'reference_risk_score' && input.risk_reference_year !== undefined;
    if (WHEN_GIVEN.has(k) && input[k] === undefined && !derivedReference) continue;
    if (MSSP_KEYS.has(k)) {
      if (k === 'program' && input.program !== undefined) out[k] = s.program.id;
      continue;
    }
    switch (spec.kind) {
      case 'text':
        if (input.name !== undefined) out[k] = input.name;
        break;
      case 'enum':
        out[k] = k === 'track' ? s.track.id : k === 'capitation' ? s.capitation.id : k === 'rules' ? s.rules.id : k === 'attribution' ? s.attribution : k === 'dce_type' ? s.dceType : (input[k] ?? spec.default);
        break;
      case 'bool':
        if (k === 'rta_guardrail' && !input.rta_guardrail) break;
        out[k] = input[k] ?? spec.default;
        break;
      case 'int':
        out[k] = k === 'first_performance_year' ? s.firstPerformanceYear : input[k];
        break;
      case 'byEntitlement':
        if (k === 'rta') {
          // as given and, with the guardrail, as applied: by PY, or by entitlement where they differ
          out.rta = rtaParameter(s, (r) => paramText(r));
          if (input.rta_guardrail) out.rta_effective = rtaParameter(s, (r, y) => formatRatio(y.rules.rtaGuardrail ? guardedRta(r) : r, 10));
          break;
        }
        out[k] = k === 'benchmark_pbpm'
          ? byEnt((i, ent) => s.years[i]!.rules.rates[ent])
          : derivedReference
          ? byEnt((i, ent) => s.years[i]!.rules.riskChain?.reference?.[ent])
          : byEnt((i, ent) => valueFor((input[k] as ByEntitlement)[ent], s.years[i]!.py));
        break;
      case 'bands':
        // The bands in effect are reported below as `corridors` (and `corridors_losses`).
        break;
      case 'object':
        if (input.lead_benchmark_build) out[k] = { cohorts: input.lead_benchmark_build.cohorts.map((c) => c.name) };
        break;
      case 'list':
        if (input.stop_loss_attachment === undefined) break;
        out[k] = k === 'stop_loss_attachment' ? input.stop_loss_attachment.map((a) => formatCents(toCents(a))) : (input.stop_loss_share ?? []).map(formatDecimal);
        break;
      case 'perYear': {
        const pk = k as PerYearKey;
        if (otherCapKeys.has(pk)) break;
        if (pk === 'historical_weight') {
          const hw = perYear((i) => historicalWeight(input, s.years[i]!.py));
          if (Object.keys(hw).length && (input.historical_pbpm || input.regional_pbpm)) out[k] = hw;
          break;
        }
        if (pk === 'stop_loss_pbpm' && input.stop_loss_attachment === undefined) break;
        if (pk === s.capitation.rateKey) {
          out[k] = Object.fromEntries(s.years.flatMap((y, i) => (settled[i] ? [[String(y.py), formatRatio(settled[i]!.capitationRate, 10)]] : [])));
          break;
        }
        if (WHEN_NON_ZERO.has(pk) && s.years.every((y) => y.values[pk] === undefined || isZero(y.values[pk]!))) break;
        if (WHEN_NOT_ONE.has(pk) && s.years.every((y) => y.values[pk] === undefined || cmp(y.values[pk]!, R1) === 0)) break;
        out[k] = perYear((i) => s.years[i]!.values[pk]);
        // (pcc_base_rate has no value under TCC: nothing to report)
        if (pk === 'pcc_base_rate' && Object.keys(out[k] as object).length === 0) delete out[k];
        break;
      }
    }
  }
  out.corridors = Object.fromEntries(s.years.map((y) => [String(y.py), bandsJson(y.rules.bands)]));
  if (s.years.some((y) => y.rules.lossBands !== undefined)) out.corridors_losses = Object.fromEntries(s.years.map((y) => [String(y.py), bandsJson(y.rules.lossBands ?? y.rules.bands)]));
  if (isLead) out.assumed = leadAssumed(s).map((a) => ({ ...a }));
  return out;
}

/**
 * Program mssp's effective parameters (METHODOLOGY-2027 section 5): its keys with the values used,
 * each PY's n, the citations of the track's values, and `assumed`: the defaults that are not CMS's text.
 */
function msspParameters(s: Resolved, settled: readonly YearSettlement[]): Record<string, unknown> {
  const input = s.input;
  const track = MSSP_TRACKS[input.mssp_track ?? 'enhanced'];
  const perYear = (k: string): Record<string, string> => Object.fromEntries(s.years.flatMap((y) => {
    const v = (y.values as Record<string, Ratio | undefined>)[k];
    return v === undefined ? [] : [[String(y.py), paramText(v)]];
  }));
  const variable = (input.msr ?? 'variable') === 'variable';
  const lossCap = y0(s)?.lossCapRates.map(paramText) ?? [];
  const out: Record<string, unknown> = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    program: 'mssp',
    mssp_track: track.id,
    attribution: s.attribution,
    benchmark_pbpm: Object.fromEntries(ENTITLEMENTS.flatMap((ent) => {
      const o = Object.fromEntries(s.years.flatMap((y) => (y.rules.rates[ent] ? [[String(y.py), paramText(y.rules.rates[ent]!)]] : [])));
      return Object.keys(o).length ? [[ent, o]] : [];
    })),
    msr: input.msr ?? 'variable',
    ...(variable ? { msr_interpolation: input.msr_interpolation ?? 'linear' } : {}),
    ...(input.msr_table !== undefined ? { msr_table: input.msr_table } : {}),
    quality_status: input.quality_status ?? 'met',
    quality_score: perYear('quality_score'),
    assigned_beneficiaries: Object.fromEntries(settled.map((y) => [String(y.py), y.mssp?.assigned ?? null])),
    ...(input.participant_revenue !== undefined ? { participant_revenue: perYear('participant_revenue') } : {}),
    low_revenue: input.low_revenue ?? false,
    max_sharing_rate: perYear('max_sharing_rate'),
    ppl_rate: perYear('ppl_rate'),
    ...(track.twoSided ? { loss_cap_rates: lossCap } : {}),
    sequestration_rate: perYear('sequestration_rate'),
    ...(input.rta !== undefined ? { rta: perYear('rta') } : {}),
    sources: {
      max_sharing_rate: track.sharingRate.cite, ppl_rate: track.pplRate.cite,
      ...(track.lossRate ? { shared_loss_rate: track.lossRate.cite } : {}),
      ...(track.lossCap ? { loss_cap_rates: track.lossCap.cite } : {}),
      msr: MSR_TABLE_CITE,
    },
    assumed: [
      ...(variable && (input.msr_interpolation ?? 'linear') === 'linear' ? [`msr_interpolation: ${INTERPOLATION_NOTE}`] : []),
      `sequestration_rate ${MSSP_SEQUESTRATION.value}: ${MSSP_SEQUESTRATION.cite} [${MSSP_SEQUESTRATION.tag}]`,
      ...(input.msr === undefined ? ['msr: variable by default [U]: the ACO elects it for a two-sided agreement'] : []),
      ...(input.mssp_track === undefined ? ['mssp_track: enhanced by default [U]'] : []),
      ...(input.low_revenue ? ['low_revenue: the agreement period is taken to start in 2024 or later (42 CFR 425.605(h)) [U]'] : []),
    ],
  };
  return out;
}

function y0(s: Resolved) {
  return s.years[0]?.rules.mssp;
}
