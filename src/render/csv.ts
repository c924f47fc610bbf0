// CSV: the fixed columns of METHODOLOGY section 10, one row per PY, LF line ends, no thousands
// separators; --excel adds a BOM and CRLF. Text cells are neutralized against formula injection.
import { stringify } from 'csv-stringify/sync';
import { COHORT_COLUMNS, cohortCells } from '../report/cohorts.js';
import { cellOf, type SettlementReport } from '../report/settlement.js';
import { cellText, neutralize } from './format.js';

export interface CsvOptions {
  readonly excel?: boolean;
}

export function csvTable(header: readonly string[], rows: readonly (readonly string[])[], opts: CsvOptions = {}): string {
  const text = stringify([header.map(neutralize), ...rows], { record_delimiter: opts.excel ? '\r\n' : '\n' });
  return opts.excel ? `\ufeff${text}` : text;
}

export function renderCsv(r: SettlementReport, opts: CsvOptions = {}): string {
  const rows = r.years.map((y) => r.columns.map((c) => cellText(cellOf(c, y))));
  return csvTable(r.columns.map((c) => c.key), rows, opts);
}

/** One row per PY x cohort (--by); the cohort value is text, so it is neutralized. */
export function renderCohortCsv(r: SettlementReport, opts: CsvOptions = {}): string {
  const rows = (r.cohorts ?? []).map((c) => {
    const cells = cohortCells(c);
    return COHORT_COLUMNS.map((k) => {
      const v = cells[k];
      return v === null ? '' : k === 'by' || k === 'value' ? neutralize(String(v)) : String(v);
    });
  });
  return csvTable(COHORT_COLUMNS, rows, opts);
}
