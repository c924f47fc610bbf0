// Cell formatting shared by every renderer: money has exactly two decimals (never -0.00), rates are
// plain decimal strings, counts are integers. No locale, no thousands separators (table aside).
import { formatCents, formatPercent, formatRatio, type Ratio } from '../domain/exact.js';
import type { Cell } from '../report/settlement.js';

/** A rate as exact decimal text (rates in reports are finite decimals; 40 places at most). */
export function rateText(r: Ratio): string {
  return formatRatio(r, 40);
}

/** A rate as a percentage with exactly two decimals ("17.08%"): src/domain/exact.ts rounds it. */
export const percentText = (r: Ratio): string => formatPercent(r);

export function cellText(c: Cell): string {
  switch (c.kind) {
    case 'money': return formatCents(c.value);
    case 'rate': return rateText(c.value);
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

/** The risk-score chain of a PY as JSON (METHODOLOGY 4.1): exact scores to 10 places. */
export function riskJson(risk: Readonly<Partial<Record<string, { raw: Ratio; normalized: Ratio; capped: Ratio; benchmarkScore: Ratio }>>>): Record<string, Record<string, string>> {
  const o: Record<string, Record<string, string>> = {};
  for (const [ent, sc] of Object.entries(risk)) {
    if (sc) o[ent] = { raw: formatRatio(sc.raw, 10), normalized: formatRatio(sc.normalized, 10), capped: formatRatio(sc.capped, 10), benchmark_score: formatRatio(sc.benchmarkScore, 10) };
  }
  return o;
}
