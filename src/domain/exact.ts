// Exact numbers for the settlement kernel: rationals of BigInts, and integer cents. The only place
// money is rounded (half-even to the cent, METHODOLOGY section 5).
// Rates arrive as decimal text (a scenario value, a rule-set string) and stay exact: 0.035 is 35/1000.
// dcsim has one number system: integer cents (bigint) and Ratio. Decimal text is parsed here (ratio)
// and printed here (formatCents, formatRatio, formatDecimal, formatPercent); no other library
// computes with money or rates (decimal.js is the tests' independent oracle only).

/** An exact rational n/d with d > 0 (not necessarily in lowest terms). */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

export const R0: Ratio = { n: 0n, d: 1n };
export const R1: Ratio = { n: 1n, d: 1n };

const POW10: bigint[] = [1n];
/** 10^k as a BigInt (cached). */
export function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[k]!;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const byText = new Map<string, Ratio>();

/** A decimal string (e.g. "0.035", "-1.5e-3") or an integer, exactly. Numbers must be safe integers. */
export function ratio(x: string | number | bigint): Ratio {
  if (typeof x === 'bigint') return { n: x, d: 1n };
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new RangeError(`ratio(): ${x} is not a safe integer; pass decimal text`);
    return { n: BigInt(x), d: 1n };
  }
  const text = x.trim();
  const hit = byText.get(text);
  if (hit) return hit;
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`ratio(): "${text}" is not a decimal number`);
  const frac = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) throw new RangeError(`ratio(): the exponent of "${text}" is out of range`);
  let n = BigInt(`${m[2] || '0'}${frac}`);
  if (m[1] === '-') n = -n;
  const scale = frac.length - exp;
  const r = scale >= 0 ? { n, d: pow10(scale) } : { n: n * pow10(-scale), d: 1n };
  if (byText.size < 100_000) byText.set(text, r);
  return r;
}

/** Integer cents as dollars: c / 100. */
export function ratioOfCents(c: bigint): Ratio {
  return { n: c, d: 100n };
}

export function add(a: Ratio, b: Ratio): Ratio {
  return a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}
