// The xlsx renderers of the registry: each report model as a workbook model (src/report/workbook.ts:
// sheets of typed columns, the same columns as the CSV) written by src/render/xlsx.ts.
import { formatRatio } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import { CHECK_COLUMNS, ENTITY_COLUMNS, entityHeader, type EntityReport } from '../report/entity.js';
import { checkCells, SUMMARY_MONEY, summaryCsvRows, summaryHeader } from './entity.js';
import { ENTITY_COMPARE_COLUMNS, optionLabel } from './entity-compare.js';
import { RISK_CSV_COLUMNS } from './risk.js';
import { STAT_KEYS, type RiskReport, type StatValue } from '../report/risk.js';
import type { EntityComparison } from '../report/entity-compare.js';
import { COMPARE_METRICS, COMPARE_V2_METRICS, metricValue, type CompareReport } from '../report/compare.js';
import { SHOWN_RATE_PLACES, type SettlementReport } from '../report/settlement.js';
import { SWEEP_YEAR_COLUMNS, varyColumn, type SweepReport, type SweepReportYear } from '../report/sweep.js';
import { OUTPUT_COLUMNS } from '../report/settlement.js';
import {
  centsCell, EMPTY, PARAMETER_COLUMNS, parameterRows, scalarCell, settlementWorkbook, textCell,
  type Sheet, type SheetCell, type SheetColumn, type Workbook,
} from '../report/workbook.js';
import { renderXlsx } from './xlsx.js';

async function write(wb: Workbook, out: Sink): Promise<void> {
  await out.write(await renderXlsx(wb));
}

/** `dcsim run -O xlsx`: Settlement, Parameters, and Cohorts with --by. */
export async function settlementXlsx(r: SettlementReport, out: Sink): Promise<void> {
  await write(settlementWorkbook(r), out);
}

const COMPARE_COLUMNS: readonly SheetColumn[] = [
  { key: 'option', kind: 'text' }, { key: 'track', kind: 'text' }, { key: 'capitation', kind: 'text' },
  // a PY, or the text "total" on an option's total row
  { key: 'performance_year', kind: 'count' },
  ...COMPARE_METRICS.map((m): SheetColumn => ({ key: m.key, kind: m.kind === 'money' ? 'money' : 'rate' })),
  { key: 'pays_most', kind: 'bool' },
  ...COMPARE_V2_METRICS.map((m): SheetColumn => ({ key: m.key, kind: 'money' })),
];

/** `dcsim compare -O xlsx`: Compare (the CSV's rows) and Parameters. */
export async function compareXlsx(c: CompareReport, out: Sink): Promise<void> {
  const rows: SheetCell[][] = [];
  for (const o of c.options) {
    for (const l of [...o.years, o.total]) {
      rows.push([
        textCell(o.label), textCell(o.track), textCell(o.capitation),
        l.py === null ? textCell('total') : { kind: 'count', value: l.py },
        ...COMPARE_METRICS.map((m): SheetCell => {
          const v = metricValue(m, l);
          return typeof v === 'bigint' ? centsCell(v) : { kind: 'rate', text: formatRatio(v, SHOWN_RATE_PLACES) };
        }),
        { kind: 'bool', value: l.paysMost },
        ...COMPARE_V2_METRICS.map((m): SheetCell => centsCell(metricValue(m, l) as bigint)),
      ]);
    }
  }
  const params = parameterRows({ input_path: c.input.path, rows_read: c.input.rowsRead, options: c.parameters.options.join(', '), rules: c.parameters.rules, attribution: c.parameters.attribution });
  await write({ sheets: [{ name: 'Compare', columns: COMPARE_COLUMNS, rows }, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: params }] }, out);
}

function yearCell(v: SweepReportYear[keyof SweepReportYear], kind: 'money' | 'rate' | 'count'): SheetCell {
  if (typeof v === 'bigint') return centsCell(v);
  if (typeof v === 'number') return { kind: 'count', value: v };
  if (typeof v === 'string') return kind === 'rate' ? { kind: 'rate', text: v } : scalarCell(v);
  return EMPTY;
}

