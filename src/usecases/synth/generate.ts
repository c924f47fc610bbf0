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
// writeCents, the byte form of the one money formatter (src/domain/exact.ts).
import { writeCents } from '../../domain/exact.js';

import { INPUT_COLUMN_NAMES } from '../../domain/input-schema.js';

export interface SynthOptions {
  beneficiaries: number;
  years: readonly number[];
  seed: number;
}

/** The header: every input column of the schema (METHODOLOGY section 2), in its order. */
export const SYNTH_COLUMNS: readonly string[] = Object.freeze([...INPUT_COLUMN_NAMES]);

// ---- shape parameters (shares are per beneficiary unless noted "per row") -----------------------

const P_FULL_DUAL = 0.13;
const P_PARTIAL_DUAL = 0.07;
/** ESRD entitlement: more common among duals; overall about 0.8 × 1.5% + 0.2 × 4% = 2%. */
const P_ESRD_NONDUAL = 0.015;
const P_ESRD_DUAL = 0.04;
/** Share of full duals enrolled in the MCO's MLTSS plan, and of those who opted out. */
const P_MLTSS_FULL = 0.6;
const P_OPTED_OUT_MLTSS = 0.08;
/** Alignment, by one uniform draw: neither 2%, voluntary only 4.5%, both 1%, claims only 92.5%
 *  (so claims_aligned ≈ 93.5%, voluntary_aligned ≈ 5.5%). */
const A_NEITHER = 0.02;
const A_VOLUNTARY_ONLY = A_NEITHER + 0.045;
const A_BOTH = A_VOLUNTARY_ONLY + 0.01;
/** HEBA (METHODOLOGY 4.2), a stable trait of the beneficiary, more often up for duals: up for 30% of
 *  duals and 5% of the rest, down for 20% of duals and 57.5% of the rest, so with 20% duals about
 *  0.2 × 0.3 + 0.8 × 0.05 = 10% up and 0.2 × 0.2 + 0.8 × 0.575 = 50% down (as in the PUF), 40% none. */
const P_HEBA_UP_DUAL = 0.3;
const P_HEBA_UP_NONDUAL = 0.05;
const P_HEBA_DOWN_DUAL = 0.2;
const P_HEBA_DOWN_NONDUAL = 0.575;
/** Per row: chance that the year's alignment draw is fresh instead of the beneficiary's usual one. */
const P_ALIGNMENT_CHURN = 0.1;
/** Per row: partial-year membership (aligned_months below the PY's full length). */
const P_PARTIAL_YEAR = 0.1;
/** Risk: lognormal around 1, with duals sicker; clamped to [0.3, 5]; mean over the mix ≈ 1.02. */
const RISK_MULT_FULL = 1.5;
const RISK_MULT_PARTIAL = 1.2;
const RISK_MULT_NONE = 0.93;
const RISK_SIGMA = 0.45;
const RISK_DRIFT_SIGMA = 0.12;
const RISK_MIN = 3000; // 0.3000, in 1/10000
const RISK_MAX = 50000; // 5.0000
/** Per row cost noise: 2% no claims at all, 0.5% catastrophic (× 5–20), otherwise lognormal.
 *  The base mean is set so that the overall mean of the noise is NOISE_MEAN. */
const NOISE_MEAN = 0.97;
const P_ZERO_COST = 0.02;
const P_CATASTROPHIC = 0.005;
const CAT_MIN = 5;
const CAT_MAX = 20;
const NOISE_SIGMA = 1.1;
const NOISE_BASE_MEAN =
  NOISE_MEAN / ((1 - P_ZERO_COST) * (1 - P_CATASTROPHIC + (P_CATASTROPHIC * (CAT_MIN + CAT_MAX)) / 2));
