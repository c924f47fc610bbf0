// The fused fast path for a plain line: one pass over its bytes that finds each field's end and
// parses it at once, for the common, canonical form of every cell (plain digits, lower-case
// words, empty optional cells). Anything else (a space, a sign, a quote, an upper-case word, a
// value out of range, a row rule broken, a missing field) makes it give up on the line, which then
// takes the checked path (split + RowSink.record) and gets that path's exact values or errors.
// So this path can only be faster, never different: the reader property tests hold it to that.
import { MAX_LINE_BYTES, type InputColumnName } from '../../domain/input-schema.js';
import { FLAG_CLAIMS, FLAG_MLTSS, FLAG_VOLUNTARY, MAX_PY, MAX_RISK_SCALE, MIN_PY } from '../../domain/population.js';
import { finishHash, SEED1, SEED2, type KeyHash } from './dupset.js';
import { COLUMNS, type HeaderInfo, type RowSink } from './rowsink.js';

const COMMA = 44;
const NL = 10;
const CR = 13;
const DOT = 46;

const enum Role {
  Ignored, Id, Year, Expenditure, Months, Risk, Entitlement, Dual, Claims, Voluntary, Mltss, OptedOut,
  PrimaryCare, Participant, Medicaid, Rate, Heba,
}

/** The role of each schema column (the compiler asks for a new column's role here). */
const ROLE_OF: Readonly<Record<InputColumnName, Role>> = {
  beneficiary_id: Role.Id, performance_year: Role.Year, expenditure: Role.Expenditure, aligned_months: Role.Months,
  risk_score: Role.Risk, entitlement: Role.Entitlement, dual_status: Role.Dual, claims_aligned: Role.Claims,
  voluntary_aligned: Role.Voluntary, mltss_enrolled: Role.Mltss, opted_out: Role.OptedOut,
  primary_care_spend: Role.PrimaryCare, participant_spend: Role.Participant, medicaid_spend: Role.Medicaid,
  benchmark_pbpm: Role.Rate, heba: Role.Heba,
};

const GIVE_UP = -2;
const EMPTY = -1;

const bytes = (w: string): Uint8Array => Uint8Array.from(w, (ch) => ch.charCodeAt(0));
const W_AGED = bytes('aged_disabled');
const W_ESRD = bytes('esrd');
const W_NONE = bytes('none');
const W_FULL = bytes('full');
const W_PARTIAL = bytes('partial');
const W_UP = bytes('up');
const W_DOWN = bytes('down');

/** A parser's out-values: one object per FastRow (no module state). */
interface Cursor {
  /** Where the last parse stopped (the delimiter's index). */
  p: number;
  /** Scale of the last risk score. */
  k: number;
}

/** Money: digits, then optionally '.' and 1-2 digits; cents, EMPTY, or GIVE_UP. */
function money(q: Cursor, b: Uint8Array, i: number): number {
  let c = b[i]!;
  if (c === COMMA || c === NL || c === CR) {
    q.p = i;
    return EMPTY;
  }
  let v = 0;
  let nd = 0;
  while (c >= 48 && c <= 57) {
    v = v * 10 + (c - 48);
    nd++;
    c = b[++i]!;
  }
  if (nd === 0 || nd > 11) return GIVE_UP;
  v *= 100;
  if (c === DOT) {
    c = b[++i]!;
    if (c < 48 || c > 57) return GIVE_UP;
    v += (c - 48) * 10;
    c = b[++i]!;
    if (c >= 48 && c <= 57) {
      v += c - 48;
      c = b[++i]!;
    }
  }
  q.p = i;
  return c === COMMA || c === NL || c === CR ? v : GIVE_UP;
}

/** A whole number of at most 9 digits, EMPTY, or GIVE_UP. */
function whole(q: Cursor, b: Uint8Array, i: number): number {
  let c = b[i]!;
  if (c === COMMA || c === NL || c === CR) {
    q.p = i;
    return EMPTY;
  }
  let v = 0;
  let nd = 0;
  while (c >= 48 && c <= 57) {
    v = v * 10 + (c - 48);
    nd++;
    c = b[++i]!;
  }
  q.p = i;
  return nd > 0 && nd <= 9 && (c === COMMA || c === NL || c === CR) ? v : GIVE_UP;
}