/** `dcsim sweep -O xlsx`: Sweep (the CSV's rows, settled scenarios) and Parameters. */
export async function sweepXlsx(r: SweepReport, out: Sink): Promise<void> {
  const p = r.parameters;
  const kinds = new Map(OUTPUT_COLUMNS.flatMap((c) => (c.kind === 'text' ? [] : [[c.key, c.kind] as const])));
  const columns: SheetColumn[] = [
    { key: 'scenario_id', kind: 'count' },
    ...(p.named ? [{ key: 'scenario_name', kind: 'text' as const }] : []),
    ...p.axes.map((a): SheetColumn => ({ key: varyColumn(a.column), kind: a.text ? 'text' : 'number' })),
    ...SWEEP_YEAR_COLUMNS.map((k): SheetColumn => ({ key: k, kind: kinds.get(k) ?? 'money' })),
  ];
  const rows: SheetCell[][] = [];
  for (const e of r.entries) {
    if (!e.ok) continue;
    const lead: SheetCell[] = [{ kind: 'count', value: e.id }];
    if (p.named) lead.push(textCell(e.name));
    e.values.forEach((v, i) => lead.push(p.axes[i]!.text ? textCell(v.text) : scalarCell(v.json)));
    for (const y of e.years) rows.push([...lead, ...SWEEP_YEAR_COLUMNS.map((k) => yearCell(y[k], kinds.get(k) ?? 'money'))]);
  }
  const sweep: Sheet = { name: 'Sweep', columns, rows };
  const params = parameterRows({ input_path: r.input.path, rows_read: r.input.rowsRead, scenarios: p.scenarios, varied: p.axes.map((a) => varyColumn(a.column)).join(', ') });
  await write({ sheets: [sweep, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: params }] }, out);
}

const TEXT_COLUMNS: ReadonlySet<string> = new Set(['entity_id', 'entity_name', 'track', 'result', 'program']);
const MSSP_RATES: ReadonlySet<string> = new Set(['msr', 'mlr', 'final_sharing_rate', 'shared_loss_rate']);

/** `dcsim settle -O xlsx`: Settle (the CSV's rows: one per scenario x entity-PY) and Parameters. */
export async function entityXlsx(r: EntityReport, out: Sink): Promise<void> {
  const check = r.tolerance !== undefined;
  const kindOf = (k: string): SheetColumn['kind'] => (k === 'performance_year' || k === 'scenario_id' ? 'count' : k.startsWith('vary.') ? 'number' : k === 'savings_rate' || (MSSP_RATES as ReadonlySet<string>).has(k) ? 'rate'
    : k === 'within_tolerance' ? 'bool' : (CHECK_COLUMNS as readonly string[]).includes(k) ? 'number' : TEXT_COLUMNS.has(k) ? 'text' : 'money');
  // (the CSV's columns, by the one list: entityHeader)
  const columns: SheetColumn[] = entityHeader(r).map((k): SheetColumn => ({ key: k, kind: kindOf(k) }));
  const rows: SheetCell[][] = [];
  for (const sc of r.scenarios) {
    const pre: SheetCell[] = r.varied.length ? [{ kind: 'count', value: sc.id }, ...sc.values.map((v) => scalarCell(v.json))] : [];
    for (const l of sc.lines) {
      const checks: SheetCell[] = check ? checkCells(l).map((t, i): SheetCell => (t === '' ? EMPTY : i === 4 ? { kind: 'bool', value: t === 'true' } : { kind: 'number', text: t })) : [];
      rows.push([...pre, ...ENTITY_COLUMNS.map((k): SheetCell => {
        if (k === 'entity_id') return textCell(l.entityId);
        if (k === 'entity_name') return textCell(l.entityName);
        if (k === 'track') return textCell(l.track);
        if (k === 'performance_year') return { kind: 'count', value: l.py };
        if (k === 'savings_rate') return { kind: 'rate', text: formatRatio(l.savingsRate, SHOWN_RATE_PLACES) };
        if (k === 'program') return textCell(l.program);
        if (k === 'result') return l.mssp ? textCell(l.mssp.result) : EMPTY;
        if (k === 'cap') return l.mssp?.cap !== undefined ? centsCell(l.mssp.cap) : EMPTY;
        if (k === 'msr' || k === 'mlr' || k === 'final_sharing_rate' || k === 'shared_loss_rate') {
          const v = k === 'msr' ? l.mssp?.msr : k === 'mlr' ? l.mssp?.mlr : k === 'final_sharing_rate' ? l.mssp?.finalSharingRate : l.mssp?.sharedLossRate;
          return v === undefined ? EMPTY : { kind: 'rate', text: formatRatio(v, SHOWN_RATE_PLACES) };
        }
        return centsCell(l.money[k]);
      }), ...checks]);
    }
  }
  const params = parameterRows({ input_path: r.source, ...r.parameters });
  await write({ sheets: [{ name: 'Settle', columns, rows }, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: params }] }, out);
}

