// The report's only stylesheet, inlined: readable on screen, and on paper (A4 or Letter) with no
// chart cut across a page. Negative money is marked by its minus sign and a dark red, so it still
// reads in grey print and for colour-blind readers.
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4d4d4d; --rule: #c8c8c8; --neg: #9b1c1c; --band: #f3f3f3; }
* { box-sizing: border-box; }
html { font: 15px/1.45 Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
body { margin: 0; }
main { max-width: 900px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: 18px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; }
.sub, .note, figcaption { color: var(--muted); font-size: 0.9rem; }
figure { margin: 14px 0 22px; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { text-align: left; font-weight: 600; }
thead th { border-bottom: 2px solid var(--ink); }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.key td, tr.key th { font-weight: 700; background: var(--band); }
.neg { color: var(--neg); font-weight: 600; }
.flag { font-weight: 700; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; padding: 0; list-style: none; }
.kpis li { border: 1px solid var(--rule); border-radius: 4px; padding: 8px 12px; min-width: 150px; }
.kpis .label { display: block; font-size: 0.8rem; color: var(--muted); }
.kpis .value { font-size: 1.05rem; font-weight: 700; font-variant-numeric: tabular-nums; }
dl.params { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 0.88rem; margin: 8px 0; }
dl.params dt { font-weight: 600; }
dl.params dd { margin: 0; }
.wide { overflow-x: auto; }
table.compact { font-size: 0.74rem; }
table.compact th, table.compact td { padding: 2px 4px; }
table.compact thead th { white-space: normal; vertical-align: bottom; }
@page { margin: 14mm 12mm; }
@media print {
  html { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 18pt; }
  section { break-inside: auto; }
  table { font-size: 8.5pt; }
  table.compact { font-size: 7pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .wide { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;
