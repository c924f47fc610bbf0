// Validates one CSV record at a time, straight from bytes, and folds it into the group table.
// Both reading paths (the byte-level fast path and csv-parse) call this, so they agree by
// construction on values, defaults and error messages.
import type { Diagnostic } from '../domain/errors.js';
import {
  ExactSum, FLAG_CLAIMS, FLAG_MLTSS, FLAG_VOLUNTARY, GroupTable, MAX_PY, MAX_RISK_SCALE, MIN_PY,
  ENTITLEMENTS, DUAL_STATUSES,
} from '../domain/population.js';
import {
  FieldError, parseBool, parseCents, parseEnum, parseScaled, parseUint, lastScale, trimStart, trimEnd,
} from './fields.js';
import { DuplicateSet, H1, H2, HashList, hashKey, hashText } from './dupset.js';
import { RowTableBuilder } from './row-table.js';

/** The `heba` column's words, by parseEnum index; HEBA_CODE maps the index to the RowTable code. */
export const HEBA_WORDS = ['none', 'up', 'down'] as const;
export const HEBA_CODE = [0, 1, -1] as const;

/** Input columns of METHODOLOGY section 2, in its order. */
export const COLUMNS = [
  'beneficiary_id', 'performance_year', 'expenditure', 'aligned_months', 'risk_score', 'entitlement',
  'dual_status', 'claims_aligned', 'voluntary_aligned', 'mltss_enrolled', 'opted_out', 'primary_care_spend',
  'participant_spend', 'medicaid_spend', 'benchmark_pbpm', 'heba',
] as const;
export type Column = (typeof COLUMNS)[number];
export const REQUIRED: readonly Column[] = ['beneficiary_id', 'performance_year', 'expenditure'];

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
  /** Second pass: hashes (hashText) that repeated; rows with them are checked by their exact ids. */
  readonly confirmHashes?: ReadonlySet<string>;
  /** Record every key's hash in `hashes` instead of checking (a worker thread's range). */
  readonly collectHashes?: boolean;
  /** Keep each key's first line with its hash (for input that cannot be read a second time). */
  readonly trackLines?: boolean;
  /** Stop-loss attachment points in cents: each group sums max(0, expenditure - point). */
  readonly attachments?: readonly number[];
  /** Rows expected (sizes the duplicate-id table). */
  readonly expectedRows?: number;
  /** Keep every valid row in a RowTable (`rows`). */
  readonly keepRows?: boolean;
}

export function dupKey(py: number, id: string): string {
  return `${py}\t${id}`;
}

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
    errors.push({ file: source, line, column: 1, lineText: ctx.text().replace(/\r/g, '\u21b5'), message: 'the lines end with a carriage return alone (CR), not LF or CRLF', hint: 're-save the file with LF or CRLF line ends (e.g. tr "\\r" "\\n" < in.csv > out.csv)' });
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
  readonly dups: DuplicateSet;
  readonly hashes?: HashList;
  /** Lines whose (PY, id) hash matched an earlier row; confirmed after reading. */
  readonly suspects: { hash: string; line: number; firstLine: number; py: number; id: string; ctx: string; column: number }[] = [];
  /** With keepRows: every folded row, in order. */
  readonly rows?: RowTableBuilder;
  private readonly ix: Int32Array;
  private readonly firstSeen = new Map<string, number>();

  constructor(readonly header: HeaderInfo, readonly opts: SinkOptions) {
    this.ix = header.index;
    this.dups = new DuplicateSet(opts.trackLines === true, opts.collectHashes || opts.confirmHashes ? 0 : opts.expectedRows ?? 0);
    if (opts.collectHashes) this.hashes = new HashList(opts.expectedRows ?? 0);
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
  record(b: Uint8Array, st: Int32Array, en: Int32Array, n: number, line: number, ctx: RecordContext): boolean {
    this.rowsRead++;
    const ix = this.ix;
    if (n !== this.header.width) {
      const col = n > this.header.width ? ctx.column(this.header.width) : ctx.column(n - 1);
      this.error(line, col, `expected ${this.header.width} fields as in the header, found ${n}`, ctx, 'a comma inside a value needs the value in double quotes; a missing trailing field still needs its comma');
      return false;
    }
    const before = this.errors.length + this.moreErrors;

    // beneficiary_id: non-empty text
    const fid = ix[C.beneficiary_id]!;
    const idS = trimStart(b, st[fid]!, en[fid]!);
    const idE = trimEnd(b, idS, en[fid]!);
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
      const r = parseScaled(b, st[fr]!, en[fr]!, MAX_RISK_SCALE);
      if (r === FieldError.Empty) { riskM = 1; riskK = 0; }
      else if (r < 0) this.bad(r === FieldError.Negative ? FieldError.Zero : r, 'risk_score', fr, b, st, en, line, ctx, `a decimal greater than 0 with at most ${MAX_RISK_SCALE} decimal places (empty means 1)`);
      else { riskM = r; riskK = lastScale; }
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
      const v = parseEnum(b, st[fh]!, en[fh]!, HEBA_WORDS);
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

    const confirm = this.opts.confirmHashes;
    if (this.hashes) {
      hashKey(py, b, idS, idE);
      this.hashes.push(H1, H2);
    } else if (confirm) {
      hashKey(py, b, idS, idE);
      if (confirm.has(hashText(H1, H2))) {
        const id = utf8.decode(b.subarray(idS, idE));
        const key = dupKey(py, id);
        const first = this.firstSeen.get(key);
        if (first !== undefined) {
          this.error(line, ctx.column(fid), `beneficiary ${JSON.stringify(id)} appears twice in performance year ${py} (first at line ${first})`, ctx, 'a beneficiary has one row per performance year');
          return false;
        }
        this.firstSeen.set(key, line);
      }
    } else if (this.dups.addIfNew(py, b, idS, idE, line) === false) {
      this.suspects.push({ hash: hashText(H1, H2), line, firstLine: this.dups.firstLine, py, id: utf8.decode(b.subarray(idS, idE)), ctx: ctx.text(), column: ctx.column(fid) });
    }

    const flags = (claims ? FLAG_CLAIMS : 0) | (vol ? FLAG_VOLUNTARY : 0) | (mltss && !opted ? FLAG_MLTSS : 0);
    this.fold(py, ent, dual, flags, months, exp, pcs, ps, mcd, rate, riskM, riskK, heba);
    return true;
  }

  /**
   * A key hashed by FastRow: collected, or checked against the table (stdin). False when it is
   * already there: FastRow then leaves the line to record(), which reports the duplicate.
   */
  addKey(h1: number, h2: number, line: number): boolean {
    if (this.hashes) {
      this.hashes.push(h1, h2);
      return true;
    }
    return this.dups.addHash(h1, h2, line);
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

const MONEY_HINT = 'money is a plain decimal like 1234.56: at most 2 decimals, no sign, currency symbol or thousands separator';

function fmtCents(c: number): string {
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}
