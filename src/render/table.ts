// The human table: effective parameters above, one row per settlement line, one column per PY
// plus Total. Negative money stands out in red on a terminal; colour is decided by the caller.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { cellOf, totalOf, type SettlementReport } from '../report/settlement.js';
import { cellText, groupThousands } from './format.js';

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

function pct(s: string): string {
  const n = Number(s) * 100;
  return `${Number.isInteger(n) ? n : n.toFixed(2)}%`;
}

export function renderTable(r: SettlementReport, opts: TableOptions): string {
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const head = ['', ...r.years.map((y) => `PY${y.py}`), 'Total'];
  const t = new Table({
    head: head.map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...r.years.map(() => 'right' as const), 'right'],
  });
  for (const c of r.columns) {
    if (c.key === 'performance_year') continue;
    const cells = r.years.map((y) => cellOf(c, y));
    const row = [c.label, ...cells.map((x) => x), totalOf(c, r.years)].map((x, i) => {
      if (i === 0) return x as string;
      const cell = x as ReturnType<typeof cellOf>;
      const s = cell.kind === 'money' || cell.kind === 'count' ? groupThousands(cellText(cell)) : c.key === 'savings_rate' && cell.kind === 'rate' ? `${cell.value.times(100).toFixed(2)}%` : cellText(cell);
      return cell.kind === 'money' && cell.value.isNeg() && !cell.value.isZero() ? ch.red(s) : s;
    });
    if (c.key === 'settlement') row[0] = ch.bold(row[0]!);
    t.push(row);
  }
  const lines = [
    ch.bold(r.title),
    `input: ${r.source} (${r.rowsRead} rows read, ${r.rowsAligned} aligned)`,
    `parameters: ${scalarParams(r.parameters).join(' ')}`,
    ...perYearParams(r.parameters).map((l) => `  ${l}`),
    t.toString(),
    ...r.notes.map((n) => `note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
