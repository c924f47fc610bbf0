// `dcsim settle`'s outputs: CSV (section 11's columns in order, then the check's), JSON (schema 2:
// `entities` and per-PY `totals`), the human table (one row per entity, a total per PY), and the
// --summary table. Money is two decimals (never -0.00); rates are exact decimal text.
import type { Sink } from '../domain/sink.js';
import type { RenderOptions } from './options.js';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatCents, formatRatio, type Ratio } from '../domain/exact.js';
import { SCHEMA_VERSION } from '../report/settlement.js';
import { varyColumn } from '../report/sweep.js';
import {
  CHECK_COLUMNS, checkSummary, entityHeader, ENTITY_COLUMNS, MONEY_COLUMNS, summaryRows, yearTotals,
  type CheckCell, type EntityCheck, type EntityLine, type EntityReport, type EntityScenario, type SummaryRow,
} from '../report/entity.js';
import { VERSION } from '../version.js';
import { csvTable, type CsvOptions } from './csv.js';
import { counted, entityYears, groupThousands, neutralize } from './format.js';
import { terminalSafe as safe } from './terminal.js';

/** Savings rates and other derived rates are shown to 10 decimals (exact when shorter). */
const RATE_PLACES = 10;

const money = (c: bigint | null): string => (c === null ? '' : formatCents(c));

/** An exact amount with at most 4 decimals (a published figure, a difference) as fixed 4-decimal text. */
export function fixed4(r: Ratio): string {
  const t = formatRatio(r, 4);
  const [i, f = ''] = t.split('.');
  return `${i}.${f.padEnd(4, '0')}`;
}

function lineCells(l: EntityLine): Record<(typeof ENTITY_COLUMNS)[number], string> {
  const m = l.money;
  return {
    entity_id: l.entityId,
    entity_name: l.entityName,
    performance_year: String(l.py),
    track: l.track,
    benchmark: money(m.benchmark),
    discount: money(m.discount),
    quality_withhold: money(m.quality_withhold),
    withhold_earned: money(m.withhold_earned),
    retention_withhold: money(m.retention_withhold),
    performance_benchmark: money(m.performance_benchmark),
    heba: money(m.heba),
    corridor_base: money(m.corridor_base),
    expenditure: money(m.expenditure),
    savings: money(m.savings),
    savings_rate: formatRatio(l.savingsRate, RATE_PLACES),
    shared_savings: money(m.shared_savings),
    sequestration: money(m.sequestration),
    settlement: money(m.settlement),
    admin_addon: money(m.admin_addon),
    enhanced_pcc_recoupment: money(m.enhanced_pcc_recoupment),
    net_cash: money(m.net_cash),
    msr: rate(l.mssp?.msr),
    mlr: rate(l.mssp?.mlr),
    final_sharing_rate: rate(l.mssp?.finalSharingRate),
    shared_loss_rate: rate(l.mssp?.sharedLossRate),
    cap: l.mssp?.cap === undefined ? '' : formatCents(l.mssp.cap),
    result: l.mssp?.result ?? '',
    program: l.program,
  };
}

const rate = (r: Ratio | undefined): string => (r === undefined ? '' : formatRatio(r, 40));

/** The check's cells of a line, as the CSV writes them (empty where not compared). */
export function checkCells(l: EntityLine): string[] {
  const ss = l.check?.sharedSavings;
  const st = l.check?.settlement;
  const within = ss === undefined && st === undefined ? '' : String((ss?.within ?? true) && (st?.within ?? true));
  return [ss ? fixed4(ss.published) : '', ss ? fixed4(ss.difference) : '', st ? fixed4(st.published) : '', st ? fixed4(st.difference) : '', within];
}

const TEXT = new Set(['entity_id', 'entity_name', 'track', 'result', 'program']);

/** The CSV header of a settle report. */
export function entityCsvHeader(r: EntityReport): string[] {
  return entityHeader(r);
}