/** Largest expenditure written: $3,000,000.00. */
const MAX_EXPENDITURE_CENTS = 300_000_000;
/** Benchmark rates (cents PBPM) in the first requested year, trend per year, county factor range. */
const AD_PBPM_CENTS = 100_000;
const ESRD_PBPM_CENTS = 780_000;
const BENCHMARK_TREND = 1.04;
const COUNTY_MIN = 0.85;
const COUNTY_MAX = 1.2;
/** Shares of expenditure. */
const PC_SHARE_MIN = 0.04;
const PC_SHARE_MAX = 0.08;
const PART_SHARE_MIN = 0.3;
const PART_SHARE_MAX = 0.6;
const PART_SHARE_JITTER = 0.03;
/** Medicaid spend per member month (dollars) by dual status, trend per year, yearly jitter ±8%. */
const MCD_FULL_MIN = 2000;
const MCD_FULL_MAX = 4000;
const MCD_PARTIAL_MIN = 100;
const MCD_PARTIAL_MAX = 300;
const MEDICAID_TREND = 1.03;
const MEDICAID_JITTER = 0.08;
/** PY2021 ran April to December (METHODOLOGY section 1), so its rows have at most 9 months. */
const SHORT_PY = 2021;
const SHORT_PY_MONTHS = 9;
/** A chunk is yielded once it reaches 1 MiB (about 10,500 rows of ~100 bytes). */
const CHUNK_BYTES = 1 << 20;
/** Largest span of years, so the compounded trends stay far from overflow. */
const MAX_YEAR_SPAN = 100;
export const MAX_BENEFICIARIES = 999_999_999;

// ---- deterministic arithmetic -------------------------------------------------------------------

const LN2_HI = 0.6931471803691238; // high bits of ln 2 (exact in 32 bits of mantissa)
const LN2_LO = 1.9082149292705877e-10; // ln 2 - LN2_HI
const LN2 = 0.6931471805599453;
const INV_LN2 = 1.4426950408889634;
const SQRT2 = 1.4142135623730951;

/** Natural log of x > 0 from +, -, *, / only (accurate to a few ulps). */
function dlog(x: number): number {
  let e = 0;
  while (x >= 65536) { x /= 65536; e += 16; }
  while (x < 1 / 65536) { x *= 65536; e -= 16; }
  while (x >= 2) { x /= 2; e += 1; }
  while (x < 1) { x *= 2; e -= 1; }
  if (x > SQRT2) { x /= 2; e += 1; }
  // x in (0.707, 1.415]: ln x = 2 atanh(s), s = (x-1)/(x+1), |s| <= 0.1716
  const s = (x - 1) / (x + 1);
  const z = s * s;
  const p =
    1 + z * (1 / 3 + z * (1 / 5 + z * (1 / 7 + z * (1 / 9 + z * (1 / 11 + z * (1 / 13 +
    z * (1 / 15 + z * (1 / 17 + z * (1 / 19 + z * (1 / 21 + z / 23))))))))));
  return e * LN2 + 2 * s * p;
}

/** POW2[k + 1024] = 2^k for |k| <= 1010, built by exact doublings and halvings. */
const POW2 = new Float64Array(2049);
POW2[1024] = 1;
for (let k = 1; k <= 1010; k++) {
  POW2[1024 + k] = POW2[1023 + k]! * 2;
  POW2[1024 - k] = POW2[1025 - k]! / 2;
}

/** e^x from +, -, *, / only, for |x| <= 700 (clamped). */
function dexp(x: number): number {
  if (x > 700) x = 700;
  else if (x < -700) x = -700;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO; // |r| <= 0.35
  const y =
    1 + r * (1 + (r / 2) * (1 + (r / 3) * (1 + (r / 4) * (1 + (r / 5) * (1 + (r / 6) * (1 +
    (r / 7) * (1 + (r / 8) * (1 + (r / 9) * (1 + (r / 10) * (1 + (r / 11) * (1 + (r / 12) *
    (1 + r / 13))))))))))));
  return y * POW2[k + 1024]!;
}

