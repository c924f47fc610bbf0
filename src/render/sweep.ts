// The sweep's renderers. Tidy output: one row per scenario x PY, the `dcsim run` columns after the
// scenario's id, name and varied values. CSV and JSON stream (the CSV as bytes, through the CSV
// writer); the table is a per-scenario summary of the first TABLE_ROWS scenarios. Nothing is written
// until a scenario has been settled: when none is, the sink gets nothing (the caller aborts it).
import { formatCents } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import { SWEEP_YEAR_COLUMNS as KEYS, sweepEntryLabel, sweepTotals, varyColumn, type SweepEntry, type SweepReport, type SweepReportYear, type SweepTotals } from '../report/sweep.js';
import { VERSION } from '../version.js';
import { CsvWriter, csvText } from './csv-writer.js';
import { SCHEMA_VERSION } from '../report/settlement.js';
import { groupThousands, riskJson } from './format.js';
import type { RenderOptions } from './options.js';
import { terminalSafe } from './terminal.js';
import { counted } from './format.js';

/** Scenarios shown in the table; CSV and JSON have every one. */
export const TABLE_ROWS = 50;

const NON_ASCII = /[^\x00-\x7f]/;

export async function sweepCsv(r: SweepReport, out: Sink, opts: RenderOptions): Promise<void> {
  const w = new CsvWriter(out, opts);
  const { axes, named } = r.parameters;
  let ok = 0;
  for (const e of r.entries) {
    if (!e.ok) continue;
    if (ok++ === 0) w.header(['scenario_id', ...(named ? ['scenario_name'] : []), ...axes.map((a) => varyColumn(a.column)), ...KEYS]);
    let prefix = `${e.id},`;
    if (named) prefix += `${csvText(e.name ?? '')},`;
    for (let i = 0; i < axes.length; i++) {
      const t = e.values[i]!.text;
      prefix += `${axes[i]!.text ? csvText(t) : t},`;
    }
    const ascii = !NON_ASCII.test(prefix); // a name may hold other characters
    for (let j = 0; j < e.years.length; j++) {
      if (ascii) w.ascii(prefix);
      else w.utf8(prefix);
      const y = e.years[j]!;
      const slot = j * KEYS.length;
      for (let i = 0; i < KEYS.length; i++) {
        if (i > 0) w.byte(44);
        w.cell(slot + i, y[KEYS[i]!]);
      }
      w.endRow();
    }
    await w.settle();
  }
  await w.flush();
}

/** A JSON row: the year fields of `dcsim run -O json` (with the stop-loss lines when the scenario has stop-loss). */
function yearJson(y: SweepReportYear, into: Record<string, unknown>, stopLoss: boolean): Record<string, unknown> {
  for (const k of KEYS) {
    const v = y[k];
    into[k] = typeof v === 'bigint' ? formatCents(v) : v === '' ? null : v;
  }
  into.aligned_by = { ...y.aligned_by };
  if (y.risk) into.risk = riskJson(y.risk);
  if (stopLoss) {
    into.stop_loss_payout = formatCents(y.stop_loss_payout);
    into.stop_loss_charge = formatCents(y.stop_loss_charge);
  }
  return into;
}

export async function sweepJson(r: SweepReport, out: Sink): Promise<void> {
  const { axes, named } = r.parameters;
  // The varied values are the CSV's columns, `vary.KEY` (a key such as discount_rate is also a
  // year field: the prefix keeps both).
  const vary = (e: SweepEntry): Record<string, unknown> => Object.fromEntries(axes.map((a, i) => [varyColumn(a.column), e.values[i]!.json]));
  const failures: Record<string, unknown>[] = [];
  const notes = new Set<string>();
  let ok = 0;
  for (const e of r.entries) {
    if (!e.ok) {
      failures.push({
        scenario_id: e.id,
        ...(e.name !== undefined ? { scenario_name: e.name } : {}),
        ...vary(e),
        errors: e.errors,
      });
      continue;
    }
    for (const n of e.notes) notes.add(n);
    if (ok++ === 0) {
      const head = { schema_version: SCHEMA_VERSION, dcsim_version: VERSION, input: { path: r.input.path, rows_read: r.input.rowsRead }, scenarios: r.parameters.scenarios, varied: axes.map((a) => varyColumn(a.column)) };
      await out.write(`${JSON.stringify(head).slice(0, -1)},"rows":[\n`);
    }
    let rows = '';
    for (const y of e.years) {
      const o: Record<string, unknown> = { scenario_id: e.id };
      if (named) o.scenario_name = e.name ?? null;
      Object.assign(o, vary(e));
      rows += `${ok === 1 && rows === '' ? '' : ',\n'}${JSON.stringify(yearJson(y, o, e.stopLoss))}`;
    }
    await out.write(rows);
  }
  if (ok > 0) await out.write(`\n],"failed":${JSON.stringify(failures)},"notes":${JSON.stringify([...notes])}}\n`);
}

/** The per-scenario summary: totals over the PYs, the first TABLE_ROWS scenarios, then notes. */
export async function sweepTable(r: SweepReport, out: Sink, opts: RenderOptions): Promise<void> {
  const { axes, named, scenarios } = r.parameters;
  const shown: { e: SweepEntry; t?: SweepTotals }[] = [];
  const notes = new Set<string>();
  let best: { e: SweepEntry; t: SweepTotals } | undefined;
  let ok = 0;
  for (const e of r.entries) {
    if (!e.ok) {
      if (shown.length < TABLE_ROWS) shown.push({ e });
      continue;
    }
    ok++;
    for (const n of e.notes) notes.add(n);
    const t = sweepTotals(e.years);
    if (shown.length < TABLE_ROWS) shown.push({ e, t });
    if (best === undefined || t.settlement > best.t.settlement) best = { e, t };
  }
  if (ok === 0) return;
  const { Chalk } = await import('chalk');
  const { default: Table } = await import('cli-table3');
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const money = (c: bigint) => {
    const s = groupThousands(formatCents(c));
    return c < 0n ? ch.red(s) : s;
  };
  const head = ['Scenario', ...(named ? ['Name'] : []), ...axes.map((a) => a.column), 'Settlement', 'Shared savings', 'Capitation paid', 'Savings', 'CMS net savings'];
  const t = new Table({
    head: head.map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_h, i) => (i === 0 || i >= head.length - 5 ? 'right' : 'left')),
  });
  for (const { e, t: tot } of shown) {
    const lead = [String(e.id), ...(named ? [e.name ?? ''] : []), ...e.values.map((v) => v.text)].map(terminalSafe);
    t.push(tot ? [...lead, money(tot.settlement), money(tot.shared), money(tot.capitation), money(tot.savings), money(tot.cmsNet)] : [...lead, { colSpan: 5, content: 'failed (see the error above)' }]);
  }
  const lines = [
    ch.bold(`dcsim sweep: ${counted(scenarios, 'scenario')} x ${counted(r.input.years, 'PY')}`),
    `input: ${terminalSafe(r.input.path)} (${r.input.rowsRead} rows read)`,
    'totals over the PYs; settlement: + CMS pays the DCE',
    t.toString(),
  ];
  if (scenarios > shown.length) lines.push(`note: showing the first ${shown.length} of ${scenarios.toLocaleString('en-US')} scenarios; -O csv or -O json has every scenario and PY`);
  if (best) lines.push(`note: the highest total settlement is ${terminalSafe(sweepEntryLabel(best.e, axes))}: ${groupThousands(formatCents(best.t.settlement))}`);
  for (const n of notes) lines.push(`note: ${terminalSafe(n)}`);
  await out.write(`${lines.join('\n')}\n`);
}

