// Resolution of program `mssp`'s keys (METHODOLOGY-2027 sections 3.1 and 5) into each PY's kernel
// rules: the REACH lines zero (no discount, withhold, HEBA, corridor or capitation) and the MSSP
// block. Values not given take the track's (domain/mssp.ts). Errors name the key and what it allows.
import type { Dec } from '../domain/decimal.js';
import { dataError } from '../domain/errors.js';
import { ratio, R0, R1, type Ratio } from '../domain/exact.js';
import {
  MSSP_PY, MSSP_SEQUESTRATION, MSSP_TRACKS, msrTable, type MsrChoice, type MsspTrackId,
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
  const v: Dec | undefined = valueFor(p, py);
  return v === undefined ? undefined : ratio(v);
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

/** One PY's rules for program mssp; `rates` are the benchmark rates resolved as for REACH. */
export function msspYearRules(input: ScenarioInput, py: number, rates: Partial<Record<Entitlement, Ratio>>): { rules: YearRules; values: Record<string, Ratio> } {
  checkMsspYear(py);
  const trackId: MsspTrackId = input.mssp_track ?? 'enhanced';
  const t = MSSP_TRACKS[trackId];
  const choice: MsrChoice = input.msr ?? 'variable';
  if (!t.twoSided && choice !== 'variable') {
    throw dataError(`scenario "msr": ${trackId} is one-sided, so its MSR is variable; ${choice} is a two-sided choice`, { hint: 'the MSR choices of 42 CFR 425.605(b)(1)-(2): one-sided tracks (basic_a, basic_b) variable; two-sided variable, 0, 0.005, 0.01, 0.015, 0.02' });
  }
  const table = choice === 'variable' ? msrTable(input.msr_table) : undefined;
  if (choice !== 'variable' && input.msr_table !== undefined) msrTable(input.msr_table); // still checked
  const n = at(input.assigned_beneficiaries, py);
  if (n !== undefined && n.n % n.d !== 0n) throw dataError(`scenario "assigned_beneficiaries": ${valueFor(input.assigned_beneficiaries, py)!.toString()} for PY${py} is not a whole number`, { hint: 'a count of assigned beneficiaries, e.g. 12500' });
  const q = at(input.quality_score, py) ?? R1;
  const status = input.quality_status ?? 'met';
  const capRates = input.loss_cap_rates ? input.loss_cap_rates.map((x) => ratio(x)) : (t.lossCap?.rates ?? []).map((x) => ratio(x));
  if (capRates.length > 2) throw dataError(`scenario "loss_cap_rates": ${capRates.length} values; give REVENUE_SHARE,BENCHMARK_SHARE or BENCHMARK_SHARE alone`, { hint: 'e.g. "loss_cap_rates": "0.08,0.04" (BASIC E) or "0.15" (ENHANCED)' });
  const revenue = at(input.participant_revenue, py);
  const seq = at(input.sequestration_rate, py) ?? ratio(MSSP_SEQUESTRATION.value);
  const maxRate = at(input.max_sharing_rate, py) ?? ratio(t.sharingRate.value);
  const ppl = at(input.ppl_rate, py) ?? ratio(t.pplRate.value);
  const lossRate = t.lossRate === undefined ? undefined : t.lossRate.value === 'quality' ? 'quality' as const : ratio(t.lossRate.value);
  const mssp: MsspYearRules = {
    track: trackId, twoSided: t.twoSided, basic: t.basic,
    msr: table ? { table, interpolation: input.msr_interpolation ?? 'linear', userRows: input.msr_table !== undefined } : { fixed: ratio(choice) },
    ...(n !== undefined ? { assigned: Number(n.n / n.d) } : {}),
    qualityStatus: status, qualityScore: q, maxSharingRate: maxRate, pplRate: ppl,
    ...(lossRate !== undefined ? { lossRate } : {}),
    lossCapRates: capRates,
    ...(revenue !== undefined ? { participantRevenue: revenue } : {}),
    lowRevenue: input.low_revenue ?? false,
    sequestrationRate: seq,
  };
  const rules: YearRules = {
    py, discountRate: R0, withholdRate: R0, withholdBase: 'benchmark', qualityScore: q, retentionWithholdRate: R0, sequestrationRate: seq,
    rta: at(input.rta, py) ?? R1, rtaGuardrail: input.rta_guardrail ?? false, rates, hebaUpPbpm: R0, hebaDownPbpm: R0,
    corridorBase: 'benchmark', bands: [], capitation: { base: 'benchmark', reduces: 'primaryCare', rate: R0, feeReductionRate: R0 }, mssp,
  };
  const values: Record<string, Ratio> = { quality_score: q, sequestration_rate: seq, max_sharing_rate: maxRate, ppl_rate: ppl, rta: rules.rta };
  if (revenue !== undefined) values.participant_revenue = revenue;
  return { rules, values };
}