/** murmur3's 32-bit finalizer: a bijective avalanche mix of a 32-bit integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// mulberry32 state, and the pair of normals from polar(), kept in typed arrays so that V8 stores raw
// numbers instead of allocating a heap number per update. The state is reset from a hash at the start
// of every row and used only by the synchronous row writer (which never yields), so interleaved
// generators cannot disturb each other.
const st = new Int32Array(1);
const zz = new Float64Array(2);

/** mulberry32: a uniform double in [0, 1). */
function rnd(): number {
  const s = (st[0]! + 0x6d2b79f5) | 0;
  st[0] = s;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) * 2.3283064365386963e-10; // exactly 2^-32
}

/** Two independent standard normals (Marsaglia's polar method), left in zz[0] and zz[1]. */
function polar(): void {
  for (;;) {
    const u = 2 * rnd() - 1;
    const v = 2 * rnd() - 1;
    const q = u * u + v * v;
    if (q > 0 && q < 1) {
      const f = Math.sqrt((-2 * dlog(q)) / q);
      zz[0] = u * f;
      zz[1] = v * f;
      return;
    }
  }
}

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

interface Plan {
  readonly seedLo: number;
  readonly seedHi: number;
  readonly idWidth: number;
  readonly firstYear: number;
}

/** The per-year, per-generator text of a row's start: "B0000042," and "2023,". */
interface RowStart {
  /** 'B', the beneficiary number zero-padded, ','; advanced with nextId before each row. */
  readonly id: Uint8Array;
  readonly year: Uint8Array;
}

/** The hash that seeds beneficiary i's stable traits. */
function beneficiarySeed(p: Plan, i: number): number {
  return (
    fmix32(fmix32(p.seedLo ^ 0x9e3779b9) ^ fmix32((p.seedHi + 0x7f4a7c15) >>> 0) ^ Math.imul(i, 0x9e3779b1)) ^
    fmix32(i ^ 0x632be5ab)
  );
}

