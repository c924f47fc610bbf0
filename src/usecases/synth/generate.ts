// Deterministic synthetic population: one CSV row per beneficiary per performance year, in the
// input format of METHODOLOGY section 2. Pure: no fs, no streams, no clock, no Math.random.
//
// Determinism. Every row is drawn from a counter-based seed: the beneficiary's stable traits from
// hash(seed, beneficiary), the year's variation from hash(seed, beneficiary, year). So a row does not
// depend on the rows before it, beneficiary B0000042 is the same person whatever N is, and the bytes
// depend only on the options. The only arithmetic is IEEE-754 double +, -, *, / (exact-rounded, never
// fused in JS), Math.sqrt (IEEE 754 requires it correctly rounded, and engines use the hardware
// instruction), Math.imul, Math.round and Math.floor; log and exp are computed here from those, since
// Math.log/Math.exp are implementation-approximated in ECMAScript and could differ by engine.
//
// Money. Every amount is an integer number of cents (a float product rounded once with Math.round)
// and is printed from that integer by integer division and remainder, never via toFixed: by
// writeCents, the byte form of the one money formatter (src/domain/exact.ts). The draws live in
// draw.ts (shared with the CCLF writer, cclf.ts); this file writes them as CSV bytes.
import { writeCents } from '../../domain/exact.js';
import { drawRow, newRowDraw, trends, type Plan, type RowDraw } from './draw.js';

import { INPUT_COLUMN_NAMES } from '../../domain/input-schema.js';

export interface SynthOptions {
  beneficiaries: number;
  years: readonly number[];
  seed: number;
}

/** The header: every input column of the schema (METHODOLOGY section 2), in its order. */
export const SYNTH_COLUMNS: readonly string[] = Object.freeze([...INPUT_COLUMN_NAMES]);

// ---- limits -----------------------------------------------------------------------------------

/** A chunk is yielded once it reaches 1 MiB (about 10,500 rows of ~100 bytes). */
const CHUNK_BYTES = 1 << 20;
/** Largest span of years, so the compounded trends stay far from overflow. */
const MAX_YEAR_SPAN = 100;
export const MAX_BENEFICIARIES = 999_999_999;

// ---- byte output --------------------------------------------------------------------------------
// Rows are written as ASCII bytes into one reusable buffer and decoded to a string once per chunk:
// building ~1 MiB strings by concatenation leaves hundreds of thousands of rope nodes for the
// garbage collector, which cost more than generating the data. The buffer is empty (pos = 0)
// whenever control leaves this module (at every yield), so generators may be interleaved.

const MAX_ROW_BYTES = 256; // a row is at most ~130 bytes
const buf = new Uint8Array(CHUNK_BYTES + MAX_ROW_BYTES);
let pos = 0;
const decoder = new TextDecoder();

