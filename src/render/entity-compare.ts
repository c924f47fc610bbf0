// `dcsim compare` on an entity file: CSV (one row per entity-PY x option), JSON, and the table (one
// row per entity-PY, the options' settlements side by side, a total per PY).
import { terminalSafe } from './terminal.js';
import type { Sink } from '../domain/sink.js';
import type { RenderOptions } from './options.js';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatCents } from '../domain/exact.js';
import type { EntityComparison } from '../report/entity-compare.js';
import { VERSION } from '../version.js';
import { csvTable, type CsvOptions } from './csv.js';
import { cut, NAME_WIDTH } from './entity.js';
import { groupThousands, neutralize } from './format.js';

export const ENTITY_COMPARE_COLUMNS = [
  'entity_id', 'entity_name', 'performance_year', 'published_track', 'option', 'track', 'capitation', 'benchmark',
  'performance_benchmark', 'savings', 'shared_savings', 'settlement', 'pays_most',
] as const;

const optionLabel = (o: { readonly track: string; readonly capitation: string }): string => `${o.track}/${o.capitation}`;
const money = (c: bigint | null): string => (c === null ? '' : formatCents(c));

export function entityCompareCsv(c: EntityComparison, opts: CsvOptions = {}): string {
  const rows: string[][] = [];
  for (const r of c.rows) {
    for (const o of r.options) {
      const m = o.line.money;
      rows.push([
        neutralize(r.entityId), neutralize(r.entityName), String(r.py), r.track, optionLabel(o.option), o.option.track, o.option.capitation,
        money(m.benchmark), money(m.performance_benchmark), money(m.savings), money(m.shared_savings), money(m.settlement), String(o.paysMost),
      ]);
    }
  }
  return csvTable(ENTITY_COMPARE_COLUMNS, rows, opts);
}

export function entityCompareJson(c: EntityComparison): string {
  return `${JSON.stringify({
    schema_version: 2,
    dcsim_version: VERSION,
    command: 'compare',
    input: { path: c.source, rows_read: c.rowsRead, layout: c.layout === 'puf' ? 'cms_puf' : 'generic' },
    parameters: { rules: c.parameters.rules ?? 'reach', ...c.parameters },
    options: c.options.map(optionLabel),
    entities: c.rows.map((r) => ({
      entity_id: r.entityId,
      entity_name: r.entityName,
      performance_year: r.py,
      published_track: r.track,
      options: r.options.map((o) => ({
        option: optionLabel(o.option),
        benchmark: o.line.money.benchmark === null ? null : formatCents(o.line.money.benchmark),
        performance_benchmark: formatCents(o.line.money.performance_benchmark),
        savings: formatCents(o.line.money.savings),
        shared_savings: formatCents(o.line.money.shared_savings),
        settlement: formatCents(o.line.money.settlement),
        pays_most: o.paysMost,
      })),
      pays_most: r.options.filter((o) => o.paysMost).map((o) => optionLabel(o.option)),
    })),
    totals: c.totals.map((t) => ({
      performance_year: t.py ?? 'total',
      entities: t.entities,
      options: t.byOption.map((o) => ({ option: optionLabel(o.option), shared_savings: formatCents(o.sharedSavings), settlement: formatCents(o.settlement), pays_most_entities: o.paysMostCount, pays_most: o.paysMost })),
    })),
    notes: c.notes,
  }, null, 2)}\n`;
}

export function entityCompareTable(c: EntityComparison, opts: { color: boolean }): string {
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const labels = c.options.map(optionLabel);
  const cols = ['Entity', 'Name', 'PY', 'Track', ...labels.map((l) => `${l} settlement`), 'Pays most'];
  const t = new Table({ head: cols.map((h) => ch.bold(h)), style: { head: [], border: [], compact: true }, colAligns: cols.map((_, i) => (i < 4 || i === cols.length - 1 ? 'left' : 'right')) });
  const cell = (x: bigint, best: boolean) => {
    const s = groupThousands(formatCents(x));
    const red = s.startsWith('-') ? ch.red(s) : s;
    return best ? ch.bold(`* ${red}`) : red;
  };
  for (const tot of c.totals) {
    if (tot.py !== null) {
      for (const r of c.rows.filter((x) => x.py === tot.py)) {
        t.push([terminalSafe(r.entityId), cut(terminalSafe(r.entityName), NAME_WIDTH), String(r.py), r.track, ...r.options.map((o) => cell(o.line.money.settlement, o.paysMost)), r.options.filter((o) => o.paysMost).map((o) => optionLabel(o.option)).join(', ')]);
      }
    }
    t.push([
      ch.bold(tot.py === null ? 'Total' : `Total PY${tot.py}`), `${tot.entities} entities`, tot.py === null ? '' : String(tot.py), '',
      ...tot.byOption.map((o) => cell(o.settlement, o.paysMost)),
      tot.byOption.map((o) => `${optionLabel(o.option)} ${o.paysMostCount}`).join(', '),
    ]);
  }
  const lines = [
    ch.bold(`dcsim compare: ${labels.join(' vs ')} for each entity of ${terminalSafe(c.source)} (${c.rowsRead} entity-years)`),
    `parameters: rules=${c.parameters.rules ?? 'reach'}${Object.entries(c.parameters).filter(([k]) => k !== 'rules').map(([k, v]) => ` ${k}=${v}`).join('')}`,
    t.toString(),
    '* pays the entity the most (settlement: + CMS pays the DCE); the totals row counts the entity-years each option pays most',
    ...c.notes.map((n) => `note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

// The registry's renderers of `dcsim compare` on an entity file.
export async function entityCompareTableRenderer(c: EntityComparison, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(entityCompareTable(c, { color: opts.color === true }));
}
export async function entityCompareCsvRenderer(c: EntityComparison, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(entityCompareCsv(c, opts));
}
export async function entityCompareJsonRenderer(c: EntityComparison, out: Sink): Promise<void> {
  await out.write(entityCompareJson(c));
}
