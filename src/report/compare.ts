// The report model of `dcsim compare`: the payment options side by side, per PY and in total, with
// the compared figures as typed values (money as integer cents, rates as exact Ratios) and the
// option(s) that pay the DCE the most. Built by a pure function from the compare use case's result; no I/O.
import { roundTo, type Ratio } from '../domain/exact.js';
import type { Comparison } from '../usecases/compare.js';
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
}

export interface CompareReportOption {
  /** "global/tcc". */
  readonly label: string;
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

function line(l: Comparison['options'][number] & { ok: true }, which: 'total' | number): CompareReportLine {
  const x = which === 'total' ? l.total : l.years[which]!;
  return {
    py: x.py, settlement: x.settlement, sharedSavings: x.sharedSavings, capitationPaid: x.capitationPaid, cmsNetSavings: x.cmsNetSavings,
    savingsRate: x.savingsRate, paysMost: x.paysMost, retentionWithhold: x.retentionWithhold, heba: x.heba, corridorBase: x.corridorBase,
    expenditureCompletion: x.expenditureCompletion,
  };
}

export function compareReport(c: Comparison): CompareReport {
  const label = (o: { track: string; capitation: string }): string => `${o.track}/${o.capitation}`;
  const ok = c.options.filter((o): o is typeof o & { ok: true } => o.ok);
  const first = ok[0]?.simulation.scenario;
  return {
    input: { path: c.population.source, rowsRead: c.population.rowsRead },
    parameters: { options: c.options.map((o) => label(o.option)), ...(first ? { rules: first.rules.id, attribution: first.attribution } : {}) },
    years: c.years,
    options: ok.map((o) => ({
      label: label(o.option), track: o.option.track, capitation: o.option.capitation,
      years: o.years.map((_l, i) => line(o, i)), total: line(o, 'total'),
    })),
    best: c.best,
    failed: c.options.filter((o) => !o.ok).map((o) => ({ option: label(o.option), errors: o.ok ? [] : o.error.diagnostics.map((d) => ({ message: d.message, ...(d.hint ? { hint: d.hint } : {}) })) })),
    notes: c.notes,
  };
}
