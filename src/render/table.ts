// The human table: effective parameters above, one row per settlement line, one column per PY
// plus Total. Negative money stands out in red on a terminal; colour is decided by the caller.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatCents, formatPercent, formatRatio, ratio, roundTo, toCents } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import { COHORT_COLUMNS, cohortCells } from '../report/cohorts.js';
import { cellOf, LEAD_EXTRA_COLUMNS, MSSP_COLUMNS, STOP_LOSS_COLUMNS, totalOf, YEAR_COLUMNS, type Column, type SettlementReport } from '../report/settlement.js';
import { cellText, groupThousands, percentText, rateText } from './format.js';
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

function perYearParams(p: Record<string, unknown>, r: SettlementReport): string[] {
  const lines: string[] = [];
  const b = p.benchmark_pbpm as Record<string, Record<string, string>> | undefined;
  if (b) for (const [ent, m] of Object.entries(b)) lines.push(`benchmark_pbpm ${ent}: ${Object.entries(m).map(([y, v]) => `${y} ${v}`).join(', ')}`);
  const extra = [...(r.heba ? ['heba_up_pbpm', 'heba_down_pbpm'] : []), 'retention_withhold_rate', 'rta_effective', 'risk_score_cap', 'completion_factor'];
  for (const k of ['rta', 'pcc_fee_reduction', 'tcc_fee_reduction', 'historical_weight', ...extra]) {
    const m = p[k] as Record<string, string | Record<string, string>> | undefined;
    if (!m || !Object.keys(m).length) continue;
    // by PY, or by entitlement and PY (an RTA given apart per entitlement)
    const byEnt = Object.values(m).every((v) => typeof v === 'object');
    if (byEnt) for (const [ent, ys] of Object.entries(m as Record<string, Record<string, string>>)) lines.push(`${k} ${ent}: ${Object.entries(ys).map(([y, v]) => `${y} ${v}`).join(', ')}`);
    else lines.push(`${k}: ${Object.entries(m).map(([y, v]) => `${y} ${String(v)}`).join(', ')}`);
  }
  // program mssp: each PY's n and rates, and the values that are not CMS's text
  for (const k of ['assigned_beneficiaries', 'quality_score', 'max_sharing_rate', 'ppl_rate', 'participant_revenue']) {
    const m = p.program === 'mssp' ? p[k] as Record<string, unknown> | undefined : undefined;
    if (m && Object.keys(m).length) lines.push(`${k}: ${Object.entries(m).map(([y, v]) => `${y} ${String(v)}`).join(', ')}`);
  }
  if (p.program === 'mssp' && Array.isArray(p.loss_cap_rates)) lines.push(`loss_cap_rates: ${(p.loss_cap_rates as string[]).join(', ')}`);
  if (p.program === 'mssp' && Array.isArray(p.assumed)) for (const a of p.assumed as string[]) lines.push(`assumed: ${a}`);
  const c = p.corridors as Record<string, { from: string; to: string | null; share: string }[]> | undefined;
  if (c) {
    const seen = new Map<string, string[]>();
    for (const [y, bands] of Object.entries(c)) {
      const t = bands.map((b) => `${pct(b.from)}-${b.to === null ? '' : pct(b.to)}: ${pct(b.share)}`).join(', ');
      seen.set(t, [...(seen.get(t) ?? []), y]);
    }
    for (const [t, ys] of seen) lines.push(`corridor ${ys.join(',')}: ${t}`);
  }
  const cl = p.corridors_losses as Record<string, { from: string; to: string | null; share: string }[]> | undefined;
  if (cl) {
    const seen = new Map<string, string[]>();
    for (const [y, bands] of Object.entries(cl)) {
      const t = bands.map((b) => `${pct(b.from)}-${b.to === null ? '' : pct(b.to)}: ${pct(b.share)}`).join(', ');
      seen.set(t, [...(seen.get(t) ?? []), y]);
    }
    for (const [t, ys] of seen) lines.push(`corridor losses ${ys.join(',')}: ${t}`);
  }
  for (const k of ['admin_addon_rate', 'pcc_base_rate', 'pcc_target', 'pcc_floor', 'stop_loss_net', 'hpp_bonus', 'financial_guarantee_rate', 'prior_year_expenditure']) {
    const m = r.lead ? (p[k] as Record<string, string> | undefined) : undefined;
    if (m && Object.keys(m).length) lines.push(`${k}: ${Object.entries(m).map(([y, v]) => `${y} ${v}`).join(', ')}`);
  }
  const assumed = p.assumed as { key: string; value: string; tag: string; source: string }[] | undefined;
  if (assumed?.length) {
    lines.push('assumed (not CMS text; [S] secondary source, [U] proposal):');
    for (const a of assumed) lines.push(`  ${a.key}=${a.value} [${a.tag}: ${a.source}]`);
  }
  return lines;
}