/** A positive decimal's mantissa (scale in K), EMPTY, or GIVE_UP. */
function scaled(q: Cursor, b: Uint8Array, i: number): number {
  let c = b[i]!;
  if (c === COMMA || c === NL || c === CR) {
    q.p = i;
    return EMPTY;
  }
  let m = 0;
  let nd = 0;
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    nd++;
    c = b[++i]!;
  }
  if (nd === 0) return GIVE_UP;
  let fd = 0;
  if (c === DOT) {
    c = b[++i]!;
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      fd++;
      c = b[++i]!;
    }
    if (fd === 0) return GIVE_UP;
  }
  q.p = i;
  if (!(c === COMMA || c === NL || c === CR) || fd > MAX_RISK_SCALE || nd + fd > 15 || m === 0) return GIVE_UP;
  q.k = fd;
  return m;
}

/** The field's end: the next comma, newline or `end`; GIVE_UP at a quote. */
function skip(q: Cursor, b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c === COMMA || c === NL) break;
    if (c === 34) return GIVE_UP;
    i++;
  }
  q.p = i;
  return 0;
}

/** Compare b[i, i + word.length) with a lower-case word, followed by a delimiter. */
function word(q: Cursor, b: Uint8Array, i: number, w: Uint8Array): boolean {
  const n = w.length;
  for (let k = 0; k < n; k++) if (b[i + k] !== w[k]) return false;
  const c = b[i + n]!;
  if (c === COMMA || c === NL || c === CR) {
    q.p = i + n;
    return true;
  }
  return false;
}

const isDelim = (c: number): boolean => c === COMMA || c === NL || c === CR;

/** true/false/1/0 (canonical forms): 1, 0, EMPTY, or GIVE_UP. */
function flag(q: Cursor, b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (isDelim(c)) {
    q.p = i;
    return EMPTY;
  }
  if (c === 116) {
    // "true"
    if (b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101 && isDelim(b[i + 4]!)) {
      q.p = i + 4;
      return 1;
    }
    return GIVE_UP;
  }
  if (c === 102) {
    // "false"
    if (b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101 && isDelim(b[i + 5]!)) {
      q.p = i + 5;
      return 0;
    }
    return GIVE_UP;
  }
  if ((c === 49 || c === 48) && isDelim(b[i + 1]!)) {
    q.p = i + 1;
    return c - 48;
  }
  return GIVE_UP;
}

export class FastRow {
  private readonly roles: Uint8Array;
  private readonly q: Cursor = { p: 0, k: 0 };
  private readonly key: KeyHash = { h1: 0, h2: 0 };
  /** Lines taken whole by this path. */
  rows = 0;

  constructor(header: HeaderInfo, private readonly sink: RowSink) {
    this.roles = new Uint8Array(header.width);
    COLUMNS.forEach((c, k) => {
      const f = header.index[k]!;
      if (f >= 0) this.roles[f] = ROLE_OF[c];
    });
  }

