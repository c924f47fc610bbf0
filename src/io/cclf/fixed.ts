// Byte-level readers of fixed-width CCLF fields: straight from the line's bytes into integers (dates
// as yyyymmdd, amounts as integer cents, ids as whole numbers), no string per field. A field past
// the end of a short line is blank (CCLF.md section 1: a short line is padded with blanks).

const SP = 32;
const DASH = 45;
const DOT = 46;

/** A date that is missing: blank, 1000-01-01 or 9999-12-31 (CCLF.md section 1, packet §3.6). */
export const NO_DATE = 0;
/** Not a date. */
export const BAD_DATE = -1;

export function trimS(b: Uint8Array, s: number, e: number): number {
  while (s < e && b[s] === SP) s++;
  return s;
}
export function trimE(b: Uint8Array, s: number, e: number): number {
  while (e > s && b[e - 1] === SP) e--;
  return e;
}

const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD → yyyymmdd; NO_DATE when missing; BAD_DATE when not a date. */
export function parseDate(b: Uint8Array, s0: number, e0: number): number {
  const s = trimS(b, s0, e0);
  const e = trimE(b, s, e0);
  if (s === e) return NO_DATE;
  if (e - s !== 10 || b[s + 4] !== DASH || b[s + 7] !== DASH) return BAD_DATE;
  let y = 0;
  for (let i = s; i < s + 4; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return BAD_DATE;
    y = y * 10 + d;
  }
  const m1 = b[s + 5]! - 48;
  const m2 = b[s + 6]! - 48;
  const d1 = b[s + 8]! - 48;
  const d2 = b[s + 9]! - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return BAD_DATE;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || d > DAYS[m]!) return BAD_DATE;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return BAD_DATE;
  const v = y * 10000 + m * 100 + d;
  return v === 10000101 || v === 99991231 ? NO_DATE : v;
}

/** Amounts are refused above this many cents (10^13 dollars): every sum of them stays exact. */
export const MAX_CENTS = 1e15;

/**
 * Money (CCLF.md section 1): blanks, then an optional `-`, digits, an optional `.` with 1–2
 * decimals; blank is 0. Integer cents, or NaN when it is not money (or above MAX_CENTS).
 */
export function parseAmount(b: Uint8Array, s0: number, e0: number): number {
  let s = trimS(b, s0, e0);
  const e = trimE(b, s, e0);
  if (s === e) return 0;
  let neg = false;
  if (b[s] === DASH) {
    neg = true;
    s++;
  }
  let v = 0;
  let i = s;
  while (i < e) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  if (i === s) return NaN;
  let frac = 0;
  if (i < e) {
    if (b[i] !== DOT) return NaN;
    const fd = e - i - 1;
    if (fd < 1 || fd > 2) return NaN;
    for (let k = i + 1; k < e; k++) {
      const d = b[k]! - 48;
      if (d < 0 || d > 9) return NaN;
      frac = frac * 10 + d;
    }
    if (fd === 1) frac *= 10;
  }
  if (v >= MAX_CENTS / 100) return NaN;
  const c = v * 100 + frac;
  return neg ? -c : c;
}

/** A whole number (leading and trailing blanks ignored): >= 0; -1 blank; -2 not digits; -3 too long. */
export function parseWhole(b: Uint8Array, s0: number, e0: number): number {
  const s = trimS(b, s0, e0);
  const e = trimE(b, s, e0);
  if (s === e) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -2;
    v = v * 10 + d;
  }
  return v > Number.MAX_SAFE_INTEGER ? -3 : v;
}

/**
 * A provider id (TIN, NPI) as a number: trimmed digits d of length n (at most 10) give
 * d + n * 10^10, so a leading zero counts (023456789 is not 23456789); blank gives 0; anything else
 * -1 (the caller looks it up by its text).
 */
export function idCode(b: Uint8Array, s0: number, e0: number): number {
  const s = trimS(b, s0, e0);
  const e = trimE(b, s, e0);
  if (s === e) return 0;
  if (e - s > 10) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v + (e - s) * 1e10;
}

/** A provider id's code from its text (the side files'), as idCode reads it from bytes. */
export function idCodeOf(text: string): number {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d{1,10}$/.test(t)) return -1;
  return Number(t) + t.length * 1e10;
}

/** An HCPCS code (trimmed, upper-cased, at most 5 of 0-9 A-Z) in base 37, or -1. */
export function hcpcsCode(b: Uint8Array, s0: number, e0: number): number {
  const s = trimS(b, s0, e0);
  const e = trimE(b, s, e0);
  if (e - s > 5) return -1;
  let v = 0;
  for (let i = s; i < s + 5; i++) {
    let c = i < e ? b[i]! : SP;
    if (c >= 97 && c <= 122) c -= 32;
    const d = c === SP ? 0 : c >= 48 && c <= 57 ? c - 47 : c >= 65 && c <= 90 ? c - 54 : -1;
    if (d < 0) return -1;
    v = v * 37 + d;
  }
  return v;
}

/** The HCPCS code of a text (the code list's). */
export function hcpcsCodeOf(text: string): number {
  const t = Buffer.from(text.trim().toUpperCase(), 'latin1');
  return hcpcsCode(t, 0, t.length);
}

/** yyyymmdd → month index year * 12 + month - 1. */
export const monthIndexOf = (ymd: number): number => Math.floor(ymd / 10000) * 12 + (Math.floor(ymd / 100) % 100) - 1;