export function sub(a: Ratio, b: Ratio): Ratio {
  return a.d === b.d ? { n: a.n - b.n, d: a.d } : { n: a.n * b.d - b.n * a.d, d: a.d * b.d };
}
export function mul(a: Ratio, b: Ratio): Ratio {
  return { n: a.n * b.n, d: a.d * b.d };
}
/** a / b; b must not be zero. */
export function div(a: Ratio, b: Ratio): Ratio {
  if (b.n === 0n) throw new RangeError('division by zero');
  return b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n };
}
export function abs(a: Ratio): Ratio {
  return a.n < 0n ? { n: -a.n, d: a.d } : a;
}
export function sign(a: Ratio): -1 | 0 | 1 {
  return a.n < 0n ? -1 : a.n > 0n ? 1 : 0;
}
export function isZero(a: Ratio): boolean {
  return a.n === 0n;
}
export function cmp(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
export function min(a: Ratio, b: Ratio): Ratio {
  return cmp(a, b) <= 0 ? a : b;
}
export function max(a: Ratio, b: Ratio): Ratio {
  return cmp(a, b) >= 0 ? a : b;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The same value in lowest terms (used where a long chain would grow the operands). */
export function reduce(a: Ratio): Ratio {
  const g = gcd(a.n, a.d);
  return g <= 1n ? a : { n: a.n / g, d: a.d / g };
}

/** n / d rounded half-even to an integer (d > 0). */
export function roundHalfEven(n: bigint, d: bigint): bigint {
  let q = n / d;
  let r = n % d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  const twice = 2n * r;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** Dollars to integer cents, rounded half-even: the one rounding of money (METHODOLOGY section 5). */
export function toCents(dollars: Ratio): bigint {
  return roundHalfEven(dollars.n * 100n, dollars.d);
}

/** Cents per unit (a PMPM: cents / member months), rounded half-even to the cent; 0 for no units. */
export function centsPer(c: bigint, units: number | bigint): bigint {
  const u = BigInt(units);
  return u === 0n ? 0n : roundHalfEven(u < 0n ? -c : c, u < 0n ? -u : u);
}

/** rate × cents, rounded half-even to the cent. */
export function rateTimesCents(rate: Ratio, c: bigint): bigint {
  return roundHalfEven(rate.n * c, rate.d);
}

/** Round half-even to `places` decimals. */
export function roundTo(a: Ratio, places: number): Ratio {
  const p = pow10(places);
  return { n: roundHalfEven(a.n * p, a.d), d: p };
}

/** Below this (2^46 cents) money is formatted in Number arithmetic, where it is exact. */
const SAFE_CENTS = 2 ** 46;

/**
 * THE money formatter: integer cents as the output contract writes money, "-1234.50": exactly two
 * decimals, no thousands separators, never "-0.00". Every renderer and `dcsim synth` use it (or
 * its byte form, writeCents).
 */
export function formatCents(c: bigint | number): string {
  if (typeof c === 'number' ? Math.abs(c) < SAFE_CENTS : c < 2n ** 46n && c > -(2n ** 46n)) {
    // the common case in Number arithmetic: exact below 2^46 (a / 100 cannot round across a whole)
    const v = Number(c);
    const a = v < 0 ? -v : v;
    const whole = Math.floor(a / 100);
    const frac = a - whole * 100;
    return `${v < 0 ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
  }
  const b = BigInt(c);
  const neg = b < 0n;
  const s = (neg ? -b : b).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/**
 * formatCents written as ASCII bytes into `buf` at `pos` (room for 24 bytes needed); returns the
 * position after it. For whole cents below 2^46 in magnitude (larger: write formatCents' text).
 */
export function writeCents(buf: Uint8Array, pos: number, c: number): number {
  let v = c;
  if (v < 0) {
    buf[pos++] = 45;
    v = -v;
  }
  let whole = Math.floor(v / 100);
  const frac = v - whole * 100;
  // digits of the whole part, written from the right once their count is known
  let n = 1;
  for (let t = whole; t >= 10; t = Math.floor(t / 10)) n++;
  let at = pos + n;
  const end = at;
  do {
    const q = Math.floor(whole / 10);
    buf[--at] = 48 + (whole - q * 10);
    whole = q;
  } while (whole > 0);
  buf[end] = 46;
  const tens = Math.floor(frac / 10);
  buf[end + 1] = 48 + tens;
  buf[end + 2] = 48 + (frac - tens * 10);
  return end + 3;
}

/** Whether writeCents takes `c` (|c| below 2^46). */
export function centsFitBytes(c: number): boolean {
  return c < SAFE_CENTS && c > -SAFE_CENTS;
}

/** Scaled integer n / 10^k as plain decimal text without trailing zeros ("0.05", "1", "0"). */
export function scaledText(n: bigint, k: number): string {
  const neg = n < 0n;
  let s = (neg ? -n : n).toString();
  if (k > 0) {
    s = s.padStart(k + 1, '0');
    const int = s.slice(0, s.length - k);
    const frac = s.slice(s.length - k).replace(/0+$/, '');
    s = frac ? `${int}.${frac}` : int;
  }
  return s === '0' ? '0' : neg ? `-${s}` : s;
}

/** The k with d | 10^k, if d has no prime factors but 2 and 5 (so the decimal is finite). */
function finiteScale(d: bigint): number | undefined {
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return d === 1n ? Math.max(twos, fives) : undefined;
}

/**
 * A rate as plain decimal text (no exponent, no trailing zeros): exact when it has at most
 * `places` decimals, else rounded half-even to `places` (default 10).
 */
export function formatRatio(r: Ratio, places = 10): string {
  if (r.d < 0n) r = { n: -r.n, d: -r.d };
  const k = finiteScale(r.d);
  if (k !== undefined && k <= places) return scaledText((r.n * pow10(k)) / r.d, k);
  return scaledText(roundHalfEven(r.n * pow10(places), r.d), places);
}

/**
 * A finite decimal exactly, as plain text without trailing zeros ("0.035", "250000", "0"): a scenario
 * value as it was given (parsed by ratio() from decimal text, so its denominator is a power of ten).
 */
export function formatDecimal(r: Ratio): string {
  if (r.d < 0n) r = { n: -r.n, d: -r.d };
  const k = finiteScale(r.d);
  if (k === undefined) throw new RangeError(`formatDecimal(): ${r.n}/${r.d} is not a finite decimal`);
  return scaledText((r.n * pow10(k)) / r.d, k);
}

/**
 * THE percentage formatter: a rate as a percentage with two decimals, rounded half-even
 * (0.034567 -> "3.46%"). With `wholeBare`, a whole percentage has no decimals (0.25 -> "25%",
 * corridor bands). A negative rate that rounds to zero prints "0.00%", or "-0.00%" with
 * `signedZero` (the sign of the exact value: the Medicaid PMPM change has always printed so).
 */
export function formatPercent(r: Ratio, opts: { readonly wholeBare?: boolean; readonly signedZero?: boolean } = {}): string {
  if (r.d < 0n) r = { n: -r.n, d: -r.d };
  if (opts.wholeBare && (r.n * 100n) % r.d === 0n) return `${scaledText((r.n * 100n) / r.d, 0)}%`;
  const hundredths = roundHalfEven(r.n * 10000n, r.d);
  return `${opts.signedZero && hundredths === 0n && r.n < 0n ? '-' : ''}${formatCents(hundredths)}%`;
}
