// Resolution of program `mssp`'s keys (METHODOLOGY-2027 sections 3.1 and 5) into each PY's kernel
// rules: the REACH lines zero (no discount, withhold, HEBA, corridor or capitation) and the MSSP
// block. Values not given take the track's (domain/mssp.ts). Errors name the key and what it allows.
import { dataError } from '../domain/errors.js';
import { formatDecimal, ratio, R0, R1, type Ratio } from '../domain/exact.js';
import {
  MSR_CHOICE_CITE, MSSP_PY, MSSP_SEQUESTRATION, MSSP_TRACKS, msrTable, type MsrChoice, type MsspTrackId, type QualityStatus,
} from '../domain/mssp.js';
import type { Entitlement } from '../domain/population.js';
import { valueFor, type PerYear, type ScenarioInput } from '../domain/scenario.js';
import type { YearRules } from './kernel.js';
import type { MsspYearRules } from './mssp.js';

/** Scenario keys that only REACH and LEAD read: refused under program mssp when given. */
export const NOT_MSSP = [
  'capitation', 'discount_rate', 'withhold_rate', 'withhold_phase_in', 'withhold_base', 'pcc_rate', 'tcc_rate', 'pcc_fee_reduction',
  'tcc_fee_reduction', 'corridor_base', 'retention_withhold_rate', 'heba_up_pbpm', 'heba_down_pbpm', 'stop_loss_attachment',
  'stop_loss_share', 'stop_loss_pbpm',
] as const;

/** MSSP-only keys: refused (when given) under reach and lead. */
export const MSSP_ONLY = [
  'mssp_track', 'msr', 'msr_table', 'msr_interpolation', 'quality_status', 'assigned_beneficiaries', 'participant_revenue', 'low_revenue',
  'max_sharing_rate', 'ppl_rate', 'loss_cap_rates',
] as const;

function at(p: PerYear | undefined, py: number): Ratio | undefined {
  return valueFor(p, py);
}

export function checkMsspKeys(input: ScenarioInput, program: string): void {
  const wrong = program === 'mssp' ? NOT_MSSP.filter((k) => input[k] !== undefined) : MSSP_ONLY.filter((k) => input[k] !== undefined);
  if (wrong.length) {
    throw dataError(`scenario "${wrong[0]}": not used by program ${program}`, {
      hint: program === 'mssp'
        ? 'MSSP has no discount, withhold, HEBA, corridor or capitation: FFS payment continues (METHODOLOGY-2027 3.3)'
        : `${MSSP_ONLY.join(', ')} are program mssp's keys: add --program mssp`,
    });
  }
}

/** The PY check: the current text of part 425 is settled for PY2024-2036. */
export function checkMsspYear(py: number): void {
  if (py < MSSP_PY.from || py > MSSP_PY.to) {
    throw dataError(`scenario "program": program mssp covers PY${MSSP_PY.from}-${MSSP_PY.to}; PY${py} is outside it`, {
      hint: `42 CFR part 425 as settled here applies from PY${MSSP_PY.from} (${MSSP_PY.cite}) [${MSSP_PY.tag}]; settle PY${py} under program reach, or keep the data's PYs within ${MSSP_PY.from}-${MSSP_PY.to}`,
    });
  }
}

/** Program mssp's values for one PY as given (scenario keys, or an entity row's columns). */
export interface MsspParams {
  readonly track: MsspTrackId;
  readonly msr: MsrChoice;
  readonly msrTable?: string;
  readonly interpolation: 'linear' | 'low_end';
  readonly assigned?: number;
  readonly qualityStatus: QualityStatus;
  readonly qualityScore: Ratio;
  readonly maxSharingRate?: Ratio;
  readonly pplRate?: Ratio;
  readonly lossCapRates?: readonly Ratio[];
  readonly participantRevenue?: Ratio;
  readonly lowRevenue: boolean;
  readonly sequestrationRate?: Ratio;
}

