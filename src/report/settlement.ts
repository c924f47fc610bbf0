// The neutral report model of a simulation: typed cells (money, rate, count), no text layout.
// Renderers (src/render) turn it into a table, CSV or JSON. The column list is METHODOLOGY
// section 10's output contract: order and names are stable.
import type { Dec } from '../domain/decimal.js';
import { sum } from '../domain/money.js';
import type { YearSettlement } from '../engines/settlement.js';
import { effectiveParameters, type Simulation } from '../simulate.js';
import { cohortRecords, type CohortDimension, type CohortRecord } from './cohorts.js';
import { medicaidYears, type MedicaidYear } from './medicaid.js';

export type Cell =
  | { readonly kind: 'money'; readonly value: Dec }
  | { readonly kind: 'rate'; readonly value: Dec }
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'empty' };

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly kind: 'money' | 'rate' | 'count';
  readonly get: (y: YearSettlement) => Dec | number;
  /** Money and counts add up in the Total; rates do not. */
}

const money = (key: string, label: string, get: (y: YearSettlement) => Dec): Column => ({ key, label, kind: 'money', get });
const rate = (key: string, label: string, get: (y: YearSettlement) => Dec): Column => ({ key, label, kind: 'rate', get });
const count = (key: string, label: string, get: (y: YearSettlement) => number): Column => ({ key, label, kind: 'count', get });

/** Derived rates (a savings rate, a default TCC rate) are shown to 10 decimal places; the
 *  settlement itself uses them unrounded. */
export const SHOWN_RATE_PLACES = 10;
const shown = (x: Dec): Dec => x.toDecimalPlaces(SHOWN_RATE_PLACES);

/** METHODOLOGY section 10, in order. */
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

export function cellOf(c: Column, y: YearSettlement): Cell {
  const v = c.get(y);
  return typeof v === 'number' ? { kind: 'count', value: v } : { kind: c.kind as 'money' | 'rate', value: v };
}

/** The Total of a column over the PYs: money and counts add up; rates and the year have none. */
export function totalOf(c: Column, years: readonly YearSettlement[]): Cell {
  if (c.key === 'performance_year' || c.kind === 'rate') return { kind: 'empty' };
  if (c.kind === 'count') return { kind: 'count', value: years.reduce((t, y) => t + (c.get(y) as number), 0) };
  return { kind: 'money', value: sum(years.map((y) => c.get(y) as Dec)) };
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
  return {
    title: `dcsim settlement: ${s.track.title} track, ${s.capitation.id.toUpperCase()}, ${s.rules.id} rules, ${s.attribution} attribution`,
    source: sim.population.source,
    rowsRead: sim.population.rowsRead,
    rowsAligned: sim.years.reduce((t, y) => t + y.alignedBeneficiaries, 0),
    parameters: effectiveParameters(sim),
    columns: YEAR_COLUMNS,
    years: sim.years,
    notes: sim.notes,
    stopLoss: sim.scenario.input.stop_loss_attachment !== undefined,
    medicaid: medicaidYears(sim),
    ...(opts.by?.length ? { cohorts: cohortRecords(sim, opts.by) } : {}),
  };
}
