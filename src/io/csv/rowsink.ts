// Validates one CSV record at a time, straight from bytes, and folds it into the group table.
// Both reading paths (the byte-level fast path and csv-parse) call this, so they agree by
// construction on values, defaults and error messages.
import type { Diagnostic } from '../../domain/errors.js';
import {
  ExactSum, FLAG_CLAIMS, FLAG_MLTSS, FLAG_VOLUNTARY, GroupTable, MAX_PY, MAX_RISK_SCALE, MIN_PY,
  ENTITLEMENTS, DUAL_STATUSES,
} from '../../domain/population.js';
import { HEBA_VALUES, INPUT_COLUMN_NAMES, REQUIRED_COLUMNS, type InputColumnName } from '../../domain/input-schema.js';
import {
  FieldError, parseBool, parseCents, parseEnum, parseScaled, parseUint, trimStart, trimEnd, trimId, type ScaleOut,
} from './fields.js';
import { DuplicateSet, hashKey, type KeyHash } from './dupset.js';
import { KeyList } from './keysort.js';
import { RowTableBuilder } from './row-table.js';

/** The RowTable code of each HEBA_VALUES word (none, up, down). */
export const HEBA_CODE = [0, 1, -1] as const;

/** Input columns of METHODOLOGY section 2, in its order (the schema's names). */
export const COLUMNS = INPUT_COLUMN_NAMES;
export type Column = InputColumnName;
export const REQUIRED = REQUIRED_COLUMNS;

const C = Object.fromEntries(COLUMNS.map((c, i) => [c, i])) as Record<Column, number>;

/** Where a record's fields stand in its line, for error messages. */
export interface RecordContext {
  /** The record's text (for the caret display). */
  text(): string;
  /** 1-based column (in characters) where field i starts. */
  column(field: number): number;
}

export interface SinkOptions {
  readonly source: string;
  readonly maxErrors: number;
  /** Stop-loss attachment points in cents: each group sums max(0, expenditure - point). */
  readonly attachments?: readonly number[];
  /** Rows expected (sizes the duplicate-id table). */
  readonly expectedRows?: number;
  /** Collect every key (a regular file: repeats found by sorting after reading) rather than check as read. */
  readonly collectKeys?: boolean;
  /** Keep every valid row in a RowTable (`rows`). */
  readonly keepRows?: boolean;
}

export interface DupNote {
  readonly at: number;
  readonly id: string;
  readonly py: number;
  readonly first: number;
  /** The key's hash. */
  readonly h1: number;
  readonly h2: number;
}

export const duplicateMessage = (id: string, py: number, first: number): string => `beneficiary ${JSON.stringify(id)} appears twice in performance year ${py} (first at line ${first})`;

export interface HeaderInfo {
  /** Column index in the file for each section-2 column, or -1. */
  readonly index: Int32Array;
  readonly width: number;
  readonly unknown: readonly string[];
  readonly present: readonly Column[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Map the header's names to section-2 columns once. */
export function mapHeader(names: readonly string[], line: number, ctx: RecordContext, source: string): { header?: HeaderInfo; errors: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const index = new Int32Array(COLUMNS.length).fill(-1);
  const unknown: string[] = [];
  const seen = new Map<string, number>();
  if (names.some((n) => n.includes('\r'))) {
    errors.push({ file: source, line, column: 1, lineText: ctx.text().replace(/\r/g, '\u21b5'), message: 'the lines end with a carriage return alone (CR), not LF or CRLF', hint: CR_HINT });
    return { errors };
  }
  names.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const prev = seen.get(name);
    if (prev !== undefined) {
      errors.push({ file: source, line, column: ctx.column(i), lineText: ctx.text(), message: `duplicate column "${name}" (also column ${prev + 1} of the header)`, hint: 'each column may appear once in the header' });
      return;
    }
    seen.set(name, i);
    const k = (COLUMNS as readonly string[]).indexOf(name);
    if (k >= 0) index[k] = i;
    else unknown.push(raw.trim() === '' ? `(column ${i + 1}, no name)` : raw.trim());
  });
  for (const r of REQUIRED) {
    if (index[C[r]] === -1) {
      errors.push({ file: source, line, column: 1, lineText: ctx.text(), message: `missing required column "${r}"`, hint: `the header must name ${REQUIRED.join(', ')}; optional columns: ${COLUMNS.filter((c) => !REQUIRED.includes(c)).join(', ')}` });
    }
  }
  if (errors.length) return { errors };
  const present = COLUMNS.filter((c) => index[C[c]] !== -1);
  return { header: { index, width: names.length, unknown, present }, errors };
}