/** One scenario's CSV rows (text cells neutralised). */
export function scenarioCsvRows(r: EntityReport, s: EntityScenario): string[][] {
  const check = r.tolerance !== undefined;
  const pre = r.varied.length ? [String(s.id), ...s.values.map((v) => neutralize(v.text))] : [];
  return s.lines.map((l) => {
    const c = lineCells(l);
    return [...pre, ...ENTITY_COLUMNS.map((k) => (TEXT.has(k) ? neutralize(c[k]) : c[k])), ...(check ? checkCells(l) : [])];
  });
}

export function entityCsv(r: EntityReport, opts: CsvOptions = {}): string {
  return csvTable(entityCsvHeader(r), r.scenarios.flatMap((s) => scenarioCsvRows(r, s)), opts);
}

export function lineJson(l: EntityLine, check: boolean): Record<string, unknown> {
  const c = lineCells(l);
  const o: Record<string, unknown> = {};
  for (const k of ENTITY_COLUMNS) {
    if (k === 'performance_year') o[k] = l.py;
    else if ((TEXT.has(k) && k !== 'result') || k === 'savings_rate') o[k] = c[k];
    else o[k] = c[k] === '' ? null : c[k];
  }
  if (check) {
    // the CSV's check columns, by the same names (schema version 3)
    const [ps, ds, pt, dt, within] = checkCells(l);
    Object.assign(o, {
      published_shared_savings: ps || null, shared_savings_difference: ds || null,
      published_settlement: pt || null, settlement_difference: dt || null,
      within_tolerance: within === '' ? null : within === 'true',
    } satisfies Record<(typeof CHECK_COLUMNS)[number], unknown>);
  }
  return o;
}

export function totalsJson(s: EntityScenario): Record<string, unknown>[] {
  return yearTotals(s.lines).map((t) => {
    const o: Record<string, unknown> = { performance_year: t.py, entities: t.entities };
    for (const k of MONEY_COLUMNS) o[k] = t.money[k] === null ? null : formatCents(t.money[k]);
    o.savings_rate = formatRatio(t.savingsRate, RATE_PLACES);
    return o;
  });
}

function checkJson(r: EntityReport, s: EntityScenario): Record<string, unknown> {
  const part = (p: { compared: number; within: number; largest?: { id: string; difference: Ratio } }) => ({
    compared: p.compared,
    within: p.within,
    largest_difference: p.largest ? { entity: p.largest.id, difference: fixed4(p.largest.difference) } : null,
  });
  return {
    tolerance: fixed4(r.tolerance!),
    by_year: checkSummary(s.lines).map((c) => ({ performance_year: c.py ?? 'total', rows: c.rows, shared_savings: part(c.sharedSavings), settlement: { ...part(c.settlement), outside_tolerance: c.settlement.outside } })),
  };
}

/** A line's or total's scenario fields, with --vary. */
export function scenarioTag(r: EntityReport, s: EntityScenario): Record<string, unknown> {
  return r.varied.length > 0 ? { scenario_id: s.id, ...Object.fromEntries(s.values.map((v) => [varyColumn(v.column), v.json])) } : {};
}

/** The JSON document's fields before `entities`. */
export function entityJsonHead(r: EntityReport): Record<string, unknown> {
  return {
    schema_version: SCHEMA_VERSION,
    dcsim_version: VERSION,
    command: 'settle',
    input: { path: r.source, rows_read: r.rowsRead, layout: r.layout === 'puf' ? 'cms_puf' : 'generic' },
    mode: r.mode,
    parameters: r.parameters,
    ...(r.varied.length > 0 ? { varied: r.varied.map(varyColumn) } : {}),
  };
}

export function entityJson(r: EntityReport): Record<string, unknown> {
  const check = r.tolerance !== undefined;
  const grid = r.varied.length > 0;
  const tag = (s: EntityScenario) => scenarioTag(r, s);
  return {
    ...entityJsonHead(r),
    entities: r.scenarios.flatMap((s) => s.lines.map((l) => ({ ...tag(s), ...lineJson(l, check) }))),
    totals: r.scenarios.flatMap((s) => totalsJson(s).map((t) => ({ ...tag(s), ...t }))),
    ...(check ? { check: grid ? r.scenarios.map((s) => ({ scenario_id: s.id, ...checkJson(r, s) })) : checkJson(r, r.scenarios[0]!) } : {}),
    notes: r.notes,
  };
}

