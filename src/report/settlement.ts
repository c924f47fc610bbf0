// The neutral report model of a simulation: typed cells (money, rate, count), no text layout.
// Renderers (src/render) turn it into a table, CSV or JSON. The column list is METHODOLOGY
// section 10's output contract: order and names are stable.
import { roundTo, type Ratio } from '../domain/exact.js';
import type { YearSettlement } from '../engines/settlement.js';
import type { Simulation } from '../usecases/simulate.js';
import { cohortRecords, type CohortDimension, type CohortRecord } from './cohorts.js';
import { medicaidNotes, medicaidYears, type MedicaidYear } from './medicaid.js';

export type Cell =
  | { readonly kind: 'money'; readonly value: bigint }
  | { readonly kind: 'rate'; readonly value: Ratio }
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'empty' };

/** A line of the output. `get` gives undefined where the line does not apply (an empty CSV cell, JSON null);
 *  `noTotal`: the Total column is empty (a limit, not an amount to add up). */
export type Column =
  | { readonly key: string; readonly label: string; readonly kind: 'money'; readonly get: (y: YearSettlement) => bigint | undefined; readonly noTotal?: boolean }
  | { readonly key: string; readonly label: string; readonly kind: 'rate'; readonly get: (y: YearSettlement) => Ratio | undefined }
  | { readonly key: string; readonly label: string; readonly kind: 'count'; readonly get: (y: YearSettlement) => number }
  | { readonly key: string; readonly label: string; readonly kind: 'text'; readonly get: (y: YearSettlement) => string | undefined };

const money = (key: string, label: string, get: (y: YearSettlement) => bigint): Column => ({ key, label, kind: 'money', get });
const rate = (key: string, label: string, get: (y: YearSettlement) => Ratio): Column => ({ key, label, kind: 'rate', get });
const count = (key: string, label: string, get: (y: YearSettlement) => number): Column => ({ key, label, kind: 'count', get });

/** Derived rates (a savings rate, a default TCC rate) are shown to 10 decimal places, rounded
 *  half-even once from the exact value; the settlement itself uses them unrounded. */
export const SHOWN_RATE_PLACES = 10;
const shown = (x: Ratio): Ratio => roundTo(x, SHOWN_RATE_PLACES);

/** METHODOLOGY section 10, schema version 1's columns, in order. */
export const YEAR_COLUMNS: readonly Column[] = [
  count('performance_year', 'Performance year', (y) => y.py),
  count('aligned_beneficiaries', 'Aligned beneficiaries', (y) => y.alignedBeneficiaries),
  count('excluded_beneficiaries', 'Excluded (not aligned)', (y) => y.excludedBeneficiaries),
  count('member_months', 'Member months', (y) => y.memberMonths),
  rate('discount_rate', 'Discount rate', (y) => y.discountRate),
  rate('withhold_rate', 'Quality withhold rate', (y) => y.withholdRate),
  rate('quality_score', 'Quality score', (y) => y.qualityScore),
  rate('capitation_rate', 'Capitation rate', (y) => shown(y.capitationRate)),
  rate('sequestration_rate', 'Sequestration rate', (y) => y.sequestrationRate),
  money('benchmark', 'Benchmark (B)', (y) => y.benchmark),
  money('discount', 'Discount (D)', (y) => y.discount),
  money('quality_withhold', 'Quality withhold (W)', (y) => y.qualityWithhold),
  money('withhold_earned', 'Withhold earned back (Q)', (y) => y.withholdEarned),
  money('performance_benchmark', 'Performance benchmark (B - D - W + Q)', (y) => y.performanceBenchmark),
  money('capitation_paid', 'Capitation paid', (y) => y.capitationPaid),
  money('fee_reduction', 'FFS fee reduction', (y) => y.feeReduction),
  money('expenditure', 'Expenditure (E)', (y) => y.expenditure),
  money('savings', 'Savings / losses (S)', (y) => y.savings),
  rate('savings_rate', 'Savings rate', (y) => shown(y.savingsRate)),
  money('shared_savings', 'Shared savings / losses', (y) => y.sharedSavings),
  money('sequestration', 'Sequestration', (y) => y.sequestration),
  money('settlement', 'Settlement (+ CMS pays DCE)', (y) => y.settlement),
  money('gross_savings', 'Gross savings (B - E)', (y) => y.grossSavings),
  money('cms_net_savings', 'CMS net savings', (y) => y.cmsNetSavings),
];

