// The human table: effective parameters above, one row per settlement line, one column per PY
// plus Total. Negative money stands out in red on a terminal; colour is decided by the caller.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { Dec } from '../domain/decimal.js';
import { formatMoney, formatPercent } from '../domain/money.js';
import type { Sink } from '../io/output.js';
import { COHORT_COLUMNS, cohortCells } from '../report/cohorts.js';
import { cellOf, STOP_LOSS_COLUMNS, totalOf, type Column, type SettlementReport } from '../report/settlement.js';
import { cellText, groupThousands } from './format.js';
import { terminalSafe } from './terminal.js';

export interface TableOptions {
  readonly color: boolean;
}

function scalarParams(p: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (v === null || typeof v !== 'object') out.push(`${k}=${String(v)}`);
  }
  return out;
}

function perYearParams(p: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const b = p.benchmark_pbpm as Record<string, Record<string, string>> | undefined;
  if (b) for (const [ent, m] of Object.entries(b)) lines.push(`benchmark_pbpm ${ent}: ${Object.entries(m).map(([y, v]) => `${y} ${v}`).join(', ')}`);
  for (const k of ['rta', 'pcc_fee_reduction', 'tcc_fee_reduction', 'historical_weight']) {
    const m = p[k] as Record<string, string> | undefined;
    if (m && Object.keys(m).length) lines.push(`${k}: ${Object.entries(m).map(([y, v]) => `${y} ${v}`).join(', ')}`);
  }
  const c = p.corridors as Record<string, { from: string; to: string | null; share: string }[]> | undefined;
  if (c) {
    const seen = new Map<string, string[]>();
    for (const [y, bands] of Object.entries(c)) {
      const t = bands.map((b) => `${pct(b.from)}-${b.to === null ? '' : pct(b.to)}: ${pct(b.share)}`).join(', ');
      seen.set(t, [...(seen.get(t) ?? []), y]);
    }
    for (const [t, ys] of seen) lines.push(`corridor ${ys.join(',')}: ${t}`);
  }
  return lines;
}

/** A corridor bound or share: "25%", "3.50%" (exact: the scenario's decimal text, not a float). */
function pct(s: string): string {
  return formatPercent(new Dec(s), 2, { wholeBare: true });
}

export function renderTable(r: SettlementReport, opts: TableOptions): string {
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const head = ['', ...r.years.map((y) => `PY${y.py}`), 'Total'];
  const t = new Table({
    head: head.map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...r.years.map(() => 'right' as const), 'right'],
  });
  const columns: Column[] = [...r.columns];
  if (r.stopLoss) columns.splice(columns.findIndex((c) => c.key === 'expenditure'), 0, ...STOP_LOSS_COLUMNS);
  for (const c of columns) {
    if (c.key === 'performance_year') continue;
    const cells = r.years.map((y) => cellOf(c, y));
    const row = [c.label, ...cells.map((x) => x), totalOf(c, r.years)].map((x, i) => {
      if (i === 0) return x as string;
      const cell = x as ReturnType<typeof cellOf>;
      const s = cell.kind === 'money' || cell.kind === 'count' ? groupThousands(cellText(cell)) : c.key === 'savings_rate' && cell.kind === 'rate' ? formatPercent(cell.value) : cellText(cell);
      return cell.kind === 'money' && cell.value.isNeg() && !cell.value.isZero() ? ch.red(s) : s;
    });
    if (c.key === 'settlement') row[0] = ch.bold(row[0]!);
    t.push(row);
  }
  if (r.medicaid.some((m) => m.spend !== null)) {
    const med = (f: (m: (typeof r.medicaid)[number]) => string): string[] => r.medicaid.map(f);
    t.push(['Medicaid spend, aligned duals', ...med((m) => (m.spend ? groupThousands(formatMoney(m.spend)) : '')), '']);
    t.push(['Medicaid PMPM', ...med((m) => (m.pmpm ? groupThousands(formatMoney(m.pmpm)) : '')), '']);
    t.push(['Medicaid PMPM change', ...med((m) => (m.change ? formatPercent(m.change) : '')), '']);
    t.push(['Possible cost shift', ...med((m) => (m.flag === null ? '' : m.flag ? ch.yellow('YES') : 'no')), '']);
  }
  const lines = [
    ch.bold(terminalSafe(r.title)),
    `input: ${terminalSafe(r.source)} (${r.rowsRead} rows read, ${r.rowsAligned} aligned)`,
    `parameters: ${terminalSafe(scalarParams(r.parameters).join(' '))}`,
    ...perYearParams(r.parameters).map((l) => `  ${terminalSafe(l)}`),
    t.toString(),
    ...(r.cohorts ? [cohortTable(r)] : []),
    ...r.notes.map((n) => `note: ${terminalSafe(n)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The settlement table, into a sink (the registry's settlement/table renderer). */
export async function settlementTable(r: SettlementReport, out: Sink, opts: { readonly color?: boolean }): Promise<void> {
  await out.write(renderTable(r, { color: opts.color === true }));
}

function cohortTable(r: SettlementReport): string {
  const t = new Table({ head: COHORT_COLUMNS.map((c) => c.replace(/_/g, ' ')), style: { head: [], border: [], compact: true } });
  for (const c of r.cohorts ?? []) {
    const cells = cohortCells(c);
    t.push(COHORT_COLUMNS.map((k) => {
      const v = cells[k];
      return v === null ? '' : typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? groupThousands(v) : String(v);
    }));
  }
  return `Cohorts (aligned beneficiaries):\n${t.toString()}`;
}