function describe(code: number, what: string): string {
  switch (code) {
    case FieldError.Empty: return `${what} is empty`;
    case FieldError.Negative: return `${what} is negative`;
    case FieldError.TooManyDecimals: return `${what} has too many decimal places`;
    case FieldError.Thousands: return `${what} has a thousands separator`;
    case FieldError.TooLarge: return `${what} is too large`;
    case FieldError.NotInteger: return `${what} is not a whole number`;
    case FieldError.Zero: return `${what} must be greater than 0`;
    case FieldError.OutOfRange: return `${what} is out of range`;
    default: return `${what} is not valid`;
  }
}

export class RowSink {
  readonly groups = new GroupTable();
  readonly errors: Diagnostic[] = [];
  /** Errors found past maxErrors (counted, not kept). */
  moreErrors = 0;
  rowsRead = 0;
  /** Every (PY, id) key read, with its first line. */
  readonly dups: DuplicateSet;
  /** Duplicate rows found (listed or counted): the input is refused when there is one. */
  duplicates = 0;
  /** The listed duplicates: errors[at] names `first` (a worker renumbers it to the whole file's lines). */
  readonly dupNotes: DupNote[] = [];
  /** With keepRows: every folded row, in order. */
  readonly rows?: RowTableBuilder;
  /** With collectKeys: every valid row's key by record number, and every 256th record's place. */
  readonly keys?: KeyList;
  private readonly ix: Int32Array;
  /** Per-reader scratch: the last key's hash, the last risk score's scale, the trimmed id. */
  private readonly key: KeyHash = { h1: 0, h2: 0 };
  private readonly scale: ScaleOut = { scale: 0 };
  private readonly id = { s: 0, e: 0 };

  constructor(readonly header: HeaderInfo, readonly opts: SinkOptions) {
    this.ix = header.index;
    this.dups = new DuplicateSet(opts.collectKeys ? 0 : opts.expectedRows ?? 0);
    // expectedRows is a typical row count (size / 96): 4 times that bounds files of short rows, and
    // the key list's part never written costs no memory
    if (opts.collectKeys) this.keys = new KeyList(4 * (opts.expectedRows ?? 0));
    if (opts.keepRows) this.rows = new RowTableBuilder(opts.expectedRows ?? 0);
  }

  get full(): boolean {
    return this.errors.length >= this.opts.maxErrors;
  }

  error(line: number, column: number, message: string, ctx: RecordContext | string, hint?: string): void {
    if (this.errors.length >= this.opts.maxErrors) {
      this.moreErrors++;
      return;
    }
    this.errors.push({
      file: this.opts.source, line, column, message,
      lineText: typeof ctx === 'string' ? ctx : ctx.text(),
      ...(hint ? { hint } : {}),
    });
  }

  /** A whole-record error (no cell to point at). */
  report(d: Diagnostic): void {
    if (this.full) this.moreErrors++;
    else this.errors.push(d);
  }

  private cellText(b: Uint8Array, s: number, e: number): string {
    return utf8.decode(b.subarray(trimStart(b, s, e), trimEnd(b, s, e)));
  }