export function renderEntityJson(r: EntityReport): string {
  return `${JSON.stringify(entityJson(r), null, 2)}\n`;
}

/** A name cut to `width` characters with an ellipsis. */
export function cut(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}

export const NAME_WIDTH = 28;

function header(r: EntityReport): string[] {
  const params = Object.entries(r.parameters).map(([k, v]) => `${k}=${v}`);
  const all = r.scenarios[0]?.lines ?? [];
  return [
    `dcsim settle: ${safe(r.source)} (${all.length === r.rowsRead ? entityYears(all) : counted(r.rowsRead, 'entity-year')}; ${r.layout === 'puf' ? "CMS's PUF columns" : 'section 11 columns'})`,
    r.mode === 'as_published' ? `dcsim's replay of the published inputs: B*, HEBA and E as given; corridor of S = B* + H - E on B* + H${params.length ? `; ${safe(params.join(' '))}` : ''}` : `what-if: ${safe(params.join(' ')) || 'as given'}${r.varied.length ? `; varied: ${r.varied.join(', ')}` : ''}`,
  ];
}

export function entityTable(r: EntityReport, opts: { color: boolean }): string {
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const check = r.tolerance !== undefined;
  const whatIf = r.mode === 'what_if';
  const cols = [
    'Entity', 'Name', 'PY', 'Track', ...(whatIf ? ['Benchmark'] : []), 'Perf. benchmark', 'HEBA', 'Expenditure', 'Savings', 'Rate', 'Shared', 'Settlement',
    ...(check ? ['Δ shared', 'Δ settlement'] : []),
  ];
  const red = (s: string) => (s.startsWith('-') ? ch.red(s) : s);
  const m = (c: bigint | null) => (c === null ? '' : red(groupThousands(formatCents(c))));
  const pct = (x: Ratio) => {
    const [i, f = ''] = formatRatio({ n: x.n * 100n, d: x.d }, 2).split('.');
    return `${i}.${f.padEnd(2, '0')}%`;
  };
  const out: string[] = header(r);
  for (const s of r.scenarios) {
    if (r.varied.length) out.push('', ch.bold(`scenario ${s.id}: ${safe(s.values.map((v) => `${v.column}=${v.text}`).join(' '))}`));
    const t = new Table({ head: cols.map((h) => ch.bold(h)), style: { head: [], border: [], compact: true }, colAligns: cols.map((_, i) => (i < 4 ? 'left' : 'right')) });
    const totals = yearTotals(s.lines);
    for (const tot of totals) {
      for (const l of s.lines.filter((x) => x.py === tot.py)) {
        const d = (c: CheckCell | undefined) => (c ? (c.within ? fixed4(c.difference) : ch.bold(ch.red(fixed4(c.difference)))) : '');
        t.push([
          safe(l.entityId), cut(safe(l.entityName), NAME_WIDTH), String(l.py), l.track, ...(whatIf ? [m(l.money.benchmark)] : []),
          m(l.money.performance_benchmark), m(l.money.heba), m(l.money.expenditure), m(l.money.savings), pct(l.savingsRate),
          m(l.money.shared_savings), m(l.money.settlement), ...(check ? [d(l.check?.sharedSavings), d(l.check?.settlement)] : []),
        ]);
      }
      t.push([
        ch.bold(`Total PY${tot.py}`), `${tot.entities} ${tot.entities === 1 ? 'entity' : 'entities'}`, String(tot.py), '', ...(whatIf ? [m(tot.money.benchmark)] : []),
        m(tot.money.performance_benchmark), m(tot.money.heba), m(tot.money.expenditure), m(tot.money.savings), pct(tot.savingsRate),
        ch.bold(m(tot.money.shared_savings)), ch.bold(m(tot.money.settlement)), ...(check ? ['', ''] : []),
      ]);
    }
    out.push(t.toString());
  }
  out.push(...r.notes.map((n) => `note: ${safe(n)}`));
  return `${out.join('\n')}\n`;
}

