// A workbook model (src/report/workbook.ts) as an .xlsx file, written by write-excel-file (one small
// dependency, fflate; see the README for why not exceljs). Money is a number: cents / 100, the double
// nearest the two-decimal value, shown as #,##0.00; rates are numbers shown as percents; counts are
// whole numbers; the header row is frozen and every column has a width.
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import type { Sheet, SheetCell, SheetColumnKind, Workbook } from '../report/workbook.js';

export const MONEY_FORMAT = '#,##0.00';
export const RATE_FORMAT = '0.00##########%';
export const COUNT_FORMAT = '0';

/** Excel's limit on rows in a sheet, header included. */
export const MAX_ROWS = 1_048_576;

/** A money amount in integer cents as the number a spreadsheet holds. Exact below 2^53 cents. */
export function centsToNumber(c: bigint): number {
  return Number(c) / 100;
}

function cellOf(c: SheetCell): Cell {
  switch (c.kind) {
    case 'money': return { value: centsToNumber(c.cents), type: Number, format: MONEY_FORMAT };
    case 'rate': return { value: Number(c.text), type: Number, format: RATE_FORMAT };
    case 'number': return { value: Number(c.text), type: Number };
    case 'count': return { value: c.value, type: Number, format: COUNT_FORMAT };
    case 'bool': return { value: c.value, type: Boolean };
    // Text is always a string cell (never guessed as a number or a formula: no '=' is interpreted).
    case 'text': return { value: c.value, type: String };
    case 'empty': return null;
  }
}

const MIN_WIDTH: Record<SheetColumnKind, number> = { money: 14, rate: 9, number: 10, count: 8, text: 8, bool: 7 };

/** Column widths in characters: the longest of the header and the shown values, within limits. */
export function columnWidths(sheet: Sheet): number[] {
  return sheet.columns.map((col, i) => {
    let w = Math.max(MIN_WIDTH[col.kind], col.key.length);
    for (const row of sheet.rows.slice(0, 1000)) {
      const c = row[i];
      if (!c || c.kind === 'empty') continue;
      const shown = c.kind === 'money' ? centsToNumber(c.cents).toLocaleString('en-US', { minimumFractionDigits: 2 })
        : c.kind === 'text' ? c.value : c.kind === 'rate' ? `${c.text}%` : String(c.kind === 'number' ? c.text : c.value);
      w = Math.max(w, shown.length + 1);
    }
    return Math.min(w + 1, 60);
  });
}

export function sheetData(sheet: Sheet): SheetData {
  const header: Cell[] = sheet.columns.map((c) => ({ value: c.key, type: String, fontWeight: 'bold' }));
  return [header, ...sheet.rows.map((r) => sheet.columns.map((_c, i) => cellOf(r[i] ?? { kind: 'empty' })))];
}

/** The workbook's bytes. */
export async function renderXlsx(wb: Workbook): Promise<Buffer> {
  for (const s of wb.sheets) {
    if (s.rows.length + 1 > MAX_ROWS) throw new RangeError(`sheet ${s.name}: ${s.rows.length} rows; a spreadsheet holds at most ${MAX_ROWS - 1}`);
  }
  const sheets = wb.sheets.map((s) => ({
    data: sheetData(s),
    sheet: s.name,
    columns: columnWidths(s).map((width) => ({ width })),
    stickyRowsCount: 1,
  }));
  return (await writeXlsxFile(sheets).toBuffer()) as Buffer;
}