  private bad(code: number, col: Column, f: number, b: Uint8Array, st: Int32Array, en: Int32Array, line: number, ctx: RecordContext, hint: string): void {
    const text = this.cellText(b, st[f]!, en[f]!);
    let msg = describe(code, col);
    if (code === FieldError.Invalid) {
      msg = /^[+-]?(nan|inf|infinity)$/i.test(text) ? `${col} is ${JSON.stringify(text)}, not a number` : `${col} is not valid: ${JSON.stringify(text)}`;
    } else if (code !== FieldError.Empty) {
      msg += `: ${JSON.stringify(text)}`;
    }
    this.error(line, ctx.column(f), msg, ctx, hint);
  }

  /**
   * One record: field i is b[st[i], en[i]). `line` is the record's first line in the file.
   * Returns false when the record was refused.
   */
  record(b: Uint8Array, st: Int32Array, en: Int32Array, n: number, line: number, ctx: RecordContext, offset = 0): boolean {
    this.keys?.mark(this.rowsRead, line, offset);
    this.rowsRead++;
    const ix = this.ix;
    if (n !== this.header.width) {
      if (hasCr(b, st, en, n)) {
        this.error(line, 1, 'the rows end with a carriage return alone (CR), not LF or CRLF: this line runs several rows together', ctx.text().replace(/\r/g, '\u21b5'), CR_HINT);
        return false;
      }
      const col = n > this.header.width ? ctx.column(this.header.width) : ctx.column(n - 1);
      this.error(line, col, `expected ${this.header.width} fields as in the header, found ${n}`, ctx, 'a comma inside a value needs the value in double quotes; a missing trailing field still needs its comma');
      return false;
    }
    const before = this.errors.length + this.moreErrors;

    // beneficiary_id: non-empty text
    const fid = ix[C.beneficiary_id]!;
    trimId(b, st[fid]!, en[fid]!, this.id);
    const idS = this.id.s;
    const idE = this.id.e;
    if (idS === idE) this.error(line, ctx.column(fid), 'beneficiary_id is empty', ctx, 'every row needs a beneficiary_id');

    // performance_year
    const fpy = ix[C.performance_year]!;
    let py = parseUint(b, st[fpy]!, en[fpy]!);
    if (py >= 0 && (py < MIN_PY || py > MAX_PY)) py = FieldError.OutOfRange;
    if (py < 0) this.bad(py, 'performance_year', fpy, b, st, en, line, ctx, `a whole year from ${MIN_PY} to ${MAX_PY}, e.g. 2023`);

    // expenditure (required money)
    const fexp = ix[C.expenditure]!;
    const exp = parseCents(b, st[fexp]!, en[fexp]!);
    if (exp < 0) this.bad(exp, 'expenditure', fexp, b, st, en, line, ctx, MONEY_HINT);

    let months = 12;
    const fm = ix[C.aligned_months]!;
    if (fm >= 0) {
      const m = parseUint(b, st[fm]!, en[fm]!);
      if (m === FieldError.Empty) months = 12;
      else if (m < 0 || m < 1 || m > 12) this.bad(m < 0 ? m : FieldError.OutOfRange, 'aligned_months', fm, b, st, en, line, ctx, 'a whole number of months from 1 to 12 (empty means 12)');
      else months = m;
    }

    let riskM = 1;
    let riskK = 0;
    const fr = ix[C.risk_score]!;
    if (fr >= 0) {
      const r = parseScaled(b, st[fr]!, en[fr]!, MAX_RISK_SCALE, this.scale);
      if (r === FieldError.Empty) { riskM = 1; riskK = 0; }
      else if (r < 0) this.bad(r === FieldError.Negative ? FieldError.Zero : r, 'risk_score', fr, b, st, en, line, ctx, `a decimal greater than 0 with at most ${MAX_RISK_SCALE} decimal places (empty means 1)`);
      else { riskM = r; riskK = this.scale.scale; }
    }

    let ent = 0;
    const fe = ix[C.entitlement]!;
    if (fe >= 0) {
      const v = parseEnum(b, st[fe]!, en[fe]!, ENTITLEMENTS);
      if (v === FieldError.Invalid) this.bad(v, 'entitlement', fe, b, st, en, line, ctx, 'aged_disabled or esrd (empty means aged_disabled)');
      else if (v >= 0) ent = v;
    }
    let dual = 0;
    const fd = ix[C.dual_status]!;
    if (fd >= 0) {
      const v = parseEnum(b, st[fd]!, en[fd]!, DUAL_STATUSES);
      if (v === FieldError.Invalid) this.bad(v, 'dual_status', fd, b, st, en, line, ctx, 'full, partial or none (empty means none)');
      else if (v >= 0) dual = v;
    }

