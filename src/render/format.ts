// Cell formatting shared by every renderer: money has exactly two decimals (never -0.00), rates are
// plain decimal strings, counts are integers. No locale, no thousands separators (table aside).
import { formatMoney, formatRate } from '../domain/money.js';
import type { Cell } from '../report/settlement.js';

export function cellText(c: Cell): string {
  switch (c.kind) {
    case 'money': return formatMoney(c.value);
    case 'rate': return formatRate(c.value);
    case 'count': return String(c.value);
    case 'text': return c.value;
    case 'bool': return c.value ? 'true' : 'false';
    case 'empty': return '';
  }
}

/** JSON value of a cell: money and rates as strings, counts as numbers, empty as null. */
export function cellJson(c: Cell): string | number | boolean | null {
  switch (c.kind) {
    case 'count': return c.value;
    case 'bool': return c.value;
    case 'empty': return null;
    default: return cellText(c);
  }
}

/** Thousands separators for the human table only. */
export function groupThousands(s: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return m[1]! + m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] ?? '');
}

/**
 * A text cell made safe for spreadsheets: a leading = + - @ tab or CR would start a formula,
 * so it gets a leading apostrophe. Numbers never go through here.
 */
export function neutralize(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