/** A corridor bound or share: "25%", "3.50%" (exact: the scenario's decimal text, not a float). */
function pct(s: string): string {
  return formatPercent(ratio(s), { wholeBare: true, signedZero: true });
}

export function renderTable(r: SettlementReport, opts: TableOptions): string {
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const head = ['', ...r.years.map((y) => `PY${y.py}`), 'Total'];
  const t = new Table({
    head: head.map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...r.years.map(() => 'right' as const), 'right'],
  });
  const columns: Column[] = tableColumns(r);
  for (const c of columns) {
    if (c.key === 'performance_year') continue;
    const cells = r.years.map((y) => cellOf(c, y));
    const row = [c.label, ...cells.map((x) => x), totalOf(c, r.years)].map((x, i) => {
      if (i === 0) return x as string;
      const cell = x as ReturnType<typeof cellOf>;
      const s = cell.kind === 'money' || cell.kind === 'count' ? groupThousands(cellText(cell)) : c.key === 'savings_rate' && cell.kind === 'rate' ? percentText(cell.value) : cellText(cell);
      return cell.kind === 'money' && cell.value < 0n ? ch.red(s) : s;
    });
    if (c.key === 'settlement') row[0] = ch.bold(row[0]!);
    t.push(row);
  }
  if (r.risk) {
    for (const ent of ['aged_disabled', 'esrd'] as const) {
      if (!r.years.some((y) => y.risk?.[ent])) continue;
      for (const [k, label] of [['raw', 'raw'], ['normalized', 'normalized'], ['capped', 'capped'], ['benchmarkScore', 'benchmark score']] as const) {
        t.push([`Risk score ${ent.replace('_', '/')}: ${label}`, ...r.years.map((y) => { const sc = y.risk?.[ent]; return sc ? rateText(roundTo(sc[k], 6)) : ''; }), '']);
      }
    }
  }
  if (r.lead && r.years.some((y) => y.financialGuarantee !== undefined)) {
    t.push(['Financial guarantee (reported only)', ...r.years.map((y) => (y.financialGuarantee === undefined ? '' : groupThousands(formatCents(y.financialGuarantee)))), '']);
  }
  if (r.years.some((y) => y.rtaGuardrail)) t.push(['RTA given / effective (guardrail)', ...r.years.map((y) => `${rateText(y.rta)} / ${rateText(y.rtaEffective)}`), '']);
  if (r.medicaid.some((m) => m.spend !== null)) {
    const med = (f: (m: (typeof r.medicaid)[number]) => string): string[] => r.medicaid.map(f);
    t.push(['Medicaid spend, aligned duals', ...med((m) => (m.spend !== null ? groupThousands(formatCents(m.spend)) : '')), '']);
    t.push(['Medicaid PMPM', ...med((m) => (m.pmpm !== null ? groupThousands(formatCents(m.pmpm)) : '')), '']);
    t.push(['Medicaid PMPM change', ...med((m) => (m.change !== null ? formatPercent(m.change, { signedZero: true }) : '')), '']);
    // (the threshold beside the flag, and whether it is the default: a modelling choice, not a rule)
    const given = r.medicaid.some((m) => m.thresholdGiven);
    t.push([given ? 'Possible cost shift (growth > threshold)' : 'Possible cost shift (growth > 0%: default, a modelling choice)', ...med((m) => (m.flag === null ? '' : m.flag ? ch.yellow('YES') : 'no')), '']);
  }
  const lines = [
    ch.bold(terminalSafe(r.title)),
    `input: ${terminalSafe(r.source)} (${r.rowsRead} rows read, ${r.rowsAligned} aligned)`,
    `parameters: ${terminalSafe(scalarParams(r.parameters).join(' '))}`,
    ...perYearParams(r.parameters, r).map((l) => `  ${terminalSafe(l)}`),
    t.toString(),
    ...(r.cohorts ? [cohortTable(r)] : []),
    ...(r.years.some((y) => y.leadBenchmark) ? [leadBenchmarkTable(r)] : []),
    ...r.notes.map((n) => `note: ${terminalSafe(n)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The table's rows: schema 1's lines, with R, H and the corridor base where they matter, and stop-loss. */
function tableColumns(r: SettlementReport): Column[] {
  const extra = new Map(r.columns.filter((c) => !YEAR_COLUMNS.includes(c)).map((c) => [c.key, c]));
  const out: Column[] = [];
  const showBase = r.heba || r.years.some((y) => y.corridorBase !== y.performanceBenchmark);
  for (const c of YEAR_COLUMNS) {
    if (c.key === 'performance_benchmark' && r.retention) {
      out.push(extra.get('retention_withhold')!, { ...c, label: 'Performance benchmark (B - D - W + Q - R)' });
      continue;
    }
    if (c.key === 'fee_reduction' && r.completion) out.push(extra.get('expenditure_completion')!);
    if (c.key === 'expenditure' && r.stopLoss) out.push(...STOP_LOSS_COLUMNS);
    out.push(c);
    if (c.key === 'performance_benchmark' && r.heba) out.push(extra.get('heba')!);
    if (c.key === 'savings_rate' && showBase) out.push(extra.get('corridor_base')!);
  }
  if (r.retention && r.heba) out.splice(out.findIndex((c) => c.key === 'performance_benchmark') + 1, 0, extra.get('heba')!);
  if (r.lead) {
    // Rule set lead: A after the performance benchmark (and H), Pe beside the capitation, the cash
    // lines and net cash after the settlement.
    const lx = new Map(LEAD_EXTRA_COLUMNS.map((c) => [c.key, c]));
    const nonZero = (c: Column) => c.kind === 'money' && r.years.some((y) => c.get(y) !== 0n);
    const after = (key: string, cols: Column[]) => out.splice(out.findIndex((c) => c.key === key) + 1, 0, ...cols.filter(nonZero));
    after(r.heba ? 'heba' : 'performance_benchmark', [extra.get('admin_addon')!]);
    after('capitation_paid', [lx.get('enhanced_pcc')!]);
    after('fee_reduction', [lx.get('stop_loss_net')!]);
    const cash = [extra.get('enhanced_pcc_recoupment')!, lx.get('admin_addon_paid')!, lx.get('hpp_bonus')!].filter(nonZero);
    out.splice(out.findIndex((c) => c.key === 'settlement') + 1, 0, ...cash, extra.get('net_cash')!);
  }
  if (r.mssp) out.push(...MSSP_COLUMNS);
  return out;
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

/** METHODOLOGY-2027 step 0's intermediates by PY and cohort (with a benchmark build). */
function leadBenchmarkTable(r: SettlementReport): string {
  const t = new Table({ head: ['PY', 'cohort', 'hist', 'REA', 'PSA', 'adj', 'u', 'rho', 'months', 'row benchmark'], style: { head: [], border: [], compact: true } });
  const x = (v: Parameters<typeof toCents>[0]) => formatRatio(v, 6);
  for (const y of r.years) for (const c of y.leadBenchmark ?? []) {
    t.push([String(y.py), terminalSafe(c.cohort), x(c.hist), x(c.rea), x(c.psa), x(c.adj), x(c.u), x(c.rho), x(c.months), groupThousands(formatCents(toCents(c.rowBenchmark)))]);
  }
  return `LEAD benchmark build (per member month; factors to 6 places, used exactly):\n${t.toString()}`;
}
