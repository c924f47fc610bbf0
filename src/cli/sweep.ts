// `dcsim sweep DATA`: read and validate the data once, then settle a grid (--vary) and/or a list
// (--scenarios) of scenarios over the base scenario (--scenario and the scenario flags). Output is
// tidy: one row per scenario x PY, the `dcsim run` columns after the scenario's id, name and varied
// values. CSV and JSON are built as strings directly and streamed (csv-stringify is too slow for
// 50,000 rows); the table is a per-scenario summary.
import { DcsimError, usageError } from '../domain/errors.js';
import { SCENARIO_KEYS, scenarioFromObject, type Origin, type ScenarioInput } from '../domain/scenario.js';
import { assertDistinctFiles } from '../io/files.js';
import { openFileSink, writerSink, type Sink } from '../io/output.js';
import { readJsonFile } from '../io/scenario-file.js';
import { formatDiagnostic } from '../render/errors.js';
import { groupThousands, neutralize } from '../render/format.js';
import { terminalSafe } from '../render/terminal.js';
import { YEAR_COLUMNS } from '../report/settlement.js';
import {
  centsText, checkGrid, gridSize, MAX_SCENARIOS, parseVary, sweep,
  type Axis, type Grid, type SweepColumn, type SweepResult, type SweepYear,
} from '../sweep.js';
import { attachmentCents } from '../simulate.js';
import { VERSION } from '../version.js';
import { useColor, type Io } from './io.js';
import { inputFiles, outputFormat, scenarioFromOptions, type CommonOptions } from './options.js';
import { noteUnusedYears, readData } from './read.js';

export interface SweepOptions extends CommonOptions {
  vary?: string[];
  scenarios?: string;
}

/** Scenarios shown in the table; CSV and JSON have every one. */
export const TABLE_ROWS = 50;

/** A --scenarios file: a non-empty JSON array of scenario objects (each may have "name"). */
export function readScenarioList(path: string): ScenarioInput[] {
  const json = readJsonFile(path);
  if (!Array.isArray(json) || json.length === 0) {
    throw new DcsimError([{ file: path, message: 'a scenario list is a non-empty JSON array of scenario objects', hint: 'e.g. [{"name": "reach", "rules": "reach"}, {"name": "dc", "rules": "dc"}]' }], 1);
  }
  return json.map((entry, i) => {
    const origin: Origin = { where: (k) => `${path}: scenario ${i + 1}: "${k}"`, exitCode: 1 };
    return scenarioFromObject(entry, origin);
  });
}