/** The MSSP block of a PY's rules: the values given, else the track's (domain/mssp.ts). Errors name the key. */
export function msspRules(p: MsspParams, py: number): MsspYearRules {
  checkMsspYear(py);
  const t = MSSP_TRACKS[p.track];
  if (!t.twoSided && p.msr !== 'variable') {
    throw dataError(`scenario "msr": ${p.track} is one-sided, so its MSR is variable; ${p.msr} is a two-sided choice`, { hint: `the MSR choices: ${MSR_CHOICE_CITE}` });
  }
  const table = msrTable(p.msrTable); // checked even when the MSR is fixed
  const capRates = p.lossCapRates ?? (t.lossCap?.rates ?? []).map((x) => ratio(x));
  if (capRates.length > 2) throw dataError(`scenario "loss_cap_rates": ${capRates.length} values; give REVENUE_SHARE,BENCHMARK_SHARE or BENCHMARK_SHARE alone`, { hint: 'e.g. "loss_cap_rates": "0.08,0.04" (BASIC E) or "0.15" (ENHANCED)' });
  if (t.twoSided && capRates.length === 0) throw dataError('scenario "loss_cap_rates": a two-sided track needs a loss cap', { hint: 'e.g. "loss_cap_rates": "0.15"' });
  const lossRate = t.lossRate === undefined ? undefined : t.lossRate.value === 'quality' ? 'quality' as const : ratio(t.lossRate.value);
  return {
    track: p.track, twoSided: t.twoSided, basic: t.basic,
    msr: p.msr === 'variable' ? { table, interpolation: p.interpolation, userRows: p.msrTable !== undefined } : { fixed: ratio(p.msr) },
    ...(p.assigned !== undefined ? { assigned: p.assigned } : {}),
    qualityStatus: p.qualityStatus, qualityScore: p.qualityScore,
    maxSharingRate: p.maxSharingRate ?? ratio(t.sharingRate.value),
    pplRate: p.pplRate ?? ratio(t.pplRate.value),
    ...(lossRate !== undefined ? { lossRate } : {}),
    lossCapRates: capRates,
    ...(p.participantRevenue !== undefined ? { participantRevenue: p.participantRevenue } : {}),
    lowRevenue: p.lowRevenue,
    sequestrationRate: p.sequestrationRate ?? ratio(MSSP_SEQUESTRATION.value),
  };
}

/** One PY's rules for program mssp; `rates` are the benchmark rates resolved as for REACH. */
export function msspYearRules(input: ScenarioInput, py: number, rates: Partial<Record<Entitlement, Ratio>>): { rules: YearRules; values: Record<string, Ratio> } {
  const n = at(input.assigned_beneficiaries, py);
  if (n !== undefined && n.n % n.d !== 0n) throw dataError(`scenario "assigned_beneficiaries": ${formatDecimal(n)} for PY${py} is not a whole number`, { hint: 'a count of assigned beneficiaries, e.g. 12500' });
  const revenue = at(input.participant_revenue, py);
  const seq = at(input.sequestration_rate, py);
  const maxRate = at(input.max_sharing_rate, py);
  const ppl = at(input.ppl_rate, py);
  const mssp = msspRules({
    track: input.mssp_track ?? 'enhanced',
    msr: input.msr ?? 'variable',
    ...(input.msr_table !== undefined ? { msrTable: input.msr_table } : {}),
    interpolation: input.msr_interpolation ?? 'linear',
    ...(n !== undefined ? { assigned: Number(n.n / n.d) } : {}),
    qualityStatus: input.quality_status ?? 'met',
    qualityScore: at(input.quality_score, py) ?? R1,
    ...(maxRate !== undefined ? { maxSharingRate: maxRate } : {}),
    ...(ppl !== undefined ? { pplRate: ppl } : {}),
    ...(input.loss_cap_rates ? { lossCapRates: input.loss_cap_rates } : {}),
    ...(revenue !== undefined ? { participantRevenue: revenue } : {}),
    lowRevenue: input.low_revenue ?? false,
    ...(seq !== undefined ? { sequestrationRate: seq } : {}),
  }, py);
  const q = mssp.qualityScore;
  const rules: YearRules = {
    py, discountRate: R0, withholdRate: R0, withholdBase: 'benchmark', qualityScore: q, retentionWithholdRate: R0, sequestrationRate: mssp.sequestrationRate,
    rta: at(input.rta?.aged_disabled, py) ?? R1, rtaGuardrail: input.rta_guardrail ?? false, rates, hebaUpPbpm: R0, hebaDownPbpm: R0,
    corridorBase: 'benchmark', bands: [], capitation: { base: 'benchmark', reduces: 'primaryCare', rate: R0, feeReductionRate: R0 }, mssp,
  };
  const values: Record<string, Ratio> = { quality_score: q, sequestration_rate: mssp.sequestrationRate, max_sharing_rate: mssp.maxSharingRate, ppl_rate: mssp.pplRate, rta: rules.rta };
  if (revenue !== undefined) values.participant_revenue = revenue;
  return { rules, values };
}
