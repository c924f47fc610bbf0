// The report model of `dcsim compare`: the payment options side by side, per PY and in total, with
// the compared figures as typed values (money as integer cents, rates as exact Ratios) and the
// option(s) that pay the DCE the most. Built by a pure function from the compare use case's result; no I/O.
import { roundTo, type Ratio } from '../domain/exact.js';
import type { Comparison } from '../usecases/compare.js';
import type { MsspLines } from '../engines/mssp.js';
import { SHOWN_RATE_PLACES } from './settlement.js';

/** One PY (or the total) of one option. */
export interface CompareReportLine {
  /** The PY, or null for the total over the PYs. */
  readonly py: number | null;
  readonly settlement: bigint;
  readonly sharedSavings: bigint;
  readonly capitationPaid: bigint;
  readonly cmsNetSavings: bigint;
  /** Exact: renderers show it to SHOWN_RATE_PLACES (or as a percentage in the table). */
  readonly savingsRate: Ratio;
  readonly paysMost: boolean;
  /** Schema version 2's lines (METHODOLOGY section 10). */
  readonly retentionWithhold: bigint;
  readonly heba: bigint;
  readonly corridorBase: bigint;
  /** Schema version 3's line. */
  readonly expenditureCompletion: bigint;
  /** compare --programs: METHODOLOGY-2027 section 4's lines. */
  readonly benchmark: bigint;
  readonly discount: bigint;
  readonly qualityWithhold: bigint;
  readonly withholdEarned: bigint;
  readonly expenditure: bigint;
  readonly savings: bigint;
  readonly sequestration: bigint;
  readonly mssp?: MsspLines;
}

export interface CompareReportOption {
  /** "global/tcc", or with --programs "mssp/enhanced". */
  readonly label: string;
  /** With --programs: reach, lead or mssp. */
  readonly program?: string;
  readonly track: string;
  readonly capitation: string;
  readonly years: readonly CompareReportLine[];
  readonly total: CompareReportLine;
}

export interface CompareParameters {
  /** Every option asked for, settled or not, in order. */
  readonly options: readonly string[];
  /** The rules and attribution of the settled options (from the base scenario); absent when none settled. */
  readonly rules?: string;
  readonly attribution?: string;
}

export interface CompareReport {
  readonly input: { readonly path: string; readonly rowsRead: number };
  readonly parameters: CompareParameters;
  readonly years: readonly number[];
  /** The options that could be settled. */
  readonly options: readonly CompareReportOption[];
  /** Labels of the options that pay the DCE the most in total (more than one on a tie). */
  readonly best: readonly string[];
  readonly failed: readonly { readonly option: string; readonly errors: readonly { readonly message: string; readonly hint?: string }[] }[];
  readonly notes: readonly string[];
  /** compare --programs: the program lines are added (COMPARE_PROGRAM_METRICS). */
  readonly programs: boolean;
}

/** The compared figures, in column order (CSV and JSON keys, table labels). */
export const COMPARE_METRICS = [
  { key: 'settlement', label: 'Settlement (+ CMS pays DCE)', kind: 'money' },
  { key: 'shared_savings', label: 'Shared savings / losses', kind: 'money' },
  { key: 'capitation_paid', label: 'Capitation paid (cash during the year)', kind: 'money' },
  { key: 'cms_net_savings', label: 'CMS net savings', kind: 'money' },
  { key: 'savings_rate', label: 'Savings rate', kind: 'rate' },
] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

/** Schema version 2's lines, appended after pays_most (the table shows R and H where an option has them). */
export const COMPARE_V2_METRICS = [
  { key: 'retention_withhold', label: 'Retention withhold (R)', kind: 'money', shownWhenNonZero: true },
  { key: 'heba', label: 'Health equity adjustment (H)', kind: 'money', shownWhenNonZero: true },
  { key: 'corridor_base', label: 'Corridor base', kind: 'money', shownWhenNonZero: false },
  // schema version 3
  { key: 'expenditure_completion', label: 'Expenditure completion (estimate)', kind: 'money', shownWhenNonZero: true },
] as const;
export type CompareV2Metric = (typeof COMPARE_V2_METRICS)[number];

/** A metric's value on a line: cents, or a rate already rounded to the places shown. */
export function metricValue(m: CompareMetric | CompareV2Metric, l: CompareReportLine): bigint | Ratio {
  switch (m.key) {
    case 'settlement': return l.settlement;
    case 'shared_savings': return l.sharedSavings;
    case 'capitation_paid': return l.capitationPaid;
    case 'cms_net_savings': return l.cmsNetSavings;
    case 'savings_rate': return roundTo(l.savingsRate, SHOWN_RATE_PLACES);
    case 'retention_withhold': return l.retentionWithhold;
    case 'heba': return l.heba;
    case 'corridor_base': return l.corridorBase;
    case 'expenditure_completion': return l.expenditureCompletion;
  }
}

export const COMPARE_CSV_COLUMNS: readonly string[] = ['option', 'track', 'capitation', 'performance_year', ...COMPARE_METRICS.map((m) => m.key), 'pays_most', ...COMPARE_V2_METRICS.map((m) => m.key)];

