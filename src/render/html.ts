// `dcsim report` as one self-contained HTML file: inline CSS, charts as inline SVG rendered here
// (charts-svg.ts), no script, nothing fetched. Sections: key figures, parameters and input, each PY's
// waterfall, the payment options, the settlement table, cohorts, Medicaid, and (when given) the sweep
// heatmap and the distribution of the settlement.
import type { Sink } from '../domain/sink.js';
import { formatCents, formatPercent, ratio, type Ratio } from '../domain/exact.js';
import type { BoardReport } from '../report/board.js';
import { COHORT_COLUMNS, cohortCells } from '../report/cohorts.js';
import { cellOf, STOP_LOSS_COLUMNS, totalOf, type Cell, type Column } from '../report/settlement.js';
import { VERSION } from '../version.js';
import { heatmapChart, medicaidChart, optionsChart, riskChart, waterfallChart, type ChartSpec } from './charts.js';
import { chartSvg, escapeXml as esc } from './charts-svg.js';
import { cellText, groupThousands } from './format.js';
import { REPORT_CSS } from './html-style.js';

/** Money for a table cell: thousands grouped, ASCII minus (it pastes into a spreadsheet), negatives marked. */
function moneyTd(c: bigint): string {
  const s = groupThousands(formatCents(c));
  return s.startsWith('-') ? `<td class="num neg">${esc(s)}</td>` : `<td class="num">${esc(s)}</td>`;
}

/** A rate as a percent: 0.0453337153 -> 4.53%, 0.25 -> 25%. */
export function percent(r: Ratio): string {
  return formatPercent(r, { wholeBare: true, signedZero: true });
}

function cellTd(c: Cell): string {
  if (c.kind === 'money') return moneyTd(c.value);
  if (c.kind === 'rate') return `<td class="num">${esc(percent(c.value))}</td>`;
  if (c.kind === 'count') return `<td class="num">${esc(groupThousands(String(c.value)))}</td>`;
  return `<td class="num">${esc(cellText(c))}</td>`;
}

async function figure(c: ChartSpec, caption?: string): Promise<string> {
  return `<figure>${await chartSvg(c)}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>`;
}

function isPy(k: string): boolean {
  return /^(19|20)\d\d$/.test(k);
}