  /**
   * Parse and fold the line at s, which must end with a newline before `end` (the parsers stop
   * at it without bounds checks). Returns the index of its newline, or GIVE_UP: then nothing was
   * recorded and the line takes the checked path.
   */
  line(b: Uint8Array, s: number, end: number, lineNo: number, offset: number): number {
    const roles = this.roles;
    const q = this.q;
    const last = roles.length - 1;
    let i = s;
    let h1 = SEED1;
    let h2 = SEED2;
    let py = -1;
    let exp = -1;
    let months = 12;
    let riskM = 1;
    let riskK = 0;
    let ent = 0;
    let dual = 0;
    let claims = 1;
    let vol = 0;
    let mltss = 0;
    let opted = 0;
    let pcs = -1;
    let ps = -1;
    let mcd = -1;
    let rate = -1;
    let heba = 0;
    for (let f = 0; f <= last; f++) {
      let v = 0;
      switch (roles[f]) {
        case Role.Id: {
          // the key's hash lanes (as dupset.hashKey) in the same pass that finds the field's end
          let j = i;
          let c = b[j]!;
          // a space, a tab or a non-ASCII character at an end may be trimmed: the checked path decides
          if (c === 32 || c === 9 || c >= 0x80) return GIVE_UP;
          while (c !== COMMA && c !== NL) {
            if (c === 34) return GIVE_UP;
            h1 = Math.imul(h1 ^ c, 0x01000193);
            h2 = Math.imul(h2 ^ c, 0x5bd1e995);
            c = b[++j]!;
          }
          const c1 = b[j - 1]!;
          if (j === i || c1 === 32 || c1 === 9 || c1 === CR || c1 >= 0x80) return GIVE_UP;
          q.p = j;
          break;
        }
        case Role.Year:
          v = whole(q, b, i);
          if (v < MIN_PY || v > MAX_PY) return GIVE_UP;
          py = v;
          break;
        case Role.Expenditure:
          v = money(q, b, i);
          if (v < 0) return GIVE_UP;
          exp = v;
          break;
        case Role.Months:
          v = whole(q, b, i);
          if (v === GIVE_UP || v === 0 || v > 12) return GIVE_UP;
          if (v > 0) months = v;
          break;
        case Role.Risk:
          v = scaled(q, b, i);
          if (v === GIVE_UP) return GIVE_UP;
          if (v > 0) {
            riskM = v;
            riskK = q.k;
          }
          break;
        case Role.Entitlement:
          if (word(q, b, i, W_AGED)) ent = 0;
          else if (word(q, b, i, W_ESRD)) ent = 1;
          else if (flag(q, b, i) !== EMPTY) return GIVE_UP;
          break;
        case Role.Dual:
          if (word(q, b, i, W_NONE)) dual = 0;
          else if (word(q, b, i, W_FULL)) dual = 2;
          else if (word(q, b, i, W_PARTIAL)) dual = 1;
          else if (flag(q, b, i) !== EMPTY) return GIVE_UP;
          break;
        case Role.Claims:
          v = flag(q, b, i);
          if (v === GIVE_UP) return GIVE_UP;
          if (v >= 0) claims = v;
          break;
        case Role.Voluntary:
          v = flag(q, b, i);
          if (v === GIVE_UP) return GIVE_UP;
          if (v >= 0) vol = v;
          break;
        case Role.Mltss:
          v = flag(q, b, i);
          if (v === GIVE_UP) return GIVE_UP;
          if (v >= 0) mltss = v;
          break;
        case Role.OptedOut:
          v = flag(q, b, i);
          if (v === GIVE_UP) return GIVE_UP;
          if (v >= 0) opted = v;
          break;
        case Role.PrimaryCare:
          pcs = money(q, b, i);
          if (pcs === GIVE_UP) return GIVE_UP;
          break;
        case Role.Participant:
          ps = money(q, b, i);
          if (ps === GIVE_UP) return GIVE_UP;
          break;
        case Role.Medicaid:
          mcd = money(q, b, i);
          if (mcd === GIVE_UP) return GIVE_UP;
          break;
        case Role.Rate:
          rate = money(q, b, i);
          if (rate === GIVE_UP || rate === 0) return GIVE_UP;
          break;
        case Role.Heba:
          if (word(q, b, i, W_DOWN)) heba = -1;
          else if (word(q, b, i, W_UP)) heba = 1;
          else if (word(q, b, i, W_NONE)) heba = 0;
          else if (flag(q, b, i) !== EMPTY) return GIVE_UP;
          break;
        default:
          if (skip(q, b, i, end) < 0) return GIVE_UP;
      }
      // P is the delimiter: a comma between fields, the line's newline after the last.
      const p = q.p;
      const c = b[p]!;
      if (f < last) {
        if (c !== COMMA) return GIVE_UP;
        i = p + 1;
      } else if (c === NL) i = p;
      else if (c === CR && b[p + 1] === NL) i = p + 1;
      else return GIVE_UP;
    }
    if (exp < 0 || py < 0 || i - s > MAX_LINE_BYTES) return GIVE_UP;
    if (pcs > exp || ps > exp || (ps >= 0 && pcs > ps)) return GIVE_UP;
    const sink = this.sink;
    const key = this.key;
    finishHash(py, h1, h2, key);
    if (!sink.addKey(key.h1, key.h2, lineNo, offset)) {
      // A repeated id on an otherwise valid row: past --max-errors it is only counted (1M repeats
      // cost 1M probes); before, the checked path reports it with its text.
      if (!sink.full) return GIVE_UP;
      sink.countDuplicate();
      this.rows++;
      return i;
    }
    sink.rowsRead++;
    this.rows++;
    const flags = (claims ? FLAG_CLAIMS : 0) | (vol ? FLAG_VOLUNTARY : 0) | (mltss && !opted ? FLAG_MLTSS : 0);
    sink.fold(py, ent, dual, flags, months, exp, pcs, ps, mcd, rate, riskM, riskK, heba);
    return i;
  }
}
