// `dcsim report ENTITY-FILE` as one self-contained HTML file (inline CSS and SVG, no script): the
// replay of each entity-year beside CMS's published figures, by PY and per entity, and each entity
// under each payment option. Money in dollars, to the cent; + CMS pays the entity.
import { formatCents, toCents } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import type { EntityBoardReport, OptionSeries } from '../report/board.js';
import { summaryRows, yearTotals, type EntityLine } from '../report/entity.js';
import { optionLabel } from './entity-compare.js';
import { VERSION } from '../version.js';
import { optionsChart } from './charts.js';
import { chartSvg, escapeXml as esc } from './charts-svg.js';
import { counted, entityYears, groupThousands } from './format.js';
import { REPORT_CSS } from './html-style.js';

function moneyTd(c: bigint | null): string {
  if (c === null) return '<td class="num"></td>';
  const s = groupThousands(formatCents(c));
  return `<td class="num${c < 0n ? ' neg' : ''}">${esc(s)}</td>`;
}

/** Many money columns: a smaller type and tighter cells keep a table within the page (A4 or Letter). */
const WIDE_CSS = 'table.wide { font-size: 0.7rem; } table.wide th, table.wide td { padding: 2px 4px; } table.wide th { white-space: normal; }';

/** A table whose first `text` columns are words (left) and the others numbers (right). */
function table(head: readonly string[], rows: readonly string[][], text = 1): string {
  return `<table class="wide"><thead><tr>${head.map((h, i) => `<th${i >= text ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
}

const td = (s: string) => `<td>${esc(s)}</td>`;
const num = (n: number) => `<td class="num">${esc(n.toLocaleString('en-US'))}</td>`;

export async function renderEntityBoard(b: EntityBoardReport): Promise<string> {
  const s = b.settle;
  const lines: readonly EntityLine[] = s.scenarios[0]?.lines ?? [];
  const published = lines.some((l) => l.published !== undefined);
  const title = `Entity settlement report: ${s.source}`;
  const parts: string[] = [];
  parts.push(`<header><h1>${esc(title)}</h1><p class="sub">${esc(entityYears(lines))}, ${s.layout === 'puf' ? "CMS's PUF column names" : 'section 11 column names'}. `
    + `${s.mode === 'as_published' ? "dcsim's replay of the published inputs: B*, HEBA and E as given." : `What-if: ${esc(Object.entries(s.parameters).map(([k, v]) => `${k}=${v}`).join(' '))}.`}</p>`
    + '<p class="sub">Settlement: + CMS pays the entity, − the entity owes CMS. Money in dollars.</p></header>');
  const sum = summaryRows(lines);
  parts.push('<section id="summary"><h2>By performance year</h2>' + table(
    ['PY', 'Entity-years', 'Entities', 'Saved', 'Lost', 'Savings S', 'Shared savings (dcsim)', 'Settlement (dcsim)', ...(published ? ['Shared savings (published)', 'Settlement (published)'] : [])],
    sum.map((x) => [td(x.py === null ? 'Total' : `PY${x.py}`), num(x.entityYears), num(x.entities), num(x.saved), num(x.lost), moneyTd(x.savings), moneyTd(x.sharedSavings), moneyTd(x.settlement),
      ...(published ? [moneyTd(x.publishedSharedSavings), moneyTd(x.publishedSettlement)] : [])]),
  ) + (published ? "<p class=\"note\">dcsim: the replay through dcsim's kernel; published: CMS's own figures from the file, summed and shown to the cent.</p>" : '') + '</section>');

  const c = b.compare;
  const series: OptionSeries[] = c.options.map((o, i) => {
    const years = c.totals.filter((t) => t.py !== null).map((t) => ({ py: t.py!, settlement: t.byOption[i]!.settlement }));
    const total = c.totals.find((t) => t.py === null)!.byOption[i]!.settlement;
    return { label: optionLabel(o), years, total };
  });
  parts.push(`<section id="options"><h2>Payment options compared</h2><figure>${await chartSvg(optionsChart(series))}<figcaption>${esc('Each entity-year settled under each option (dcsim compare on the file): the totals over the entities.')}</figcaption></figure>`
    + table(['PY', ...c.options.map((o) => `${optionLabel(o)} settlement`), ...c.options.map((o) => `${optionLabel(o)} pays most (entity-years)`)],
      c.totals.map((t) => [td(t.py === null ? 'Total' : `PY${t.py}`), ...t.byOption.map((o) => moneyTd(o.settlement)), ...t.byOption.map((o) => num(o.paysMostCount))]))
    + `<p class="note">Pays most: the ${esc(counted(c.rows.length, 'entity-year'))} each option pays the most.</p></section>`);

  const rows: string[][] = [];
  for (const t of yearTotals(lines)) {
    for (const l of lines.filter((x) => x.py === t.py)) {
      const pub = l.published?.settlement;
      rows.push([td(l.entityId), td(l.entityName), td(`PY${l.py}`), td(l.track), moneyTd(l.money.performance_benchmark), moneyTd(l.money.heba), moneyTd(l.money.expenditure), moneyTd(l.money.savings),
        moneyTd(l.money.shared_savings), moneyTd(l.money.settlement), ...(published ? [pub === undefined ? '<td></td>' : moneyTd(toCents(pub))] : [])]);
    }
  }
  parts.push('<section id="entities"><h2>Each entity-year</h2>' + table(
    ['Entity', 'Name', 'PY', 'Track', 'Perf. benchmark B*', 'HEBA', 'Expenditure', 'Savings S', 'Shared savings', 'Settlement (dcsim)', ...(published ? ['Settlement (published)'] : [])], rows, 4,
  ) + '</section>');
  const notes = [...new Set([...s.notes, ...c.notes])];
  parts.push(`<footer>${notes.map((n) => `<p class="note">Note: ${esc(n)}</p>`).join('')}<p class="note">Made by dcsim ${esc(VERSION)}. Every figure is exact to the cent; the formulas are in METHODOLOGY.md (section 11).</p></footer>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${esc(title)}</title><style>${REPORT_CSS}
${WIDE_CSS}</style></head><body><main>\n${parts.join('\n')}\n</main></body></html>\n`;
}

/** The registry's renderer: the entity board report as one HTML file. */
export async function entityBoardHtml(b: EntityBoardReport, out: Sink): Promise<void> {
  await out.write(await renderEntityBoard(b));
}