/** `dcsim settle --summary -O xlsx`: Summary (the CSV's rows) and Parameters. */
export async function entitySummaryXlsx(r: EntityReport, out: Sink): Promise<void> {
  const header = summaryHeader(r);
  const kindOf = (k: string): SheetColumn['kind'] => (k === 'performance_year' ? 'text' : k.startsWith('vary.') ? 'number' : SUMMARY_MONEY.has(k) ? 'money' : 'count');
  const columns = header.map((k): SheetColumn => ({ key: k, kind: kindOf(k) }));
  const rows = summaryCsvRows(r).map((cells) => cells.map((t, i): SheetCell => {
    const k = header[i]!;
    if (t === '') return EMPTY;
    if (k === 'performance_year') return t === 'total' ? textCell(t) : { kind: 'count', value: Number(t) };
    if (k.startsWith('vary.')) return scalarCell(t);
    if (SUMMARY_MONEY.has(k)) return centsCell(BigInt(t.replace('.', '')));
    return { kind: 'count', value: Number(t) };
  }));
  const params = parameterRows({ input_path: r.source, ...r.parameters });
  await write({ sheets: [{ name: 'Summary', columns, rows }, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: params }] }, out);
}

/** `dcsim compare ENTITY-FILE -O xlsx`: Compare (the CSV's rows: one per entity-PY x option). */
export async function entityCompareXlsx(c: EntityComparison, out: Sink): Promise<void> {
  const TEXT = new Set(['entity_id', 'entity_name', 'published_track', 'option', 'track', 'capitation']);
  const columns = ENTITY_COMPARE_COLUMNS.map((k): SheetColumn => ({ key: k, kind: k === 'performance_year' ? 'count' : k === 'pays_most' ? 'bool' : TEXT.has(k) ? 'text' : 'money' }));
  const rows: SheetCell[][] = [];
  for (const r of c.rows) {
    for (const o of r.options) {
      const m = o.line.money;
      rows.push([
        textCell(r.entityId), textCell(r.entityName), { kind: 'count', value: r.py }, textCell(r.track), textCell(optionLabel(o.option)), textCell(o.option.track), textCell(o.option.capitation),
        centsCell(m.benchmark), centsCell(m.performance_benchmark), centsCell(m.savings), centsCell(m.shared_savings), centsCell(m.settlement), { kind: 'bool', value: o.paysMost },
      ]);
    }
  }
  const params = parameterRows({ input_path: c.source, rows_read: c.rowsRead, options: c.options.map(optionLabel).join(', ') });
  await write({ sheets: [{ name: 'Compare', columns, rows }, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: params }] }, out);
}

/** `dcsim risk -O xlsx`: Risk (the CSV's rows: one per PY and option) and Parameters. */
export async function riskXlsx(r: RiskReport, out: Sink): Promise<void> {
  const columns = RISK_CSV_COLUMNS.map((k): SheetColumn => ({
    key: k,
    kind: k === 'performance_year' || k === 'aligned_beneficiaries' ? 'count' : k === 'option' ? 'text' : k.endsWith('_p_loss') ? 'rate' : 'money',
  }));
  const stat = (v: StatValue): SheetCell => (v.kind === 'money' ? centsCell(v.cents) : v.kind === 'share' ? { kind: 'rate', text: formatRatio(v.value, 10) } : EMPTY);
  const rows = r.rows.map((y): SheetCell[] => [
    { kind: 'count', value: y.py }, textCell(y.option), { kind: 'count', value: y.aligned },
    ...STAT_KEYS.map((k) => stat(y.settlement.values[k]!)),
    ...STAT_KEYS.map((k) => stat(y.savings.values[k]!)),
  ]);
  const params = parameterRows({ input_path: r.input.path, rows_read: r.input.rowsRead, trials: r.trials, seed: r.seed, trend_shift: r.trendShift, trend_sd: r.trendSd, ...r.parameters });
  await write({ sheets: [{ name: 'Risk', columns, rows }, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: params }] }, out);
}