/**
 * compare --programs appends these (METHODOLOGY-2027 section 4: one population, the programs' lines):
 * the program, B, D, W, Q, E, S, sequestration, and MSSP's MSR, MLR, rates, cap and result (empty for
 * REACH and LEAD, and on the total line).
 */
export const COMPARE_PROGRAM_METRICS = [
  { key: 'program', label: 'Program', kind: 'text' },
  { key: 'benchmark', label: 'Benchmark (B)', kind: 'money' },
  { key: 'discount', label: 'Discount (D)', kind: 'money' },
  { key: 'quality_withhold', label: 'Quality withhold (W)', kind: 'money' },
  { key: 'withhold_earned', label: 'Withhold earned back (Q)', kind: 'money' },
  { key: 'expenditure', label: 'Expenditure (E)', kind: 'money' },
  { key: 'savings', label: 'Savings / losses (S)', kind: 'money' },
  { key: 'sequestration', label: 'Sequestration', kind: 'money' },
  { key: 'msr', label: 'MSSP MSR', kind: 'rate' },
  { key: 'mlr', label: 'MSSP MLR', kind: 'rate' },
  { key: 'final_sharing_rate', label: 'MSSP final sharing rate', kind: 'rate' },
  { key: 'shared_loss_rate', label: 'MSSP shared loss rate', kind: 'rate' },
  { key: 'cap', label: 'MSSP payment limit / loss cap', kind: 'money' },
  { key: 'result', label: 'MSSP result', kind: 'text' },
] as const;
export type CompareProgramMetric = (typeof COMPARE_PROGRAM_METRICS)[number];

/** A program metric's value on a line: cents, an exact rate, text, or undefined (empty). */
export function programMetricValue(m: CompareProgramMetric, o: CompareReportOption, l: CompareReportLine): bigint | Ratio | string | undefined {
  switch (m.key) {
    case 'program': return o.program;
    case 'benchmark': return l.benchmark;
    case 'discount': return l.discount;
    case 'quality_withhold': return l.qualityWithhold;
    case 'withhold_earned': return l.withholdEarned;
    case 'expenditure': return l.expenditure;
    case 'savings': return l.savings;
    case 'sequestration': return l.sequestration;
    case 'msr': return l.mssp?.msr;
    case 'mlr': return l.mssp?.mlr;
    case 'final_sharing_rate': return l.mssp?.finalSharingRate;
    case 'shared_loss_rate': return l.mssp?.sharedLossRate;
    case 'cap': return l.mssp?.cap;
    case 'result': return l.mssp?.result;
  }
}

/** The CSV columns of compare --programs. */
export const COMPARE_PROGRAM_CSV_COLUMNS: readonly string[] = [...COMPARE_CSV_COLUMNS, ...COMPARE_PROGRAM_METRICS.map((m) => m.key)];

function line(l: Comparison['options'][number] & { ok: true }, which: 'total' | number): CompareReportLine {
  const x = which === 'total' ? l.total : l.years[which]!;
  return {
    py: x.py, settlement: x.settlement, sharedSavings: x.sharedSavings, capitationPaid: x.capitationPaid, cmsNetSavings: x.cmsNetSavings,
    savingsRate: x.savingsRate, paysMost: x.paysMost, retentionWithhold: x.retentionWithhold, heba: x.heba, corridorBase: x.corridorBase,
    expenditureCompletion: x.expenditureCompletion,
    benchmark: x.benchmark, discount: x.discount, qualityWithhold: x.qualityWithhold, withholdEarned: x.withholdEarned,
    expenditure: x.expenditure, savings: x.savings, sequestration: x.sequestration, ...(x.mssp ? { mssp: x.mssp } : {}),
  };
}

export function compareReport(c: Comparison): CompareReport {
  const label = (o: Comparison['options'][number]['option']): string => (o.program ? `${o.program.program}/${o.program.track}` : `${o.track}/${o.capitation}`);
  const ok = c.options.filter((o): o is typeof o & { ok: true } => o.ok);
  const first = ok[0]?.simulation.scenario;
  return {
    input: { path: c.population.source, rowsRead: c.population.rowsRead },
    parameters: { options: c.options.map((o) => label(o.option)), ...(first ? { rules: first.rules.id, attribution: first.attribution } : {}) },
    years: c.years,
    options: ok.map((o) => ({
      label: label(o.option),
      ...(o.option.program ? { program: o.option.program.program } : {}),
      track: o.option.program?.track ?? o.option.track,
      capitation: o.option.program?.program === 'mssp' ? '' : o.option.capitation,
      years: o.years.map((_l, i) => line(o, i)), total: line(o, 'total'),
    })),
    best: c.best,
    failed: c.options.filter((o) => !o.ok).map((o) => ({ option: label(o.option), errors: o.ok ? [] : o.error.diagnostics.map((d) => ({ message: d.message, ...(d.hint ? { hint: d.hint } : {}) })) })),
    notes: c.notes,
    programs: c.options.some((o) => o.option.program !== undefined),
  };
}