/** Writes one CSV line (with LF) for beneficiary i (1-based) in year `year`. */
function writeRow(p: Plan, i: number, year: number, bTrend: number, mTrend: number, start: RowStart): void {
  // Stable traits of the beneficiary: the same draws every year, in a fixed order.
  const bseed = beneficiarySeed(p, i);
  st[0] = bseed;
  const uDual = rnd();
  const uEsrd = rnd();
  const uMltss = rnd();
  const uOpt = rnd();
  const county = COUNTY_MIN + (COUNTY_MAX - COUNTY_MIN) * rnd();
  const uAlignBase = rnd();
  const partBase =
    PART_SHARE_MIN + PART_SHARE_JITTER + (PART_SHARE_MAX - PART_SHARE_MIN - 2 * PART_SHARE_JITTER) * rnd();
  const uMcd = rnd();
  polar();
  const riskZ = zz[0]!;

  const dual = uDual < P_FULL_DUAL ? 2 : uDual < P_FULL_DUAL + P_PARTIAL_DUAL ? 1 : 0;
  const esrd = uEsrd < (dual === 0 ? P_ESRD_NONDUAL : P_ESRD_DUAL);
  const mltss = dual === 2 && uMltss < P_MLTSS_FULL;
  const optedOut = mltss && uOpt < P_OPTED_OUT_MLTSS;
  const riskMult = dual === 2 ? RISK_MULT_FULL : dual === 1 ? RISK_MULT_PARTIAL : RISK_MULT_NONE;

  // This year's variation.
  st[0] = fmix32(bseed ^ Math.imul(year, 0x85ebca6b) ^ 0x27d4eb2f);
  const uChurn = rnd();
  const uAlignFresh = rnd();
  const uPartial = rnd();
  const uMonths = rnd();
  const uZero = rnd();
  const uCat = rnd();
  const uCatMult = rnd();
  const uPc = rnd();
  const uPartJitter = rnd();
  const uMcdJitter = rnd();
  polar();
  const driftZ = zz[0]!;
  const noiseZ = zz[1]!;

  const uAlign = uChurn < P_ALIGNMENT_CHURN ? uAlignFresh : uAlignBase;
  const claims = uAlign >= A_VOLUNTARY_ONLY;
  const voluntary = uAlign >= A_NEITHER && uAlign < A_BOTH;

  const fullMonths = year === SHORT_PY ? SHORT_PY_MONTHS : 12;
  const months = uPartial < P_PARTIAL_YEAR ? 1 + Math.floor(uMonths * (fullMonths - 1)) : fullMonths;

  let riskInt = Math.round(
    riskMult *
      dexp(
        RISK_SIGMA * riskZ - (RISK_SIGMA * RISK_SIGMA) / 2 +
          RISK_DRIFT_SIGMA * driftZ - (RISK_DRIFT_SIGMA * RISK_DRIFT_SIGMA) / 2,
      ) *
      10000,
  );
  if (riskInt < RISK_MIN) riskInt = RISK_MIN;
  else if (riskInt > RISK_MAX) riskInt = RISK_MAX;

  const pbpm = Math.round((esrd ? ESRD_PBPM_CENTS : AD_PBPM_CENTS) * bTrend * county);

  let noise = 0;
  if (uZero >= P_ZERO_COST) {
    noise = NOISE_BASE_MEAN * dexp(NOISE_SIGMA * noiseZ - (NOISE_SIGMA * NOISE_SIGMA) / 2);
    if (uCat < P_CATASTROPHIC) noise *= CAT_MIN + (CAT_MAX - CAT_MIN) * uCatMult;
  }
  let exp = Math.round((pbpm * riskInt * months * noise) / 10000);
  if (exp > MAX_EXPENDITURE_CENTS) exp = MAX_EXPENDITURE_CENTS;

  const pc = Math.round(exp * (PC_SHARE_MIN + (PC_SHARE_MAX - PC_SHARE_MIN) * uPc));
  let part = Math.round(exp * (partBase + PART_SHARE_JITTER * (2 * uPartJitter - 1)));
  if (part < pc) part = pc;
  if (part > exp) part = exp;

  putBytes(start.id);
  putBytes(start.year);
  putMoney(exp);
  buf[pos++] = COMMA;
  putUint(months);
  buf[pos++] = COMMA;
  putRisk4(riskInt);
  putBytes(
    SEGMENTS[
      ((((((esrd ? 3 : 0) + dual) * 2 + (claims ? 1 : 0)) * 2 + (voluntary ? 1 : 0)) * 2 + (mltss ? 1 : 0)) * 2 +
        (optedOut ? 1 : 0))
    ]!,
  );
  putMoney(pc);
  buf[pos++] = COMMA;
  putMoney(part);
  buf[pos++] = COMMA;
  if (dual !== 0) {
    const perMonth =
      dual === 2
        ? MCD_FULL_MIN + (MCD_FULL_MAX - MCD_FULL_MIN) * uMcd
        : MCD_PARTIAL_MIN + (MCD_PARTIAL_MAX - MCD_PARTIAL_MIN) * uMcd;
    putMoney(Math.round(perMonth * 100 * mTrend * (1 + MEDICAID_JITTER * (2 * uMcdJitter - 1)) * months));
  }
  buf[pos++] = COMMA;
  putMoney(pbpm);
  // HEBA from a stream of its own, so the draws above (and every other column) are as before.
  st[0] = fmix32(bseed ^ 0x5eba5eba);
  const uHeba = rnd();
  const pUp = dual === 0 ? P_HEBA_UP_NONDUAL : P_HEBA_UP_DUAL;
  const pDown = dual === 0 ? P_HEBA_DOWN_NONDUAL : P_HEBA_DOWN_DUAL;
  putBytes(uHeba < pUp ? HEBA_UP : uHeba < pUp + pDown ? HEBA_DOWN : HEBA_NONE);
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
    // Trends compounded by repeated multiplication: a fixed sequence of IEEE operations.
    let bTrend = 1;
    let mTrend = 1;
    for (let j = p.firstYear; j < year; j++) {
      bTrend *= BENCHMARK_TREND;
      mTrend *= MEDICAID_TREND;
    }
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
  return chunks(plan, n, sorted);
}