/** Schema version 2 appends these, in this order (METHODOLOGY section 10). */
export const V2_COLUMNS: readonly Column[] = [
  money('retention_withhold', 'Retention withhold (R)', (y) => y.retentionWithhold),
  money('heba', 'Health equity adjustment (H)', (y) => y.heba),
  money('corridor_base', 'Corridor base', (y) => y.corridorBase),
];


/**
 * Schema version 3 appends program mssp's lines (METHODOLOGY-2027 section 5; docs/mssp.md): empty in
 * CSV and null in JSON for REACH and LEAD PYs. `cap` is the limit on the side of S: the performance
 * payment limit when S >= 0, the loss cap when S < 0 (two-sided tracks).
 */
export const MSSP_COLUMNS: readonly Column[] = [
  { key: 'msr', label: 'MSSP minimum savings rate (MSR)', kind: 'rate', get: (y) => y.mssp?.msr },
  { key: 'mlr', label: 'MSSP minimum loss rate (MLR)', kind: 'rate', get: (y) => y.mssp?.mlr },
  { key: 'final_sharing_rate', label: 'MSSP final sharing rate', kind: 'rate', get: (y) => y.mssp?.finalSharingRate },
  { key: 'shared_loss_rate', label: 'MSSP shared loss rate', kind: 'rate', get: (y) => y.mssp?.sharedLossRate },
  { key: 'cap', label: 'MSSP payment limit / loss cap', kind: 'money', get: (y) => y.mssp?.cap, noTotal: true },
  { key: 'result', label: 'MSSP result', kind: 'text', get: (y) => y.mssp?.result },
];


/** Schema version 3 appends these (rule set lead, METHODOLOGY-2027 section 5); under dc and reach
 *  admin_addon and enhanced_pcc_recoupment are 0.00 and net_cash is the settlement. */
export const V3_LEAD_COLUMNS: readonly Column[] = [
  money('admin_addon', 'Admin add-on (A)', (y) => y.adminAddon),
  money('enhanced_pcc_recoupment', 'Enhanced PCC recoupment (-Pe)', (y) => y.enhancedPccRecoupment),
  money('net_cash', 'Net cash (settlement + cash lines)', (y) => y.netCash),
];

/** Schema version 3's claims-completion line (issue 17), after lead's. */
export const V3_COLUMNS: readonly Column[] = [
  money('expenditure_completion', 'Expenditure completion (estimate)', (y) => y.expenditureCompletion),
];

/** The output contract's columns: schema version 1's, then version 2's and 3's appended. */
export const OUTPUT_COLUMNS: readonly Column[] = [...YEAR_COLUMNS, ...V2_COLUMNS, ...V3_LEAD_COLUMNS, ...V3_COLUMNS, ...MSSP_COLUMNS];

/**
 * Version 3 (this session's one bump): the lead lines and the completion line appended; the sweep's
 * and settle's varied columns named `vary.KEY` (`vary.KEY.PY`, `vary.KEY.ENTITLEMENT`) in CSV, JSON
 * and xlsx alike, so no header repeats a year column's name; settle --check's columns in every format.
 */
export const SCHEMA_VERSION = 3;

/** Rule set lead's other lines (JSON and table only: not CSV contract columns). */
export const LEAD_EXTRA_COLUMNS: readonly Column[] = [
  money('admin_addon_paid', 'Admin add-on paid apart', (y) => y.adminAddonPaid),
  money('enhanced_pcc', 'Enhanced PCC advance (Pe, not in E)', (y) => y.enhancedPcc),
  money('stop_loss_net', 'Stop-loss net (in E)', (y) => y.stopLossNet),
  money('hpp_bonus', 'HPP bonus', (y) => y.hppBonus),
];

