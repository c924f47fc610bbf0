// The draws behind one synthetic row (METHODOLOGY section 2 columns), shared by the CSV writer
// (generate.ts) and the CCLF writer (cclf.ts) so both describe the same beneficiary-year. Moved here
// unchanged from generate.ts: the same draws in the same order, so the bytes are as before.
// Determinism and the arithmetic used: see generate.ts.

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
export function fmix32(h: number): number {
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

// ---- one row ------------------------------------------------------------------------------------

export interface Plan {
  readonly seedLo: number;
  readonly seedHi: number;
  readonly idWidth: number;
  readonly firstYear: number;
}

/** One beneficiary-year, every column as a number (money in integer cents). */
export interface RowDraw {
  expenditure: number;
  months: number;
  riskInt: number;
  esrd: boolean;
  /** 0 none, 1 partial, 2 full. */
  dual: number;
  claims: boolean;
  voluntary: boolean;
  mltss: boolean;
  optedOut: boolean;
  primaryCare: number;
  participant: number;
  /** Medicaid cents, or -1 when blank (not dual). */
  medicaid: number;
  pbpm: number;
  /** 0 none, 1 up, 2 down. */
  heba: number;
}

export function newRowDraw(): RowDraw {
  return {
    expenditure: 0, months: 0, riskInt: 0, esrd: false, dual: 0, claims: false, voluntary: false, mltss: false,
    optedOut: false, primaryCare: 0, participant: 0, medicaid: -1, pbpm: 0, heba: 0,
  };
}

/** The hash that seeds beneficiary i's stable traits. */
export function beneficiarySeed(p: Plan, i: number): number {
  return (
    fmix32(fmix32(p.seedLo ^ 0x9e3779b9) ^ fmix32((p.seedHi + 0x7f4a7c15) >>> 0) ^ Math.imul(i, 0x9e3779b1)) ^
    fmix32(i ^ 0x632be5ab)
  );
}

/** The benchmark and Medicaid trends of `year` relative to the plan's first year: a fixed sequence of
 *  IEEE multiplications. */
export function trends(p: Plan, year: number): { bTrend: number; mTrend: number } {
  let bTrend = 1;
  let mTrend = 1;
  for (let j = p.firstYear; j < year; j++) {
    bTrend *= BENCHMARK_TREND;
    mTrend *= MEDICAID_TREND;
  }
  return { bTrend, mTrend };
}

/** Fills `out` with beneficiary i's (1-based) row in `year`. */
export function drawRow(p: Plan, i: number, year: number, bTrend: number, mTrend: number, out: RowDraw): void {
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

  out.expenditure = exp;
  out.months = months;
  out.riskInt = riskInt;
  out.esrd = esrd;
  out.dual = dual;
  out.claims = claims;
  out.voluntary = voluntary;
  out.mltss = mltss;
  out.optedOut = optedOut;
  out.primaryCare = pc;
  out.participant = part;
  if (dual !== 0) {
    const perMonth =
      dual === 2
        ? MCD_FULL_MIN + (MCD_FULL_MAX - MCD_FULL_MIN) * uMcd
        : MCD_PARTIAL_MIN + (MCD_PARTIAL_MAX - MCD_PARTIAL_MIN) * uMcd;
    out.medicaid = Math.round(perMonth * 100 * mTrend * (1 + MEDICAID_JITTER * (2 * uMcdJitter - 1)) * months);
  } else {
    out.medicaid = -1;
  }
  out.pbpm = pbpm;
  // HEBA from a stream of its own, so the draws above (and every other column) are as before.
  st[0] = fmix32(bseed ^ 0x5eba5eba);
  const uHeba = rnd();
  const pUp = dual === 0 ? P_HEBA_UP_NONDUAL : P_HEBA_UP_DUAL;
  const pDown = dual === 0 ? P_HEBA_DOWN_NONDUAL : P_HEBA_DOWN_DUAL;
  out.heba = uHeba < pUp ? 1 : uHeba < pUp + pDown ? 2 : 0;
}