    const claims = this.bool(C.claims_aligned, 'claims_aligned', 1, b, st, en, line, ctx);
    const vol = this.bool(C.voluntary_aligned, 'voluntary_aligned', 0, b, st, en, line, ctx);
    const mltss = this.bool(C.mltss_enrolled, 'mltss_enrolled', 0, b, st, en, line, ctx);
    const opted = this.bool(C.opted_out, 'opted_out', 0, b, st, en, line, ctx);

    const pcs = this.money(C.primary_care_spend, 'primary_care_spend', b, st, en, line, ctx);
    const ps = this.money(C.participant_spend, 'participant_spend', b, st, en, line, ctx);
    const mcd = this.money(C.medicaid_spend, 'medicaid_spend', b, st, en, line, ctx);

    let rate = -1;
    const fb = ix[C.benchmark_pbpm]!;
    if (fb >= 0) {
      const v = parseCents(b, st[fb]!, en[fb]!);
      if (v === 0) this.bad(FieldError.Zero, 'benchmark_pbpm', fb, b, st, en, line, ctx, 'a rate greater than 0 (empty means the scenario\'s rate)');
      else if (v >= 0) rate = v;
      else if (v !== FieldError.Empty) this.bad(v, 'benchmark_pbpm', fb, b, st, en, line, ctx, MONEY_HINT);
    }

    let heba = 0;
    const fh = ix[C.heba]!;
    if (fh >= 0) {
      const v = parseEnum(b, st[fh]!, en[fh]!, HEBA_VALUES);
      if (v === FieldError.Invalid) this.bad(v, 'heba', fh, b, st, en, line, ctx, 'up, down or none, any case (empty means none)');
      else if (v >= 0) heba = HEBA_CODE[v]!;
    }

    if (this.errors.length + this.moreErrors !== before) return false;

    // Row-level rules
    if (pcs > exp) {
      this.error(line, ctx.column(ix[C.primary_care_spend]!), `primary_care_spend ${fmtCents(pcs)} is above expenditure ${fmtCents(exp)}`, ctx, 'primary_care_spend is part of expenditure');
      return false;
    }
    if (ps > exp) {
      this.error(line, ctx.column(ix[C.participant_spend]!), `participant_spend ${fmtCents(ps)} is above expenditure ${fmtCents(exp)}`, ctx, 'participant_spend is part of expenditure');
      return false;
    }
    if (ps >= 0 && pcs > ps) {
      this.error(line, ctx.column(ix[C.participant_spend]!), `participant_spend ${fmtCents(ps)} is below primary_care_spend ${fmtCents(pcs)}`, ctx, 'participant_spend covers all services by participant providers, primary care included');
      return false;
    }

    const key = this.key;
    hashKey(py, b, idS, idE, key);
    if (this.keys) this.keys.push(this.rowsRead - 1, key.h1, key.h2);
    else if (!this.dups.add(key.h1, key.h2, line)) {
      this.duplicates++;
      if (this.full) {
        this.moreErrors++;
        return false;
      }
      const id = utf8.decode(b.subarray(idS, idE));
      const first = this.dups.firstLine;
      this.dupNotes.push({ at: this.errors.length, id, py, first, h1: key.h1, h2: key.h2 });
      this.error(line, ctx.column(fid), duplicateMessage(id, py, first), ctx, 'a beneficiary has one row per performance year');
      return false;
    }

    const flags = (claims ? FLAG_CLAIMS : 0) | (vol ? FLAG_VOLUNTARY : 0) | (mltss && !opted ? FLAG_MLTSS : 0);
    this.fold(py, ent, dual, flags, months, exp, pcs, ps, mcd, rate, riskM, riskK, heba);
    return true;
  }

