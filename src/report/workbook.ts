// A workbook model: sheets of typed columns, for any result (run, compare, sweep, settle). The xlsx
// renderer (src/render/xlsx.ts) turns it into a file; nothing here knows the file format. Money is
// integer cents, so the renderer writes cents / 100 (the double nearest the two-decimal value).
import { formatRatio, type Ratio } from '../domain/exact.js';
import { COHORT_COLUMNS, type CohortRecord } from './cohorts.js';
import { cellOf, type SettlementReport } from './settlement.js';

export type SheetCell =
  | { readonly kind: 'money'; readonly cents: bigint }
  /** A share shown as a percent; the exact decimal text. */
  | { readonly kind: 'rate'; readonly text: string }
  /** Any other decimal number (a PBPM, an attachment point), shown as written. */
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'empty' };

export type SheetColumnKind = Exclude<SheetCell['kind'], 'empty'>;

export interface SheetColumn {
  /** The header cell: the CSV column name where there is one. */
  readonly key: string;
  readonly kind: SheetColumnKind;
}

export interface Sheet {
  /** At most 31 characters, none of []:*?/\ (Excel's rule). */
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  readonly rows: readonly (readonly SheetCell[])[];
}

export interface Workbook {
  readonly sheets: readonly Sheet[];
}

export const EMPTY: SheetCell = { kind: 'empty' };

/** A rate's exact decimal text (the rates of a report are finite decimals). */
export function rateText(r: Ratio): string {
  return formatRatio(r, 40);
}

export function centsCell(c: bigint | null | undefined): SheetCell {
  return c === null || c === undefined ? EMPTY : { kind: 'money', cents: c };
}

export function textCell(s: string | null | undefined): SheetCell {
  return s === null || s === undefined || s === '' ? EMPTY : { kind: 'text', value: s };
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A parameter's scalar as a cell: decimal strings as numbers, booleans as booleans, the rest text. */
export function scalarCell(v: unknown): SheetCell {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'count', value: v } : { kind: 'number', text: String(v) };
  if (typeof v === 'bigint') return { kind: 'count', value: Number(v) };
  const s = String(v);
  return DECIMAL.test(s) ? { kind: 'number', text: s } : textCell(s);
}

const PY = /^(19|20)\d\d$/;

/**
 * Effective parameters (nested objects of per-PY, per-entitlement values) as rows of
 * `parameter, performance_year, detail, value`: a PY key goes to its own column, array items are
 * named [1], [2], ... so that no detail cell is text that looks like a number.
 */
export function parameterRows(params: Record<string, unknown>, lead: readonly SheetCell[] = []): SheetCell[][] {
  const rows: SheetCell[][] = [];
  const walk = (name: string, v: unknown, py: number | null, path: string[]): void => {
    if (v !== null && typeof v === 'object' && !(typeof (v as { toFixed?: unknown }).toFixed === 'function')) {
      const entries = Array.isArray(v) ? v.map((x, i) => [`[${i + 1}]`, x] as const) : Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) rows.push([...lead, textCell(name), EMPTY, textCell(path.join('.')), EMPTY]);
      for (const [k, x] of entries) {
        if (py === null && PY.test(k)) walk(name, x, Number(k), path);
        else walk(name, x, py, [...path, k]);
      }
      return;
    }
    rows.push([...lead, textCell(name), py === null ? EMPTY : { kind: 'count', value: py }, textCell(path.join('.')), scalarCell(typeof v === 'object' ? String(v) : v)]);
  };
  for (const [k, v] of Object.entries(params)) walk(k, v, null, []);
  return rows;
}

export const PARAMETER_COLUMNS: readonly SheetColumn[] = [
  { key: 'parameter', kind: 'text' },
  { key: 'performance_year', kind: 'count' },
  { key: 'detail', kind: 'text' },
  { key: 'value', kind: 'number' },
];

const COHORT_KINDS: Record<(typeof COHORT_COLUMNS)[number], SheetColumnKind> = {
  performance_year: 'count', by: 'text', value: 'text', aligned_beneficiaries: 'count', member_months: 'count',
  benchmark: 'money', expenditure: 'money', gross_savings: 'money', medicaid_spend: 'money',
  benchmark_pmpm: 'money', expenditure_pmpm: 'money', medicaid_pmpm: 'money', heba: 'money',
};

export function cohortSheet(records: readonly CohortRecord[]): Sheet {
  return {
    name: 'Cohorts',
    columns: COHORT_COLUMNS.map((key) => ({ key, kind: COHORT_KINDS[key] })),
    rows: records.map((r) => [
      { kind: 'count', value: r.py }, textCell(r.by), textCell(r.value), { kind: 'count', value: r.alignedBeneficiaries },
      { kind: 'count', value: r.memberMonths }, centsCell(r.benchmark), centsCell(r.expenditure), centsCell(r.grossSavings),
      centsCell(r.medicaidSpend), centsCell(r.benchmarkPmpm), centsCell(r.expenditurePmpm), centsCell(r.medicaidPmpm),
      centsCell(r.heba),
    ]),
  };
}

/** `dcsim run`'s workbook: the settlement (the CSV's columns, one row per PY), Parameters, Cohorts with --by. */
export function settlementWorkbook(r: SettlementReport): Workbook {
  const settlement: Sheet = {
    name: 'Settlement',
    columns: r.columns.map((c) => ({ key: c.key, kind: c.kind })),
    rows: r.years.map((y) => r.columns.map((c): SheetCell => {
      const cell = cellOf(c, y);
      if (cell.kind === 'money') return centsCell(cell.value);
      if (cell.kind === 'rate') return { kind: 'rate', text: rateText(cell.value) };
      if (cell.kind === 'count') return { kind: 'count', value: cell.value };
      if (cell.kind === 'text') return { kind: 'text', value: cell.value };
      return EMPTY;
    })),
  };
  const input: Record<string, unknown> = { input_path: r.source, rows_read: r.rowsRead, rows_aligned: r.rowsAligned, ...r.parameters };
  const sheets: Sheet[] = [settlement, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: parameterRows(input) }];
  if (r.cohorts) sheets.push(cohortSheet(r.cohorts));
  return { sheets };
}
