// CSV: the fixed columns of METHODOLOGY section 10, one row per PY, LF line ends, no thousands
// separators; --excel adds a BOM and CRLF. Text cells are neutralized against formula injection.
import { stringify } from 'csv-stringify/sync';
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