  /** A record refused before record() (too long, bad bytes, bad quotes): counted, and marked for locate.ts. */
  counted(line: number, offset: number): void {
    this.keys?.mark(this.rowsRead, line, offset);
    this.rowsRead++;
  }

  /** A duplicate row past maxErrors (FastRow): counted, like record() would. */
  countDuplicate(): void {
    this.rowsRead++;
    this.duplicates++;
    this.moreErrors++;
  }

  /**
   * A key hashed by FastRow, added to the table. False when it is already there: FastRow then leaves
   * the line to record(), which reports the duplicate.
   */
  addKey(h1: number, h2: number, line: number, offset: number): boolean {
    if (this.keys) {
      this.keys.mark(this.rowsRead, line, offset);
      this.keys.push(this.rowsRead, h1, h2);
      return true;
    }
    return this.dups.add(h1, h2, line);
  }

  /** Add one valid row to its group (both the checked path above and FastRow come here). */
  fold(py: number, ent: number, dual: number, flags: number, months: number, exp: number, pcs: number, ps: number, mcd: number, rate: number, riskM: number, riskK: number, heba: number): void {
    const g = this.groups.get(py, ent, dual, flags);
    g.rows++;
    g.memberMonths += months;
    if (heba > 0) g.hebaUpMonths += months;
    else if (heba < 0) g.hebaDownMonths += months;
    this.rows?.push(py, months, flags, ent, heba, exp, pcs, ps, riskM, riskK, rate);
    g.expenditure.add(exp);
    if (pcs > 0) g.primaryCare.add(pcs);
    if (ps > 0) g.participant.add(ps);
    if (mcd >= 0) {
      g.medicaid.add(mcd);
      g.medicaidRows++;
      g.medicaidMonths += months;
    }
    const att = this.opts.attachments;
    if (att) {
      for (let i = 0; i < att.length; i++) {
        const x = exp - att[i]!;
        if (x > 0) (g.stopLossExcess[i] ??= new ExactSum()).add(x);
      }
    }
    if (rate > 0) {
      g.ownRate.at(riskK).addProduct(rate, riskM, months);
      g.ownRateRiskMonths.at(riskK).addProduct(riskM, months, 1);
      g.ownRateRows++;
    } else {
      g.riskMonths.at(riskK).addProduct(riskM, months, 1);
    }
  }

  /** An optional boolean column: 1/0, or `dflt` when absent or empty; -1 after an error. */
  private bool(k: number, name: Column, dflt: number, b: Uint8Array, st: Int32Array, en: Int32Array, line: number, ctx: RecordContext): number {
    const f = this.ix[k]!;
    if (f < 0) return dflt;
    const v = parseBool(b, st[f]!, en[f]!);
    if (v === FieldError.Empty) return dflt;
    if (v < 0) this.bad(v, name, f, b, st, en, line, ctx, 'true/false, 1/0, yes/no or y/n (empty means the default)');
    return v;
  }

  /** An optional money column: cents, or -1 when absent or empty. */
  private money(k: number, name: Column, b: Uint8Array, st: Int32Array, en: Int32Array, line: number, ctx: RecordContext): number {
    const f = this.ix[k]!;
    if (f < 0) return -1;
    const v = parseCents(b, st[f]!, en[f]!);
    if (v === FieldError.Empty) return -1;
    if (v < 0) this.bad(v, name, f, b, st, en, line, ctx, MONEY_HINT);
    return v;
  }

}

/** A CR byte inside any field of a record (rows ended by CR alone run together). */
function hasCr(b: Uint8Array, st: Int32Array, en: Int32Array, n: number): boolean {
  for (let f = 0; f < n; f++) for (let i = st[f]!; i < en[f]!; i++) if (b[i] === 13) return true;
  return false;
}

import { CR_HINT } from '../decode.js';

const MONEY_HINT = 'money is a plain decimal like 1234.56: at most 2 decimals, no sign, currency symbol or thousands separator';

function fmtCents(c: number): string {
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}
