// Reading entity-year rows for `dcsim settle` (METHODOLOGY section 11): generic column names or CMS's
// PUF names, recognised from the header. A few hundred rows, so the checked csv-parse path; money and
// rates are parsed straight from their text into exact Ratios (never through a float). Errors carry
// FILE:LINE:COL, the line and a hint, collected up to --max-errors.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DcsimError, type Diagnostic } from '../domain/errors.js';
import { cmp, R0, R1, ratio, sub, abs, type Ratio } from '../domain/exact.js';
import { MAX_PY, MIN_PY } from '../domain/population.js';
import { MSR_CHOICES, MSSP_TRACK_IDS, QUALITY_STATUSES, type MsrChoice, type MsspTrackId } from '../domain/mssp.js';
import { trimIdText } from './csv/fields.js';
import { CSV_KIND, decodeText, headOf, openInputStream, readInputBytes } from './decode.js';
import { ENTITY_FIELDS, PUF_ALIASES, type EntityField, type EntityFile, type EntityLayout, type EntityRow } from '../domain/entity.js';

const FIELD_OF = new Map<string, EntityField>();
for (const f of ENTITY_FIELDS) {
  FIELD_OF.set(f, f);
  const alias = PUF_ALIASES[f];
  if (alias) FIELD_OF.set(alias.toLowerCase(), f);
}

/** The section 11 field a header name stands for (generic or PUF name, any case), if any. */
export function entityFieldOf(name: string): EntityField | undefined {
  return FIELD_OF.get(name.trim().toLowerCase());
}

/** A header is an entity file's when it names an entity id (entity_id or ACO_ID) and no beneficiary_id. */
export function isEntityHeader(names: readonly string[]): boolean {
  const lower = names.map((n) => n.trim().toLowerCase().replace(/^\ufeff/, ''));
  return lower.some((n) => FIELD_OF.get(n) === 'entity_id') && !lower.includes('beneficiary_id');
}

function both(f: EntityField): string {
  const alias = PUF_ALIASES[f];
  return alias ? `${f} (CMS PUF: ${alias})` : f;
}

/** 1-based column of each field of a CSV line (quote-aware), for carets. */
export function fieldColumns(line: string): number[] {
  const cols = [1];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) cols.push(i + 2);
  }
  return cols;
}

const MONEY_RE = /^[+-]?\d+(?:\.(\d*))?$/;
const RATE_RE = /^\+?(?:\d+(?:\.\d*)?|\.\d+)$/;

const MONEY_FIELDS = [
  'performance_benchmark', 'benchmark', 'expenditure', 'heba_up', 'heba_down', 'published_shared_savings', 'published_settlement',
  'enhanced_pcc_paid', 'participant_revenue', 'capitation_paid', 'fee_reduction',
] as const;
type MoneyField = (typeof MONEY_FIELDS)[number];
const RATE_FIELDS = ['discount_rate', 'quality_score', 'retention_withhold_rate'] as const;
type RateField = (typeof RATE_FIELDS)[number];

/** Ranges of the rates (section 9): discount and retention in [0, 1), the quality score in [0, 1]. */
const RATE_MAX: Readonly<Record<RateField, { max: Ratio; open: boolean; example: string }>> = {
  discount_rate: { max: R1, open: true, example: '0.03' },
  quality_score: { max: R1, open: false, example: '0.95' },
  retention_withhold_rate: { max: R1, open: true, example: '0.02' },
};

interface Rec {
  record: string[];
  info: { bytes: number };
}

export interface EntityReadOptions {
  readonly maxErrors: number;
  /** The name in messages (default: the path, or <stdin>). */
  readonly displayName?: string;
}