/** A text cell: neutralised against formula injection, quoted when it needs to be. */
function csvText(s: string): string {
  const t = neutralize(s);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

const KEYS = YEAR_COLUMNS.map((c) => c.key as SweepColumn);


/** A PY's run columns, written straight into the output as bytes. */
function yearCsv(y: SweepYear, out: Output, pyIndex: number): void {
  for (let i = 0; i < KEYS.length; i++) {
    if (i > 0) out.byte(44);
    out.cell(pyIndex * KEYS.length + i, y[KEYS[i]!]);
  }
}

const DIGITS = new Uint8Array(24);
const NON_ASCII = /[^\x00-\x7f]/;

/** Below this (2^46 cents) money is written in Number arithmetic; it is exact there. */
const SAFE_CENTS = 2n ** 46n;

/** A JSON row: the year fields of `dcsim run -O json` (with the stop-loss lines when the scenario has stop-loss). */
function yearJson(y: SweepYear, into: Record<string, unknown>, stopLoss: boolean): Record<string, unknown> {
  for (const k of KEYS) {
    const v = y[k];
    into[k] = typeof v === 'bigint' ? centsText(v) : v;
  }
  into.aligned_by = { ...y.aligned_by };
  if (stopLoss) {
    into.stop_loss_payout = centsText(y.stop_loss_payout);
    into.stop_loss_charge = centsText(y.stop_loss_charge);
  }
  return into;
}

function scenarioLabel(r: SweepResult, grid: Grid): string {
  const s = r.scenario;
  const parts = [s.name !== undefined ? JSON.stringify(s.name) : undefined, ...grid.map((a, i) => `${a.column}=${s.values[i]!.text}`)].filter((x) => x !== undefined);
  return `scenario ${s.id}${parts.length ? ` (${parts.join(' ')})` : ''}`;
}

/** Output is handed on in pieces this large (one write for a typical sweep; few for a huge one). */
const FLUSH_AT = 32 << 20;

/**
 * Output written as it is produced, in large pieces, to stdout or a file sink (memory stays
 * bounded at about FLUSH_AT whatever the sweep's size). The text is kept as bytes in a Buffer (off
 * the JS heap) until then: a string of many small pieces would survive every young-generation
 * collection and be copied each time, which costs more than the sweep.
 */
class Output {
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  constructor(private readonly sink: Sink) {}
  async write(t: string): Promise<void> {
    if (this.pos + t.length * 3 > this.buf.length && this.pos >= FLUSH_AT) await this.flush();
    this.room(t.length * 3);
    this.pos += this.buf.write(t, this.pos, 'utf8');
  }
  /** Flush when the buffer is large (call between rows). */
  async settle(): Promise<void> {
    if (this.pos >= FLUSH_AT) await this.flush();
  }
  private room(n: number): void {
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
  }
  // Cells written as bytes, with no string per cell (50,000 rows of 24 cells).
  /** An ASCII string (rates, ids, canonical values). */
  ascii(s: string): void {
    this.room(s.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }
  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }
  /** A whole number below 2^53 (digits from the right: v / 10 is exact enough there). */
  int(v: number): void {
    this.room(20);
    const b = this.buf;
    if (v < 0) {
      b[this.pos++] = 45;
      v = -v;
    }
    let n = 0;
    do {
      const q = Math.floor(v / 10);
      DIGITS[n++] = 48 + (v - q * 10);
      v = q;
    } while (v > 0);
    let p = this.pos;
    while (n > 0) b[p++] = DIGITS[--n]!;
    this.pos = p;
  }
  // Across a grid most cells of a PY repeat from one scenario to the next (the benchmark, the
  // expenditure, the counts...): each (PY, column) slot keeps its last value and bytes.
  private readonly lastValue: unknown[] = [];
  private readonly lastBytes: Uint8Array[] = [];
  private readonly lastLen: number[] = [];

  /** A cell of a run column (money as bigint cents, a count, or rate text), cached by slot. */
  cell(slot: number, v: bigint | number | string): void {
    const bytes = this.lastBytes[slot];
    if (bytes !== undefined && this.lastValue[slot] === v) {
      const n = this.lastLen[slot]!;
      this.room(n);
      const b = this.buf;
      let p = this.pos;
      for (let k = 0; k < n; k++) b[p++] = bytes[k]!;
      this.pos = p;
      return;
    }
    const start = this.pos;
    if (typeof v === 'bigint') this.cents(v);
    else if (typeof v === 'number') this.int(v);
    else this.ascii(v);
    const n = this.pos - start;
    let keep = bytes;
    if (keep === undefined || keep.length < n) keep = this.lastBytes[slot] = new Uint8Array(Math.max(32, n));
    for (let k = 0; k < n; k++) keep[k] = this.buf[start + k]!;
    this.lastLen[slot] = n;
    this.lastValue[slot] = v;
  }

  /** UTF-8 text, with no flush (call settle() between rows). */
  utf8(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
  /** Integer cents as money: "-1234.50", as centsText writes it. */
  cents(c: bigint): void {
    if (c >= SAFE_CENTS || c <= -SAFE_CENTS) {
      this.ascii(centsText(c));
      return;
    }
    let v = Number(c);
    if (v < 0) {
      this.byte(45);
      v = -v;
    }
    const whole = Math.floor(v / 100);
    const frac = v - whole * 100;
    this.int(whole);
    this.room(3);
    this.buf[this.pos++] = 46;
    this.buf[this.pos++] = 48 + Math.floor(frac / 10);
    this.buf[this.pos++] = 48 + (frac % 10);
  }
  private async flush(): Promise<void> {
    if (this.pos === 0) return;
    // the sink keeps no reference once the write resolves: the buffer is reused after it
    await this.sink.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
  /** Flush and commit (a file is renamed into place). */
  async end(): Promise<void> {
    await this.flush();
    await this.sink.commit();
  }
  /** Nothing settled, or an error: a file is not written. */
  abort(): Promise<void> {
    return this.sink.abort();
  }
}

interface Totals {
  settlement: bigint;
  shared: bigint;
  capitation: bigint;
  savings: bigint;
  cmsNet: bigint;
}

function totalsOf(years: readonly SweepYear[]): Totals {
  const t: Totals = { settlement: 0n, shared: 0n, capitation: 0n, savings: 0n, cmsNet: 0n };
  for (const y of years) {
    t.settlement += y.settlement;
    t.shared += y.shared_savings;
    t.capitation += y.capitation_paid;
    t.savings += y.savings;
    t.cmsNet += y.cms_net_savings;
  }
  return t;
}

/** Read the data once and settle every scenario; returns the exit status (1 when any scenario failed). */
export async function sweepCommand(data: string, opts: SweepOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY);
  // Usage first (exit 2, nothing read): the grid, its size, the base flags; then the files.
  const grid: Axis[] = (opts.vary ?? []).map(parseVary);
  checkGrid(grid);
  assertDistinctFiles(inputFiles(data, opts), opts.output ? [{ what: '-o', path: opts.output }] : []);
  const base = scenarioFromOptions(opts).input;
  const list = opts.scenarios !== undefined ? readScenarioList(opts.scenarios) : undefined;
  const total = gridSize(grid, list?.length);
  if (total > MAX_SCENARIOS) {
    throw usageError(`the sweep has ${total.toLocaleString('en-US')} scenarios (${[...grid.map((a) => `${a.values.length} ${a.column}`), ...(list ? [`${list.length} listed`] : [])].join(' x ')}); at most ${MAX_SCENARIOS.toLocaleString('en-US')}`, 'use fewer values or larger steps');
  }

  // Stop-loss attachment points are applied while reading (as for run): the base's, or the list's
  // when every entry has the same ones. A scenario with others fails with simulate()'s message.
  let attachments = attachmentCents(base);
  if (!attachments.length && list) {
    const sets = new Set(list.map((e) => attachmentCents({ ...base, ...e }).join()));
    if (sets.size === 1) attachments = attachmentCents({ ...base, ...list[0] });
  }
  const population = await readData(data, opts, io, { attachments });

  const hasNames = base.name !== undefined || (list?.some((s) => s.name !== undefined) ?? false);
  const maxErrors = opts.maxErrors ?? 20;
  const notes = new Set<string>();
  let failed = 0;
  const failures: Record<string, unknown>[] = [];
  const onFailure = (r: SweepResult & { ok: false }): void => {
    failed++;
    if (failed <= maxErrors) {
      const label = scenarioLabel(r, grid);
      for (const d of r.error.diagnostics) io.err(`${formatDiagnostic({ ...d, message: `${label}: ${d.message}` })}\n`);
    }
    if (format === 'json') {
      failures.push({
        scenario_id: r.scenario.id,
        ...(r.scenario.name !== undefined ? { scenario_name: r.scenario.name } : {}),
        ...(grid.length ? { vary: vary(r) } : {}),
        errors: r.error.diagnostics.map((d) => ({ message: d.message, ...(d.hint ? { hint: d.hint } : {}) })),
      });
    }
  };

  // JSON rows nest the varied values ({"vary": {"discount_rate": "0.01"}}): a key such as
  // discount_rate is also a year field, and an object cannot have it twice.
  const vary = (r: SweepResult): Record<string, unknown> => Object.fromEntries(grid.map((a, i) => [a.column, r.scenario.values[i]!.json]));
  // (on an error, main() removes the temporary file with every pending output)
  const out = new Output(opts.output ? await openFileSink(opts.output) : writerSink('stdout', io.out));
  let ok = 0;
  if (format === 'csv') {
    const eol = opts.excel ? '\r\n' : '\n';
    const header = ['scenario_id', ...(hasNames ? ['scenario_name'] : []), ...grid.map((a) => a.column), ...KEYS].map(neutralize).join(',');
    const textAxis = grid.map((a) => SCENARIO_KEYS[a.key].kind === 'enum');
    for (const r of sweep(population, base, grid, list)) {
      if (!r.ok) {
        onFailure(r);
        continue;
      }
      for (const n of r.notes) notes.add(n);
      if (ok++ === 0) await out.write(`${opts.excel ? '\ufeff' : ''}${header}${eol}`);
      let prefix = `${r.scenario.id},`;
      if (hasNames) prefix += `${csvText(r.scenario.name ?? '')},`;
      for (let i = 0; i < grid.length; i++) {
        const t = r.scenario.values[i]!.text;
        prefix += `${textAxis[i] ? csvText(t) : t},`;
      }
      const ascii = !NON_ASCII.test(prefix); // a name may hold other characters
      for (let j = 0; j < r.years.length; j++) {
        if (ascii) out.ascii(prefix);
        else out.utf8(prefix);
        yearCsv(r.years[j]!, out, j);
        out.ascii(eol);
      }
      await out.settle();
    }
  } else if (format === 'json') {
    for (const r of sweep(population, base, grid, list)) {
      if (!r.ok) {
        onFailure(r);
        continue;
      }
      for (const n of r.notes) notes.add(n);
      if (ok++ === 0) {
        const head = { schema_version: 1, dcsim_version: VERSION, input: { path: population.source, rows_read: population.rowsRead }, scenarios: total, varied: grid.map((a) => a.column) };
        await out.write(`${JSON.stringify(head).slice(0, -1)},"rows":[\n`);
      }
      let rows = '';
      for (const y of r.years) {
        const o: Record<string, unknown> = { scenario_id: r.scenario.id };
        if (hasNames) o.scenario_name = r.scenario.name ?? null;
        if (grid.length) o.vary = vary(r);
        rows += `${ok === 1 && rows === '' ? '' : ',\n'}${JSON.stringify(yearJson(y, o, r.scenario.input.stop_loss_attachment !== undefined))}`;
      }
      await out.write(rows);
    }
    if (ok > 0) await out.write(`\n],"failed":${JSON.stringify(failures)},"notes":${JSON.stringify([...notes])}}\n`);
  } else if (format === 'xlsx') {
    const { SweepWorkbook } = await import('./workbooks.js');
    const wb = new SweepWorkbook(grid, hasNames);
    for (const r of sweep(population, base, grid, list)) {
      if (!r.ok) {
        onFailure(r);
        continue;
      }
      ok++;
      for (const n of r.notes) notes.add(n);
      wb.add(r);
      if (wb.rowCount >= 1_048_576) throw usageError('the sweep has more rows than a spreadsheet holds (1,048,575)', 'use -O csv, or fewer values');
    }
    if (ok > 0) {
      const [{ renderXlsx }, { writeBinary }] = await Promise.all([import('../render/xlsx.js'), import('./write.js')]);
      await writeBinary(await renderXlsx(wb.workbook(base)), opts.output, io);
    }
  } else {
    const shown: { r: SweepResult; t?: Totals }[] = [];
    let best: { r: SweepResult; t: Totals } | undefined;
    for (const r of sweep(population, base, grid, list)) {
      if (!r.ok) {
        onFailure(r);
        if (shown.length < TABLE_ROWS) shown.push({ r });
        continue;
      }
      ok++;
      for (const n of r.notes) notes.add(n);
      const t = totalsOf(r.years);
      if (shown.length < TABLE_ROWS) shown.push({ r, t });
      if (best === undefined || t.settlement > best.t.settlement) best = { r, t };
    }
    if (ok > 0) {
      await out.write(await sweepTable({
        title: `dcsim sweep: ${total.toLocaleString('en-US')} scenario(s) x ${population.years.length} PY(s)`,
        input: `input: ${terminalSafe(population.source)} (${population.rowsRead} rows read)`,
        grid, hasNames, shown, total, best, notes: [...notes],
        color: opts.output ? false : useColor(opts.color, io),
      }));
    }
  }
  if (format !== 'table') for (const n of notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  noteUnusedYears(io, [base, ...(list ?? []).map((e) => ({ ...base, ...e }))], population.years);
  if (ok > 0 && format !== 'xlsx') await out.end();
  else await out.abort();
  if (failed > 0) {
    const unlisted = failed - Math.min(failed, maxErrors);
    io.err(`dcsim: error: ${failed} of ${total} scenario(s) could not be settled${unlisted ? ` (${unlisted} not listed; raise --max-errors to see them)` : ''}${ok === 0 ? '; nothing was written' : ''}\n`);
    return 1;
  }
  return 0;
}

interface TableInput {
  title: string;
  input: string;
  grid: Grid;
  hasNames: boolean;
  shown: readonly { r: SweepResult; t?: Totals }[];
  total: number;
  best?: { r: SweepResult; t: Totals };
  notes: readonly string[];
  color: boolean;
}

/** The per-scenario summary: totals over the PYs, the first TABLE_ROWS scenarios, then a note. */
async function sweepTable(x: TableInput): Promise<string> {
  const { Chalk } = await import('chalk');
  const { default: Table } = await import('cli-table3');
  const ch = new Chalk({ level: x.color ? 1 : 0 });
  const money = (c: bigint) => {
    const s = groupThousands(centsText(c));
    return c < 0n ? ch.red(s) : s;
  };
  const head = ['Scenario', ...(x.hasNames ? ['Name'] : []), ...x.grid.map((a) => a.column), 'Settlement', 'Shared savings', 'Capitation paid', 'Savings', 'CMS net savings'];
  const t = new Table({
    head: head.map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_h, i) => (i === 0 || i >= head.length - 5 ? 'right' : 'left')),
  });
  for (const { r, t: tot } of x.shown) {
    const lead = [String(r.scenario.id), ...(x.hasNames ? [r.scenario.name ?? ''] : []), ...r.scenario.values.map((v) => v.text)].map(terminalSafe);
    t.push(tot ? [...lead, money(tot.settlement), money(tot.shared), money(tot.capitation), money(tot.savings), money(tot.cmsNet)] : [...lead, { colSpan: 5, content: 'failed (see the error above)' }]);
  }
  const lines = [ch.bold(x.title), x.input, 'totals over the PYs; settlement: + CMS pays the DCE', t.toString()];
  if (x.total > x.shown.length) lines.push(`note: showing the first ${x.shown.length} of ${x.total.toLocaleString('en-US')} scenarios; -O csv or -O json has every scenario and PY`);
  if (x.best) lines.push(`note: the highest total settlement is ${terminalSafe(scenarioLabel(x.best.r, x.grid))}: ${groupThousands(centsText(x.best.t.settlement))}`);
  for (const n of x.notes) lines.push(`note: ${terminalSafe(n)}`);
  return `${lines.join('\n')}\n`;
}
