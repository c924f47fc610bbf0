// JSON: METHODOLOGY section 10's object, schema version 3 (rule set lead's lines appended).
import { cellJson } from './format.js';
import { formatCents, formatRatio, toCents } from '../domain/exact.js';
import { cohortCells } from '../report/cohorts.js';
import { cellOf, LEAD_EXTRA_COLUMNS, SCHEMA_VERSION, STOP_LOSS_COLUMNS, totalOf, type SettlementReport } from '../report/settlement.js';
import { riskJson } from './format.js';
import type { Sink } from '../domain/sink.js';
import { VERSION } from '../version.js';

export function settlementJson(r: SettlementReport): Record<string, unknown> {
  const extra = [...(r.stopLoss ? STOP_LOSS_COLUMNS : []), ...(r.lead ? LEAD_EXTRA_COLUMNS : [])];
  const years = r.years.map((y, i) => {
    const o: Record<string, unknown> = {};
    for (const c of r.columns) o[c.key] = cellJson(cellOf(c, y));
    o.aligned_by = { ...y.alignedBy };
    for (const c of extra) o[c.key] = cellJson(cellOf(c, y));
    const m = r.medicaid[i];
    o.medicaid_spend = m && m.spend !== null ? formatCents(m.spend) : null;
    o.medicaid_pmpm = m && m.pmpm !== null ? formatCents(m.pmpm) : null;
    o.medicaid_pmpm_change = m && m.change !== null ? formatRatio(m.change, 10) : null;
    o.cost_shift_flag = m?.flag ?? null;
    if (y.risk) o.risk = riskJson(y.risk);
    if (r.lead) o.financial_guarantee = y.financialGuarantee === undefined ? null : formatCents(y.financialGuarantee);
    return o;
  });
  const build = r.years.some((y) => y.leadBenchmark) ? { lead_benchmark: leadBenchmarkJson(r) } : {};
  const total: Record<string, unknown> = {};
  for (const c of [...r.columns, ...extra]) {
    const t = totalOf(c, r.years);
    if (t.kind !== 'empty') total[c.key] = cellJson(t);
  }
  const spends = r.medicaid.flatMap((m) => (m.spend !== null ? [m.spend] : []));
  total.medicaid_spend = spends.length ? formatCents(spends.reduce((t, x) => t + x, 0n)) : null;
  total.aligned_by = {
    mltss: r.years.reduce((t, y) => t + y.alignedBy.mltss, 0),
    voluntary: r.years.reduce((t, y) => t + y.alignedBy.voluntary, 0),
    claims: r.years.reduce((t, y) => t + y.alignedBy.claims, 0),
  };
  return {
    schema_version: SCHEMA_VERSION,
    dcsim_version: VERSION,
    input: { path: r.source, rows_read: r.rowsRead, rows_aligned: r.rowsAligned },
    scenario: r.parameters,
    years,
    total,
    ...(r.cohorts ? { cohorts: r.cohorts.map(cohortCells) } : {}),
    ...build,
    notes: r.notes,
  };
}

/** METHODOLOGY-2027 step 0 by PY and cohort: per-member-month amounts and factors to 10 places, the row
 *  benchmark to the cent (shown rounded half-even; B is the exact sum of the rows, rounded once). */
export function leadBenchmarkJson(r: SettlementReport): Record<string, unknown>[] {
  const m = (x: Parameters<typeof toCents>[0]) => formatCents(toCents(x));
  const rate = (x: Parameters<typeof toCents>[0]) => formatRatio(x, 10);
  return r.years.flatMap((y) => (y.leadBenchmark ?? []).map((c) => ({
    performance_year: y.py, cohort: c.cohort, hist: rate(c.hist), rea: rate(c.rea), psa: rate(c.psa), adj: rate(c.adj),
    u: rate(c.u), rho: rate(c.rho), months: rate(c.months), row_benchmark: m(c.rowBenchmark),
  })));
}

export function renderJson(r: SettlementReport): string {
  return `${JSON.stringify(settlementJson(r), null, 2)}\n`;
}

/** The cohort records alone (for --cohorts-out FILE.json). */
export function settlementJsonCohorts(r: SettlementReport): Record<string, unknown> {
  return { schema_version: SCHEMA_VERSION, dcsim_version: VERSION, input: { path: r.source }, cohorts: (r.cohorts ?? []).map(cohortCells) };
}

/** The settlement as JSON, into a sink (the registry's settlement/json renderer). */
export async function settlementJsonRenderer(r: SettlementReport, out: Sink): Promise<void> {
  await out.write(renderJson(r));
}

/** The cohort records alone as JSON, into a sink (the registry's cohorts/json renderer). */
export async function cohortsJsonRenderer(r: SettlementReport, out: Sink): Promise<void> {
  await out.write(`${JSON.stringify(settlementJsonCohorts(r), null, 2)}\n`);
}