/** Parse an entity CSV (bytes) into rows, or throw a DcsimError listing what is wrong. */
export function parseEntityCsv(data: Uint8Array, source: string, opts: EntityReadOptions): EntityFile {
  // the one decoding layer: UTF-8 only, UTF-16 and binary named, CR-only line ends refused, BOM dropped
  const bytes = Buffer.from(decodeText(data, source, CSV_KIND), 'utf8');
  let recs: Rec[];
  try {
    recs = parse(bytes, { info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as unknown as Rec[];
  } catch (e) {
    const m = /line (\d+)/i.exec((e as Error).message);
    throw new DcsimError([{ file: source, ...(m ? { line: Number(m[1]) } : {}), message: `not a readable CSV file: ${(e as Error).message.replace(/^Invalid [^:]*: /, '')}`, hint: 'a quoted field must end with a closing quote; a quote inside a quoted field is written twice ("")' }], 1);
  }
  if (recs.length === 0) throw new DcsimError([{ file: source, message: 'is empty: expected a header line and one row per entity per PY', hint: headerHint() }], 1);

  // Lines: slice the bytes each record consumed (csv-parse's own `raw` is unreliable with two delimiters).
  const utf8 = new TextDecoder('utf-8');
  let prev = 0;
  let line = 1;
  const lines: { start: number; text: string }[] = [];
  for (const r of recs) {
    let raw = utf8.decode(bytes.subarray(prev, r.info.bytes));
    prev = r.info.bytes;
    while (raw.startsWith('\n') || raw.startsWith('\r\n')) {
      line++;
      raw = raw.slice(raw.startsWith('\n') ? 1 : 2);
    }
    lines.push({ start: line, text: raw.replace(/\r?\n$/, '') });
    line += (raw.match(/\n/g) ?? []).length;
  }

  const header = recs[0]!.record;
  const headerLine = lines[0]!;
  const headerCols = fieldColumns(headerLine.text);
  const at = new Map<EntityField, number>();
  const unknown: string[] = [];
  const errors: Diagnostic[] = [];
  header.forEach((name, i) => {
    const f = entityFieldOf(name);
    if (f === undefined) {
      if (name.trim() !== '') unknown.push(name.trim());
      return;
    }
    if (at.has(f)) {
      errors.push({ file: source, line: headerLine.start, column: headerCols[i] ?? 1, lineText: headerLine.text, message: `column "${name.trim()}" repeats ${JSON.stringify(header[at.get(f)!]!.trim())} (both are ${f})`, hint: 'keep one of the two columns' });
      return;
    }
    at.set(f, i);
  });
  const layout: EntityLayout = at.has('entity_id') && header[at.get('entity_id')!]!.trim().toLowerCase() === 'aco_id' ? 'puf' : 'generic';
  const missing = (['entity_id', 'performance_year', 'track', 'expenditure'] as const).filter((f) => !at.has(f));
  for (const f of missing) {
    errors.push({ file: source, line: headerLine.start, column: 1, lineText: headerLine.text, message: `missing required column ${both(f)}`, hint: headerHint() });
  }
  if (!at.has('performance_benchmark') && !at.has('benchmark')) {
    errors.push({ file: source, line: headerLine.start, column: 1, lineText: headerLine.text, message: `needs a column performance_benchmark (CMS PUF: FINAL_BENCHMARK) or benchmark`, hint: 'B* is the benchmark after discount and withholds, before HEBA; or give B and the rates' });
  }
  if (errors.length) throw new DcsimError(errors, 1);
  if (recs.length === 1) throw new DcsimError([{ file: source, line: headerLine.start, message: 'has a header but no rows', hint: 'one row per entity per performance year' }], 1);

  const name = (f: EntityField): string => header[at.get(f)!]!.trim();
  const rows: EntityRow[] = [];
  const firstLine = new Map<string, number>();
  let more = 0;
  for (let k = 1; k < recs.length; k++) {
    const rec = recs[k]!.record;
    const { start, text } = lines[k]!;
    if (rec.every((c) => c.trim() === '')) continue;
    const cols = fieldColumns(text);
    let bad = false;
    const err = (f: EntityField | undefined, message: string, hint?: string): void => {
      bad = true;
      if (errors.length >= opts.maxErrors) {
        more++;
        return;
      }
      const i = f === undefined ? undefined : at.get(f);
      errors.push({ file: source, line: start, column: i === undefined ? 1 : (cols[i] ?? (text.length + 1)), lineText: text, message, ...(hint ? { hint } : {}) });
    };
    const cell = (f: EntityField): string => {
      const i = at.get(f);
      return i === undefined ? '' : (rec[i] ?? '').trim();
    };
    const money = (f: MoneyField): Ratio | undefined => {
      const t = cell(f);
      if (t === '') return undefined;
      const m = MONEY_RE.exec(t);
      if (!m) {
        err(f, `${name(f)} ${JSON.stringify(t)} is not an amount`, 'dollars as a plain decimal, up to 4 decimal places, without $ or thousands separators: e.g. 70966454.47');
        return undefined;
      }
      if ((m[1] ?? '').length > 4) {
        err(f, `${name(f)} ${t} has more than 4 decimal places`, 'amounts carry at most 4 decimals (CMS publishes 4)');
        return undefined;
      }
      return ratio(t);
    };
    const rate = (f: RateField): Ratio | undefined => {
      const t = cell(f);
      if (t === '') return undefined;
      const spec = RATE_MAX[f];
      if (!RATE_RE.test(t)) {
        err(f, `${name(f)} ${JSON.stringify(t)} is not a number`, `a share, e.g. ${spec.example}`);
        return undefined;
      }
      const r = ratio(t);
      const c = cmp(r, spec.max);
      if (c > 0 || (spec.open && c === 0)) {
        err(f, `${name(f)} ${t} is out of range ${spec.open ? '[0, 1)' : '[0, 1]'}`, `a share, not a percentage: ${spec.example} means ${Number(spec.example) * 100}%`);
        return undefined;
      }
      return r;
    };

    // trimmed of spaces and invisible characters at its ends, as a beneficiary id is
    const id = trimIdText(rec[at.get('entity_id')!] ?? '');
    if (id === '') err('entity_id', `${name('entity_id')} is empty`, 'every row names its entity (e.g. D0004)');
    const pyText = cell('performance_year');
    let py = 0;
    if (!/^\d{4}$/.test(pyText) || Number(pyText) < MIN_PY || Number(pyText) > MAX_PY) err('performance_year', `${name('performance_year')} ${JSON.stringify(pyText)} is not a performance year`, `a year ${MIN_PY}..${MAX_PY}, e.g. 2023`);
    else py = Number(pyText);
    const programText = cell('program');
    const program = programText === '' ? 'reach' : programText.toLowerCase();
    if (program !== 'reach' && program !== 'lead' && program !== 'mssp') err('program', `${name('program')} ${JSON.stringify(programText)} is not reach, lead or mssp`, 'the program: reach (default), lead or mssp, in any case');
    const trackText = cell('track');
    const track = trackText.toLowerCase().replace(/^basic[ _-]?(?:level[ _-]?)?([a-e])$/, 'basic_$1');
    const msspTrack = program === 'mssp' ? (MSSP_TRACK_IDS as readonly string[]).includes(track) ? track as MsspTrackId : undefined : undefined;
    if (program === 'mssp' && msspTrack === undefined) err('track', `${name('track')} ${JSON.stringify(trackText)} is not an MSSP track`, `an MSSP row's track is ${MSSP_TRACK_IDS.join(', ')} (any case; "BASIC E" reads as basic_e)`);
    else if (program !== 'mssp' && track !== 'global' && track !== 'professional') err('track', `${name('track')} ${JSON.stringify(trackText)} is neither global nor professional`, 'the track (risk arrangement) is Global or Professional, in any case');
    const pick = <T extends string>(f: EntityField, values: readonly T[], what: string): T | undefined => {
      const t = cell(f).toLowerCase();
      if (t === '') return undefined;
      if (!(values as readonly string[]).includes(t)) {
        err(f, `${name(f)} ${JSON.stringify(cell(f))} is not ${what}`, `one of ${values.join(', ')}`);
        return undefined;
      }
      return t as T;
    };
    const spendingClass = pick('spending_class', ['lower', 'higher'] as const, 'a spending class');
    const qualityStatus = pick('quality_status', QUALITY_STATUSES, 'a quality status');
    const msrText = cell('msr');
    let msr: MsrChoice | undefined;
    if (msrText !== '') {
      const c = msrText.toLowerCase() === 'variable' ? 'variable' : RATE_RE.test(msrText) ? MSR_CHOICES.find((x) => x !== 'variable' && cmp(ratio(x), ratio(msrText)) === 0) : undefined;
      if (c === undefined) err('msr', `${name('msr')} ${JSON.stringify(msrText)} is not an MSR the CFR allows`, 'msr is one of variable, 0, 0.005, 0.01, 0.015, 0.02 (42 CFR 425.605(b), 425.610(b))');
      else msr = c;
    }
    const nText = cell('assigned_beneficiaries');
    let assignedBeneficiaries: number | undefined;
    if (nText !== '') {
      if (!/^\d{1,9}$/.test(nText)) err('assigned_beneficiaries', `${name('assigned_beneficiaries')} ${JSON.stringify(nText)} is not a count`, 'a whole number of assigned beneficiaries, e.g. 12500');
      else assignedBeneficiaries = Number(nText);
    }
    const lrText = cell('low_revenue').toLowerCase();
    let lowRevenue: boolean | undefined;
    if (lrText !== '') {
      if (!/^(true|false|yes|no|1|0)$/.test(lrText)) err('low_revenue', `${name('low_revenue')} ${JSON.stringify(cell('low_revenue'))} is not true or false`, 'true (a low-revenue ACO, 42 CFR 425.605(h)) or false');
      else lowRevenue = /^(true|yes|1)$/.test(lrText);
    }
    const extraMoney: Partial<Record<'enhancedPccPaid' | 'participantRevenue' | 'capitationPaid' | 'feeReduction', Ratio>> = {};
    for (const [f, k] of [['enhanced_pcc_paid', 'enhancedPccPaid'], ['participant_revenue', 'participantRevenue'], ['capitation_paid', 'capitationPaid'], ['fee_reduction', 'feeReduction']] as const) {
      const v = money(f);
      if (v !== undefined && cmp(v, R0) < 0) err(f, `${name(f)} is negative (${cell(f)})`, 'a positive amount of dollars');
      else if (v !== undefined) extraMoney[k] = v;
    }
    if (program === 'mssp' && [extraMoney.capitationPaid, extraMoney.feeReduction].some((x) => x !== undefined && cmp(x, R0) !== 0)) {
      err(at.has('capitation_paid') ? 'capitation_paid' : 'fee_reduction', 'an MSSP row has no capitation or fee reduction: FFS payment continues, so E is claims', 'leave capitation_paid and fee_reduction empty (or 0) on MSSP rows');
    }

    const performanceBenchmark = money('performance_benchmark');
    const benchmark = money('benchmark');
    for (const [f, v] of [['performance_benchmark', performanceBenchmark], ['benchmark', benchmark]] as const) {
      if (v !== undefined && cmp(v, R0) < 0) err(f, `${name(f)} is negative (${cell(f)})`, 'a benchmark is a positive amount of dollars');
    }
    if (performanceBenchmark === undefined && benchmark === undefined && !bad) {
      const f = at.has('performance_benchmark') ? 'performance_benchmark' : 'benchmark';
      err(f, `${name(f)} is empty`, 'each row needs B* (performance_benchmark / FINAL_BENCHMARK) or B (benchmark)');
    }
    const expenditure = money('expenditure');
    if (expenditure === undefined && cell('expenditure') === '') err('expenditure', `${name('expenditure')} is empty`, 'E: the total cost of care, capitation and stop-loss included');
    else if (expenditure !== undefined && cmp(expenditure, R0) < 0) err('expenditure', `${name('expenditure')} is negative (${cell('expenditure')})`, 'expenditure is a positive amount of dollars');
    const hebaUp = money('heba_up');
    if (hebaUp !== undefined && cmp(hebaUp, R0) < 0) err('heba_up', `${name('heba_up')} is negative (${cell('heba_up')})`, 'the upward HEBA is an amount added to the benchmark; the downward one goes in heba_down');
    const hebaDown = money('heba_down');
    const discountRate = rate('discount_rate');
    const qualityScore = rate('quality_score');
    const retentionWithholdRate = rate('retention_withhold_rate');
    const publishedSharedSavings = money('published_shared_savings');
    const publishedSettlement = money('published_settlement');

    if (!bad) {
      const key = `${py}\u0000${id}`;
      const first = firstLine.get(key);
      if (first !== undefined) err('entity_id', `entity ${JSON.stringify(id)} appears twice in performance year ${py} (first at line ${first})`, 'one row per entity per performance year');
      else firstLine.set(key, start);
    }
    if (bad) continue;
    rows.push({
      line: start,
      text,
      entityId: id,
      entityName: cell('entity_name'),
      py,
      track: program === 'mssp' ? 'global' : track as 'global' | 'professional',
      program: program as EntityRow['program'],
      ...(msspTrack !== undefined ? { msspTrack } : {}),
      ...(spendingClass !== undefined ? { spendingClass } : {}),
      ...(qualityStatus !== undefined ? { qualityStatus } : {}),
      ...(msr !== undefined ? { msr } : {}),
      ...(assignedBeneficiaries !== undefined ? { assignedBeneficiaries } : {}),
      ...(lowRevenue !== undefined ? { lowRevenue } : {}),
      ...extraMoney,
      ...(benchmark !== undefined ? { benchmark } : {}),
      ...(performanceBenchmark !== undefined ? { performanceBenchmark } : {}),
      expenditure: expenditure!,
      heba: sub(hebaUp ?? R0, abs(hebaDown ?? R0)),
      ...(discountRate !== undefined ? { discountRate } : {}),
      ...(qualityScore !== undefined ? { qualityScore } : {}),
      ...(retentionWithholdRate !== undefined ? { retentionWithholdRate } : {}),
      ...(publishedSharedSavings !== undefined ? { publishedSharedSavings } : {}),
      ...(publishedSettlement !== undefined ? { publishedSettlement } : {}),
    });
  }
  if (errors.length) throw new DcsimError(errors, 1, more);
  if (rows.length === 0) throw new DcsimError([{ file: source, message: 'has a header but no rows', hint: 'one row per entity per performance year' }], 1);
  return { source, layout, rows, columns: new Set(at.keys()), unknownColumns: unknown };
}

function headerHint(): string {
  return 'the header names entity_id, performance_year, track, expenditure and performance_benchmark (or benchmark), or CMS\'s PUF names ACO_ID, PERF_YEAR, RISK_ARRANGEMENT, TOT_COST_CARE_NET and FINAL_BENCHMARK';
}

/** Read an entity file ("-" for stdin). */
export async function readEntityFile(path: string, opts: EntityReadOptions, stdin: AsyncIterable<Buffer | string>): Promise<EntityFile> {
  const source = opts.displayName ?? (path === '-' ? '<stdin>' : path);
  // chunks awaited (Ctrl-C acts between them), gzip transparent, a line over 1 MiB refused
  const data = await readInputBytes(path, { stdin, kind: CSV_KIND, name: source });
  return parseEntityCsv(data, source, opts);
}

function headerNames(firstLine: string): string[] {
  try {
    const recs = parse(firstLine, { relax_column_count: true, relax_quotes: true }) as string[][];
    return recs[0] ?? [];
  } catch {
    return [];
  }
}

/** What sniffEntityInput found, and what the command reads next: `path` ('-' when the input had to be
 *  read as a stream: stdin, a FIFO, a device), `stdin` the stream replaying what was read, `displayName`. */
export interface Sniffed {
  readonly entity: boolean;
  readonly path: string;
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly displayName?: string;
}

/**
 * Look at an input's header without consuming it: whether it is an entity file. A regular file is
 * peeked at; stdin, a FIFO or a device (which cannot be read twice, and whose blocking read would
 * hold the process) is read as a stream up to its first line, which is then replayed.
 */
export async function sniffEntityInput(path: string, stdin: AsyncIterable<Buffer | string>): Promise<Sniffed> {
  if (path !== '-') {
    let regular = true;
    try {
      regular = statSync(path).isFile();
    } catch {
      // the reader reports a missing or unreadable file
    }
    if (!regular) {
      let stream: Awaited<ReturnType<typeof openInputStream>>;
      try {
        stream = await openInputStream(path);
      } catch {
        return { entity: false, path, stdin }; // (a directory: the reader names it)
      }
      const s = await sniffStream(stream.src);
      return { ...s, path: '-', displayName: path };
    }
  }
  if (path !== '-') {
    let head = '';
    try {
      const fd = openSync(path, 'r');
      try {
        const buf = Buffer.alloc(1 << 16);
        const n = readSync(fd, buf, 0, buf.length, 0);
        head = Buffer.from(headOf(buf.subarray(0, n))).toString('utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return { entity: false, path, stdin }; // the reader reports a missing or unreadable file
    }
    return { entity: isEntityHeader(headerNames(head.split(/\r?\n/)[0] ?? '')), path, stdin };
  }
  return { ...(await sniffStream(stdin)), path };
}

/** A stream's first line (decompressed as far as it goes), and a stream replaying it, then the rest. */
async function sniffStream(stdin: AsyncIterable<Buffer | string | Uint8Array>): Promise<{ entity: boolean; stdin: AsyncIterable<Buffer | string> }> {
  const it = stdin[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let text = '';
  let done = false;
  while (!text.includes('\n')) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : Buffer.from(r.value);
    seen.push(b);
    text = Buffer.from(headOf(Buffer.concat(seen))).toString('utf8');
    if (seen.reduce((n, x) => n + x.length, 0) > 1 << 20) break;
  }
  const replay = (async function* () {
    yield* seen;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? r.value : Buffer.from(r.value);
    }
  })();
  return { entity: isEntityHeader(headerNames(text.split(/\r?\n/)[0] ?? '')), stdin: replay };
}