function scalarText(v: unknown): string {
  if (Array.isArray(v)) {
    if (v.every((b) => b && typeof b === 'object' && 'share' in b)) {
      return (v as { from: string; to: string | null; share: string }[]).map((b) => `${pct(b.from)}–${b.to === null ? '' : pct(b.to)}: ${pct(b.share)}`).join(', ');
    }
    // rule set lead's `assumed` list: key=value [tag: source]
    if (v.every((b) => b && typeof b === 'object' && 'tag' in b && 'key' in b)) {
      return (v as { key: string; value: string; tag: string; source: string }[]).map((a) => `${a.key}=${a.value} [${a.tag}: ${a.source}]`).join('; ');
    }
    return v.map(scalarText).join(', ');
  }
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A corridor bound or share (exact decimal text) as a percent: "25%", "3.50%". */
function pct(s: string): string {
  return percent(ratio(s));
}

/** Scalars as a definition list; per-PY values (rates by PY, corridors) as a table with a column per PY. */
function parametersHtml(params: Record<string, unknown>, pys: readonly number[]): string {
  const scalars: [string, string][] = [];
  const perYear: { label: string; by: Record<string, unknown> }[] = [];
  const walk = (label: string, v: unknown): void => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      scalars.push([label, scalarText(v)]);
      return;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return;
    if (entries.every(([k]) => isPy(k)) && entries.some(([, x]) => Array.isArray(x))) {
      // Long per-PY values (corridor bands): one line per distinct value, naming its PYs.
      const seen = new Map<string, string[]>();
      for (const [k, x] of entries) seen.set(scalarText(x), [...(seen.get(scalarText(x)) ?? []), k]);
      for (const [t, ys] of seen) scalars.push([`${label} ${ys.join(', ')}`, t]);
    } else if (entries.every(([k]) => isPy(k))) perYear.push({ label, by: v as Record<string, unknown> });
    else for (const [k, x] of entries) walk(`${label} ${k}`, x);
  };
  for (const [k, v] of Object.entries(params)) walk(k, v);
  const dl = `<dl class="params">${scalars.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
  const head = `<thead><tr><th>Parameter</th>${pys.map((p) => `<th class="num">PY${p}</th>`).join('')}</tr></thead>`;
  const rows = perYear.map((r) => `<tr><th>${esc(r.label)}</th>${pys.map((p) => `<td class="num">${esc(r.by[String(p)] === undefined ? '' : scalarText(r.by[String(p)]))}</td>`).join('')}</tr>`);
  return `${dl}<div class="wide"><table>${head}<tbody>${rows.join('')}</tbody></table></div>`;
}

function settlementTable(b: BoardReport): string {
  const r = b.settlement;
  const columns: Column[] = [...r.columns];
  if (r.stopLoss) columns.splice(columns.findIndex((c) => c.key === 'expenditure'), 0, ...STOP_LOSS_COLUMNS);
  const head = `<thead><tr><th>Line</th>${r.years.map((y) => `<th class="num">PY${y.py}</th>`).join('')}<th class="num">Total</th></tr></thead>`;
  const rows = columns.filter((c) => c.key !== 'performance_year').map((c) => {
    const total = totalOf(c, r.years);
    const key = c.key === 'settlement' ? ' class="key"' : '';
    return `<tr${key} data-line="${esc(c.key)}"><th>${esc(c.label)}</th>${r.years.map((y) => cellTd(cellOf(c, y))).join('')}${total.kind === 'empty' ? '<td></td>' : cellTd(total)}</tr>`;
  });
  return `<div class="wide"><table id="settlement-table">${head}<tbody>${rows.join('')}</tbody></table></div>`;
}

function cohortsTable(b: BoardReport): string {
  const cols = COHORT_COLUMNS;
  const head = `<thead><tr>${cols.map((c) => `<th${c === 'by' || c === 'value' ? '' : ' class="num"'}>${esc(c.replace(/_/g, ' '))}</th>`).join('')}</tr></thead>`;
  const rows = (b.settlement.cohorts ?? []).map((rec) => {
    const cells = cohortCells(rec);
    return `<tr>${cols.map((k) => {
      const v = cells[k];
      if (v === null) return '<td></td>';
      if (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v)) return `<td class="num${v.startsWith('-') ? ' neg' : ''}">${esc(groupThousands(v))}</td>`;
      return typeof v === 'number' ? `<td class="num">${k === 'performance_year' ? v : groupThousands(String(v))}</td>` : `<td>${esc(String(v))}</td>`;
    }).join('')}</tr>`;
  });
  return `<div class="wide"><table id="cohorts-table" class="compact">${head}<tbody>${rows.join('')}</tbody></table></div>`;
}

function medicaidTable(b: BoardReport): string {
  const m = b.settlement.medicaid;
  const row = (label: string, f: (y: (typeof m)[number]) => string): string => `<tr><th>${esc(label)}</th>${m.map((y) => `<td class="num">${f(y)}</td>`).join('')}</tr>`;
  return `<table><thead><tr><th></th>${m.map((y) => `<th class="num">PY${y.py}</th>`).join('')}</tr></thead><tbody>${[
    row('Medicaid spend, aligned duals', (y) => (y.spend !== null ? esc(groupThousands(formatCents(y.spend))) : '')),
    row('Medicaid PMPM', (y) => (y.pmpm !== null ? esc(groupThousands(formatCents(y.pmpm))) : '')),
    row('PMPM change from the previous PY', (y) => (y.change !== null ? esc(percent(y.change)) : '')),
    row('Flag threshold', (y) => esc(percent(y.threshold))),
    row('Possible cost shift', (y) => (y.flag === null ? '' : y.flag ? '<span class="flag">YES</span>' : 'no')),
  ].join('')}</tbody></table>`;
}

function kpis(b: BoardReport): string {
  const r = b.settlement;
  const settle = r.columns.find((c) => c.key === 'settlement')!;
  const item = (label: string, c: Cell): string => {
    const s = c.kind === 'money' ? groupThousands(formatCents(c.value)) : '';
    return `<li><span class="label">${esc(label)}</span><span class="value${s.startsWith('-') ? ' neg' : ''}">${esc(s)}</span></li>`;
  };
  return `<ul class="kpis">${r.years.map((y) => item(`PY${y.py} settlement`, cellOf(settle, y))).join('')}${item('Total settlement', totalOf(settle, r.years))}</ul>`;
}

export interface HtmlOptions {
  /** Shown under the title, e.g. the command that made the report. */
  readonly subtitle?: string;
}

export async function renderHtml(b: BoardReport, opts: HtmlOptions = {}): Promise<string> {
  const r = b.settlement;
  const pys = r.years.map((y) => y.py);
  const parts: string[] = [];
  parts.push(`<header><h1>${esc(r.title.replace(/^dcsim settlement: /, 'Settlement report: '))}</h1>`
    + `<p class="sub">Input ${esc(r.source)}: ${r.rowsRead.toLocaleString('en-US')} rows read, ${r.rowsAligned.toLocaleString('en-US')} aligned, performance years ${pys.join(', ')}.${opts.subtitle ? ` ${esc(opts.subtitle)}` : ''}</p>`
    + `<p class="sub">Settlement: + CMS pays the DCE, − the DCE owes CMS. Money in dollars.</p></header>`);
  parts.push(`<section id="key-figures"><h2>Settlement by performance year</h2>${kpis(b)}</section>`);
  parts.push(`<section id="parameters"><h2>Parameters used and input</h2>`
    + `<p>Input file <strong>${esc(r.source)}</strong>: ${r.rowsRead.toLocaleString('en-US')} rows read; ${r.rowsAligned.toLocaleString('en-US')} aligned beneficiary-years.</p>`
    + `${parametersHtml(r.parameters, pys)}${r.notes.map((n) => `<p class="note">Note: ${esc(n)}</p>`).join('')}</section>`);
  if (b.options?.length) parts.push(`<section id="options"><h2>Payment options compared</h2>${await figure(optionsChart(b.options), 'Each option settles the same data and scenario with its own track and capitation (dcsim compare).')}</section>`);
  const walks: string[] = [];
  for (const w of b.waterfalls) walks.push(await figure(waterfallChart(w)));
  parts.push(`<section id="waterfalls"><h2>From the benchmark to the settlement</h2>`
    + `<p class="sub">Each PY's lines in the order of the methodology: discount, quality withhold and its earned-back part, retention withhold and HEBA give the performance benchmark; expenditure gives savings; the corridor and sequestration give the settlement.</p>${walks.join('')}</section>`);
  parts.push(`<section id="table"><h2>Settlement table</h2>${settlementTable(b)}</section>`);
  if (r.cohorts?.length) parts.push(`<section id="cohorts"><h2>Cohorts</h2>${cohortsTable(b)}</section>`);
  if (r.medicaid.some((m) => m.pmpm !== null)) parts.push(`<section id="medicaid"><h2>Medicaid and cost shifting</h2>${await figure(medicaidChart(r.medicaid))}${medicaidTable(b)}</section>`);
  if (b.heatmap) parts.push(`<section id="sweep"><h2>Sensitivity: total settlement over two parameters</h2>${await figure(heatmapChart(b.heatmap))}</section>`);
  if (b.risk?.length) {
    const figs: string[] = [];
    for (const y of b.risk) figs.push(await figure(riskChart(y)));
    parts.push(`<section id="risk"><h2>Distribution of the settlement</h2>${figs.join('')}</section>`);
  }
  parts.push(`<footer><p class="note">Made by dcsim ${esc(VERSION)}. Every figure is exact to the cent; the formulas are in METHODOLOGY.md.</p></footer>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${esc(r.title)}</title><style>${REPORT_CSS}</style></head><body><main>\n${parts.join('\n')}\n</main></body></html>\n`;
}

/** The registry's renderer: the board's report as one HTML file. */
export async function boardHtml(b: BoardReport, out: Sink): Promise<void> {
  await out.write(await renderHtml(b));
}