export function cellOf(c: Column, y: YearSettlement): Cell {
  switch (c.kind) {
    case 'money': { const v = c.get(y); return v === undefined ? { kind: 'empty' } : { kind: 'money', value: v }; }
    case 'rate': { const v = c.get(y); return v === undefined ? { kind: 'empty' } : { kind: 'rate', value: v }; }
    case 'count': return { kind: 'count', value: c.get(y) };
    case 'text': { const v = c.get(y); return v === undefined ? { kind: 'empty' } : { kind: 'text', value: v }; }
  }
}

/** The Total of a column over the PYs: money and counts add up; rates, text, limits and the year have none. */
export function totalOf(c: Column, years: readonly YearSettlement[]): Cell {
  if (c.key === 'performance_year' || c.kind === 'rate' || c.kind === 'text') return { kind: 'empty' };
  if (c.kind === 'count') return { kind: 'count', value: years.reduce((t, y) => t + c.get(y), 0) };
  if (c.noTotal || years.some((y) => c.get(y) === undefined)) return { kind: 'empty' };
  return { kind: 'money', value: years.reduce((t, y) => t + (c.get(y) ?? 0n), 0n) };
}

export interface SettlementReport {
  readonly title: string;
  readonly source: string;
  readonly rowsRead: number;
  readonly rowsAligned: number;
  readonly parameters: Record<string, unknown>;
  readonly columns: readonly Column[];
  readonly years: readonly YearSettlement[];
  readonly notes: readonly string[];
  /** Stop-loss lines, shown only when the scenario has stop-loss. */
  readonly stopLoss: boolean;
  /** Some PY has a retention withhold / a HEBA / the risk-score chain (the table shows their lines). */
  readonly retention: boolean;
  readonly heba: boolean;
  /** Some PY has a completion factor other than 1 (the table shows expenditure_completion). */
  readonly completion?: boolean;
  readonly risk: boolean;
  /** Program mssp: the table shows its lines. */
  readonly mssp?: boolean;
  /** Rule set lead: its lines, the `assumed` list, and (with a build) the benchmark by cohort. */
  readonly lead?: boolean;
  readonly medicaid: readonly MedicaidYear[];
  /** With --by: cohort records, per PY. */
  readonly cohorts?: readonly CohortRecord[];
}

/** Stop-loss lines (JSON and table only: the CSV columns are the fixed contract). */
export const STOP_LOSS_COLUMNS: readonly Column[] = [
  money('stop_loss_payout', 'Stop-loss reimbursement', (y) => y.stopLossPayout),
  money('stop_loss_charge', 'Stop-loss charge', (y) => y.stopLossCharge),
];

export interface ReportOptions {
  readonly by?: readonly CohortDimension[];
}

export function settlementReport(sim: Simulation, opts: ReportOptions = {}): SettlementReport {
  const s = sim.scenario;
  const medicaid = medicaidYears(sim);
  return {
    title: s.program.id === 'mssp'
      ? `dcsim settlement: MSSP ${sim.years[0]?.mssp?.track.replace('basic_', 'BASIC ').toUpperCase() ?? s.input.mssp_track ?? 'enhanced'} track, ${s.attribution} attribution`
      : `dcsim settlement: ${s.track.title} track, ${s.capitation.id.toUpperCase()}, ${s.rules.id} rules, ${s.attribution} attribution`,
    source: sim.population.source,
    rowsRead: sim.population.rowsRead,
    rowsAligned: sim.years.reduce((t, y) => t + y.alignedBeneficiaries, 0),
    parameters: sim.parameters,
    columns: OUTPUT_COLUMNS,
    mssp: sim.years.some((y) => y.mssp !== undefined),
    years: sim.years,
    notes: [...sim.notes, ...medicaidNotes(medicaid)],
    stopLoss: sim.scenario.input.stop_loss_attachment !== undefined,
    retention: sim.years.some((y) => y.retentionWithhold !== 0n),
    heba: sim.years.some((y) => y.heba !== 0n),
    completion: sim.years.some((y) => y.expenditureCompletion !== 0n),
    risk: sim.years.some((y) => y.risk !== undefined),
    lead: sim.scenario.rules.id === 'lead',
    medicaid,
    ...(opts.by?.length ? { cohorts: cohortRecords(sim, opts.by) } : {}),
  };
}
