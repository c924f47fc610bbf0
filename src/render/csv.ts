// The settlement CSV: the fixed columns of METHODOLOGY section 10, one row per PY, LF line ends, no
// thousands separators; --excel adds a BOM and CRLF. And the cohort CSV (--by). Both through the one
// CSV writer: text cells neutralised against formula injection, numbers written as they are.
import type { Sink } from '../domain/sink.js';
import { COHORT_COLUMNS, cohortCells } from '../report/cohorts.js';
import { cellOf, type SettlementReport } from '../report/settlement.js';
import { CsvWriter, type CsvOptions } from './csv-writer.js';
import { cellText } from './format.js';

export type { CsvOptions } from './csv-writer.js';

function settlementRows(r: SettlementReport, w: CsvWriter): void {
  w.header(r.columns.map((c) => c.key));
  for (const y of r.years) {
    r.columns.forEach((c, i) => {
      if (i > 0) w.byte(44);
      const cell = cellOf(c, y);
      if (cell.kind === 'text') w.text(cell.value);
      else w.ascii(cellText(cell));
    });
    w.endRow();
  }
}

/** One row per PY x cohort (--by); the cohort value is text, so it is neutralized. */
function cohortRows(r: SettlementReport, w: CsvWriter): void {
  w.header(COHORT_COLUMNS);
  for (const c of r.cohorts ?? []) {
    const cells = cohortCells(c);
    COHORT_COLUMNS.forEach((k, i) => {
      if (i > 0) w.byte(44);
      const v = cells[k];
      if (v === null) return;
      if (k === 'by' || k === 'value') w.text(String(v));
      else w.ascii(String(v));
    });
    w.endRow();
  }
}

export async function settlementCsv(r: SettlementReport, out: Sink, opts: CsvOptions): Promise<void> {
  const w = new CsvWriter(out, opts);
  settlementRows(r, w);
  await w.flush();
}

export async function cohortsCsv(r: SettlementReport, out: Sink, opts: CsvOptions): Promise<void> {
  const w = new CsvWriter(out, opts);
  cohortRows(r, w);
  await w.flush();
}

/** The settlement CSV as a string (for programs using the library). */
export function renderCsv(r: SettlementReport, opts: CsvOptions = {}): string {
  const w = new CsvWriter(undefined, opts);
  settlementRows(r, w);
  return w.contents();
}

/**
 * A small whole table in memory through the one CSV writer: the header neutralised; each cell as the
 * caller made it (text cells already neutralised, numbers raw), quoted where it needs to be.
 */
export function csvTable(header: readonly string[], rows: readonly (readonly string[])[], opts: CsvOptions = {}): string {
  const w = new CsvWriter(undefined, opts);
  w.header(header);
  for (const r of rows) {
    r.forEach((c, i) => {
      if (i > 0) w.byte(44);
      w.utf8(/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    });
    w.endRow();
  }
  return w.contents();
}