/** The check's summary lines for stderr, per PY then in total. */
export function checkLines(r: EntityReport): string[] {
  const [i, f = ''] = formatRatio(r.tolerance!, 4).split('.');
  const tol = `$${i}.${f.padEnd(2, '0')}`;
  const out: string[] = [];
  for (const s of r.scenarios) {
    const pre = r.varied.length ? `scenario ${s.id}: ` : '';
    for (const c of checkSummary(s.lines)) {
      const where = c.py === null ? 'all PYs' : `PY${c.py}`;
      const big = (p: { largest?: { id: string; difference: Ratio } }) => (p.largest ? `; largest difference ${fixed4(p.largest.difference)} (${safe(p.largest.id)})` : '');
      out.push(`dcsim: check: ${pre}${where}: shared savings ${c.sharedSavings.within} of ${c.sharedSavings.compared} within ${tol}${big(c.sharedSavings)}; settlement ${c.settlement.within} of ${c.settlement.compared} within ${tol}${big(c.settlement)}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// --summary: what the rows show

// entities: distinct entities; entity_years: rows (an entity has one per PY). shared_savings and
// settlement are dcsim's replay; the published_* columns, CMS's own figures (summed, to the cent).
const SUMMARY_COLUMNS = [
  'performance_year', 'entities', 'global', 'professional', 'saved', 'lost', 'beyond_first_band', 'saved_beyond_first_band',
  'lost_beyond_first_band', 'savings', 'shared_savings', 'settlement', 'entity_years', 'published_shared_savings', 'published_settlement',
] as const;
/** Count columns of the summary (JSON numbers). */
const SUMMARY_COUNTS: ReadonlySet<string> = new Set(['entities', 'global', 'professional', 'saved', 'lost', 'beyond_first_band', 'saved_beyond_first_band', 'lost_beyond_first_band', 'entity_years']);

function summaryCells(x: SummaryRow): string[] {
  return [
    x.py === null ? 'total' : String(x.py), String(x.entities), String(x.global), String(x.professional), String(x.saved), String(x.lost),
    String(x.beyondFirstBand), String(x.savedBeyondFirstBand), String(x.lostBeyondFirstBand), formatCents(x.savings), formatCents(x.sharedSavings), formatCents(x.settlement),
    String(x.entityYears), money(x.publishedSharedSavings), money(x.publishedSettlement),
  ];
}

/** Money columns of the summary. */
export const SUMMARY_MONEY: ReadonlySet<string> = new Set(['savings', 'shared_savings', 'settlement', 'published_shared_savings', 'published_settlement']);

/** The summary's columns, the same in CSV, JSON and xlsx. */
export function summaryHeader(r: EntityReport): string[] {
  return [...(r.varied.length ? ['scenario_id', ...r.varied.map(varyColumn)] : []), ...SUMMARY_COLUMNS];
}

/** The summary's rows as text cells (the CSV's; xlsx types them). */
export function summaryCsvRows(r: EntityReport): string[][] {
  return r.scenarios.flatMap((s) => summaryRows(s.lines).map((x) => [...(r.varied.length ? [String(s.id), ...s.values.map((v) => v.text)] : []), ...summaryCells(x)]));
}

export function summaryCsv(r: EntityReport, opts: CsvOptions = {}): string {
  const rows = summaryCsvRows(r).map((c) => c.map((t, i) => (i > 0 && i <= r.varied.length ? neutralize(t) : t)));
  return csvTable(summaryHeader(r), rows, opts);
}

export function summaryJson(r: EntityReport): string {
  const grid = r.varied.length > 0;
  const rows = r.scenarios.flatMap((s) => summaryRows(s.lines).map((x) => {
    const c = summaryCells(x);
    const o: Record<string, unknown> = grid ? { scenario_id: s.id, ...Object.fromEntries(s.values.map((v) => [varyColumn(v.column), v.json])) } : {};
    SUMMARY_COLUMNS.forEach((k, i) => {
      o[k] = i === 0 ? (x.py ?? 'total') : SUMMARY_COUNTS.has(k) ? Number(c[i]) : c[i] === '' ? null : c[i];
    });
    return o;
  }));
  return `${JSON.stringify({ schema_version: SCHEMA_VERSION, dcsim_version: VERSION, command: 'settle --summary', input: { path: r.source, rows_read: r.rowsRead }, mode: r.mode, parameters: r.parameters, summary: rows, notes: r.notes }, null, 2)}\n`;
}

export function summaryTable(r: EntityReport, opts: { color: boolean }): string {
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const published = r.scenarios.some((s) => s.lines.some((l) => l.published !== undefined));
  const cols = ['PY', 'Entity-years (entities)', 'Global', 'Prof.', 'Saved', 'Lost', 'Beyond band 1 (saved / lost)', 'Savings S', 'Shared savings: dcsim', 'Settlement: dcsim',
    ...(published ? ['Shared savings: published', 'Settlement: published'] : [])];
  const out = header(r);
  for (const s of r.scenarios) {
    if (r.varied.length) out.push('', ch.bold(`scenario ${s.id}: ${safe(s.values.map((v) => `${v.column}=${v.text}`).join(' '))}`));
    const t = new Table({ head: cols.map((h) => ch.bold(h)), style: { head: [], border: [], compact: true }, colAligns: cols.map((_, i) => (i === 0 ? 'left' : 'right')) });
    for (const x of summaryRows(s.lines)) {
      t.push([
        x.py === null ? ch.bold('Total') : `PY${x.py}`, `${x.entityYears} (${x.entities})`, String(x.global), String(x.professional), String(x.saved), String(x.lost),
        `${x.beyondFirstBand} (${x.savedBeyondFirstBand} / ${x.lostBeyondFirstBand})`,
        groupThousands(formatCents(x.savings)), groupThousands(formatCents(x.sharedSavings)), groupThousands(formatCents(x.settlement)),
        ...(published ? [groupThousands(money(x.publishedSharedSavings)), groupThousands(money(x.publishedSettlement))] : []),
      ]);
    }
    out.push(t.toString());
  }
  out.push(`dcsim: the replay through dcsim's kernel${published ? "; published: CMS's own figures from the file (SHARED_SAVINGS, SHARED_SAVINGS_SEQ), summed and shown to the cent" : ''}. Counts are entity-years, with the distinct entities in brackets.`);
  out.push("Saved / lost: S = B* + H - E above / below zero. Beyond band 1: |S| past the first band of the track's corridor (PY2021-2025: Global 25%, Professional 5% of B* + H).");
  return `${out.join('\n')}\n`;
}

// The registry's renderers of the entity model (`dcsim settle`) and its --summary.
export async function entityTableRenderer(r: EntityReport, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(entityTable(r, { color: opts.color === true }));
}
export async function entityCsvRenderer(r: EntityReport, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(entityCsv(r, opts));
}
export async function entityJsonRenderer(r: EntityReport, out: Sink): Promise<void> {
  await out.write(renderEntityJson(r));
}
export async function summaryTableRenderer(r: EntityReport, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(summaryTable(r, { color: opts.color === true }));
}
export async function summaryCsvRenderer(r: EntityReport, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(summaryCsv(r, opts));
}
export async function summaryJsonRenderer(r: EntityReport, out: Sink): Promise<void> {
  await out.write(summaryJson(r));
}
/** The check's summary lines for stderr; with --strict and rows beyond the tolerance, the error line. */
export async function entityCheckRenderer(c: EntityCheck, out: Sink): Promise<void> {
  const lines = checkLines(c.report);
  if (c.strict && c.outside.length) {
    lines.push(`dcsim: error: ${c.outside.length} ${c.outside.length === 1 ? 'row differs' : 'rows differ'} from the published amounts by more than $${fixed4(c.report.tolerance!)} (--strict): ${safe(c.outside.slice(0, 10).join(', '))}${c.outside.length > 10 ? ', ...' : ''}`);
  }
  for (const l of lines) await out.write(`${l}\n`);
}