function ascii(s: string): Uint8Array {
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

/** The text between risk_score and primary_care_spend, by
 *  ((((esrd × 3 + dual) × 2 + claims) × 2 + voluntary) × 2 + mltss) × 2 + opted_out. */
const SEGMENTS: Uint8Array[] = [];
for (const ent of ['aged_disabled', 'esrd']) {
  for (const dual of ['none', 'partial', 'full']) {
    for (let flags = 0; flags < 16; flags++) {
      const b = (bit: number): string => ((flags >> bit) & 1 ? 'true' : 'false');
      SEGMENTS.push(ascii(`,${ent},${dual},${b(3)},${b(2)},${b(1)},${b(0)},`));
    }
  }
}

/** D2[2k], D2[2k + 1]: the two ASCII digits of k, 0 <= k < 100. */
const D2 = new Uint8Array(200);
for (let k = 0; k < 100; k++) {
  D2[2 * k] = 48 + Math.floor(k / 10);
  D2[2 * k + 1] = 48 + (k % 10);
}

const COMMA = 44;
const DOT = 46;
const LF = 10;
const ZERO = 48;
const NINE = 57;

function putBytes(a: Uint8Array): void {
  for (let i = 0; i < a.length; i++) buf[pos++] = a[i]!;
}

/** A non-negative integer below 2^53, in decimal. */
function putUint(v: number): void {
  if (v > 0x7fffffff) {
    // Rare: write the high part, then the low 9 digits zero-padded, each in int32 arithmetic.
    const hi = Math.floor(v / 1e9);
    putUint(hi);
    let lo = v - hi * 1e9;
    let at = pos + 9;
    pos = at;
    for (let k = 0; k < 9; k++) {
      const q = (lo / 10) | 0;
      buf[--at] = ZERO + (lo - q * 10);
      lo = q;
    }
    return;
  }
  const d = v < 10 ? 1 : v < 100 ? 2 : v < 1e3 ? 3 : v < 1e4 ? 4 : v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7
    : v < 1e8 ? 8 : v < 1e9 ? 9 : 10;
  let at = pos + d;
  pos = at;
  while (v >= 100) {
    const q = (v / 100) | 0;
    const r = 2 * (v - q * 100);
    buf[--at] = D2[r + 1]!;
    buf[--at] = D2[r]!;
    v = q;
  }
  if (v >= 10) {
    buf[--at] = D2[2 * v + 1]!;
    buf[--at] = D2[2 * v]!;
  } else {
    buf[--at] = ZERO + v;
  }
}

/** Integer cents (0 <= c < 2^46) as "D.CC": the one money formatter's byte form (writeCents). */
function putMoney(c: number): void {
  pos = writeCents(buf, pos, c);
}

/** A risk score held in 1/10000 units (below 2^31) as "D.DDDD". */
function putRisk4(r: number): void {
  const whole = (r / 10000) | 0;
  putUint(whole);
  const frac = r - whole * 10000;
  const hi = (frac / 100) | 0;
  const lo = 2 * (frac - hi * 100);
  buf[pos] = DOT;
  buf[pos + 1] = D2[2 * hi]!;
  buf[pos + 2] = D2[2 * hi + 1]!;
  buf[pos + 3] = D2[lo]!;
  buf[pos + 4] = D2[lo + 1]!;
  pos += 5;
}

/** Advances an ASCII decimal counter held in id[1 .. id.length - 2] (between 'B' and ','). */
function nextId(id: Uint8Array): void {
  let k = id.length - 2;
  while (id[k] === NINE) id[k--] = ZERO;
  id[k]!++;
}

// ---- rows ---------------------------------------------------------------------------------------

/** The per-year, per-generator text of a row's start: "B0000042," and "2023,". */
interface RowStart {
  /** 'B', the beneficiary number zero-padded, ','; advanced with nextId before each row. */
  readonly id: Uint8Array;
  readonly year: Uint8Array;
}

const row: RowDraw = newRowDraw();

/** Writes one CSV line (with LF) for beneficiary i (1-based) in year `year`. */
function writeRow(p: Plan, i: number, year: number, bTrend: number, mTrend: number, start: RowStart): void {
  drawRow(p, i, year, bTrend, mTrend, row);
  putBytes(start.id);
  putBytes(start.year);
  putMoney(row.expenditure);
  buf[pos++] = COMMA;
  putUint(row.months);
  buf[pos++] = COMMA;
  putRisk4(row.riskInt);
  putBytes(
    SEGMENTS[
      ((((((row.esrd ? 3 : 0) + row.dual) * 2 + (row.claims ? 1 : 0)) * 2 + (row.voluntary ? 1 : 0)) * 2 +
        (row.mltss ? 1 : 0)) * 2 + (row.optedOut ? 1 : 0))
    ]!,
  );
  putMoney(row.primaryCare);
  buf[pos++] = COMMA;
  putMoney(row.participant);
  buf[pos++] = COMMA;
  if (row.medicaid >= 0) putMoney(row.medicaid);
  buf[pos++] = COMMA;
  putMoney(row.pbpm);
  putBytes(row.heba === 1 ? HEBA_UP : row.heba === 2 ? HEBA_DOWN : HEBA_NONE);
  buf[pos++] = LF;
}

const HEBA_UP = ascii(',up');
const HEBA_DOWN = ascii(',down');
const HEBA_NONE = ascii(',none');

/** The buffered bytes as a string; empties the buffer. */
function take(): string {
  const s = decoder.decode(buf.subarray(0, pos));
  pos = 0;
  return s;
}

function* chunks(p: Plan, n: number, years: readonly number[]): Generator<string> {
  let out = SYNTH_COLUMNS.join(',') + '\n';
  for (const year of years) {
    const { bTrend, mTrend } = trends(p, year);
    const start: RowStart = { id: ascii('B' + '0'.repeat(p.idWidth) + ','), year: ascii(year + ',') };
    for (let i = 1; i <= n; i++) {
      nextId(start.id);
      writeRow(p, i, year, bTrend, mTrend, start);
      if (pos >= CHUNK_BYTES) {
        out += take();
        yield out;
        out = '';
      }
    }
  }
  if (pos > 0) out += take();
  if (out !== '') yield out;
}

/**
 * Yields CSV text chunks (header first, LF line ends), each of whole lines, about 1 MiB, so a
 * caller can stream to a file or stdout with constant memory. Rows: every beneficiary (B0000001 …) in
 * every year, ordered by year (ascending) then beneficiary. Same options ⇒ byte-identical output.
 * The options are checked at the call (a RangeError), before any chunk is produced.
 */
export function synthCsv(opts: SynthOptions): Generator<string> {
  const plan = planOf(opts);
  return chunks(plan, opts.beneficiaries, [...opts.years].sort((a, b) => a - b));
}

/** The options checked (a RangeError) and turned into the draws' plan; shared with the CCLF writer. */
export function planOf(opts: SynthOptions): Plan {
  const { beneficiaries: n, years, seed } = opts;
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_BENEFICIARIES) {
    throw new RangeError(`beneficiaries must be an integer from 0 to ${MAX_BENEFICIARIES}, got ${n}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }
  const sorted = [...years].sort((a, b) => a - b);
  for (let j = 0; j < sorted.length; j++) {
    const y = sorted[j]!;
    if (!Number.isInteger(y) || y < 1 || y > 9999) {
      throw new RangeError(`years must be integers from 1 to 9999, got ${y}`);
    }
    if (j > 0 && sorted[j - 1] === y) throw new RangeError(`years must not repeat, got ${y} twice`);
  }
  const firstYear = sorted[0] ?? 0;
  if (sorted.length > 0 && sorted[sorted.length - 1]! - firstYear > MAX_YEAR_SPAN) {
    throw new RangeError(`years must span at most ${MAX_YEAR_SPAN} years`);
  }
  const plan: Plan = {
    seedLo: seed >>> 0,
    seedHi: Math.floor(seed / 4294967296) >>> 0,
    idWidth: Math.max(7, String(n).length),
    firstYear,
  };
  return plan;
}
