// JSON: METHODOLOGY section 10's object. schema_version 1.
import { cellJson } from './format.js';
import { cellOf, totalOf, type SettlementReport } from '../report/settlement.js';
import { VERSION } from '../version.js';

export function settlementJson(r: SettlementReport): Record<string, unknown> {
  const years = r.years.map((y) => {
    const o: Record<string, unknown> = {};
    for (const c of r.columns) o[c.key] = cellJson(cellOf(c, y));
    o.aligned_by = { ...y.alignedBy };
    return o;
  });
  const total: Record<string, unknown> = {};
  for (const c of r.columns) {
    const t = totalOf(c, r.years);
    if (t.kind !== 'empty') total[c.key] = cellJson(t);
  }
  total.aligned_by = {
    mltss: r.years.reduce((t, y) => t + y.alignedBy.mltss, 0),
    voluntary: r.years.reduce((t, y) => t + y.alignedBy.voluntary, 0),
    claims: r.years.reduce((t, y) => t + y.alignedBy.claims, 0),
  };
  return {
    schema_version: 1,
    dcsim_version: VERSION,
    input: { path: r.source, rows_read: r.rowsRead, rows_aligned: r.rowsAligned },
    scenario: r.parameters,
    years,
    total,
    notes: r.notes,
  };
}

export function renderJson(r: SettlementReport): string {
  return `${JSON.stringify(settlementJson(r), null, 2)}\n`;
}
