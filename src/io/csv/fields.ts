// Byte-level field parsers: read a cell straight from the input bytes into an integer, with no
// string or Decimal per cell. Each returns a value >= 0, or a negative error code (see FieldError).
// Leading and trailing spaces/tabs are ignored.

export const enum FieldError {
  Empty = -1,
  Invalid = -2,
  Negative = -3,
  TooManyDecimals = -4,
  Thousands = -5,
  TooLarge = -6,
  OutOfRange = -7,
  NotInteger = -8,
  Zero = -9,
}

const SP = 32;
const TAB = 9;
const DOT = 46;
const MINUS = 45;
const COMMA = 44;

export function trimStart(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === SP || b[s] === TAB)) s++;
  return s;
}
export function trimEnd(b: Uint8Array, s: number, e: number): number {
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB)) e--;
  return e;
}

/** Money with at most 2 decimals, >= 0, into integer cents; at most 11 integer digits. */
export function parseCents(b: Uint8Array, s0: number, e0: number): number {
  const s = trimStart(b, s0, e0);
  const e = trimEnd(b, s, e0);
  if (s === e) return FieldError.Empty;
  let i = s;
  if (b[i] === MINUS) return looksNumeric(b, i + 1, e) ? FieldError.Negative : FieldError.Invalid;
  let int = 0;
  let nd = 0;
  while (i < e) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    int = int * 10 + d;
    nd++;
    i++;
  }
  // ".5" is 0.50; a lone "." or no digits at all is not a number
  if (nd === 0 && !(i + 1 < e && b[i] === DOT)) return FieldError.Invalid;
  if (i < e && b[i] === COMMA) return FieldError.Thousands;
  let frac = 0;
  let fd = 0;
  if (i < e && b[i] === DOT) {
    i++;
    while (i < e) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      if (fd < 2) frac = frac * 10 + d;
      fd++;
      i++;
    }
    if (fd === 0) return FieldError.Invalid;
  }
  if (i !== e) return b[i] === COMMA ? FieldError.Thousands : FieldError.Invalid;
  if (fd > 2) return FieldError.TooManyDecimals;
  if (nd > 11 && significant(b, s, nd) > 11) return FieldError.TooLarge;
  return int * 100 + (fd === 1 ? frac * 10 : frac);
}

/** Digits of the n digits at s that follow the leading zeros (000012 has 2). */
function significant(b: Uint8Array, s: number, n: number): number {
  let z = 0;
  while (z < n && b[s + z] === 48) z++;
  return n - z;
}

function looksNumeric(b: Uint8Array, s: number, e: number): boolean {
  if (s >= e) return false;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || c === DOT || c === COMMA)) return false;
  }
  return true;
}

/** A non-negative integer of at most 9 digits. */
export function parseUint(b: Uint8Array, s0: number, e0: number): number {
  const s = trimStart(b, s0, e0);
  const e = trimEnd(b, s, e0);
  if (s === e) return FieldError.Empty;
  if (b[s] === MINUS) return looksNumeric(b, s + 1, e) ? FieldError.Negative : FieldError.Invalid;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return b[i] === DOT && looksNumeric(b, i + 1, e) ? FieldError.NotInteger : FieldError.Invalid;
    v = v * 10 + d;
  }
  if (e - s > 9 && significant(b, s, e - s) > 9) return FieldError.TooLarge;
  return v;
}

/** Where parseScaled leaves the scale (fraction digits) of the decimal it read: one per reader. */
export interface ScaleOut {
  scale: number;
}

/**
 * A positive decimal (no sign, no exponent) into its integer mantissa; the scale (number of
 * fraction digits, at most maxScale) goes to `out.scale`. The mantissa stays below 2^53.
 */
export function parseScaled(b: Uint8Array, s0: number, e0: number, maxScale: number, out: ScaleOut): number {
  const s = trimStart(b, s0, e0);
  const e = trimEnd(b, s, e0);
  if (s === e) return FieldError.Empty;
  if (b[s] === MINUS) return looksNumeric(b, s + 1, e) ? FieldError.Negative : FieldError.Invalid;
  let m = 0;
  let nd = 0;
  let sig = 0; // digits from the first non-zero one
  let fd = 0;
  let seenDot = false;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === DOT) {
      if (seenDot) return FieldError.Invalid;
      seenDot = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return FieldError.Invalid;
    m = m * 10 + d;
    nd++;
    if (m > 0) sig++;
    if (seenDot) fd++;
  }
  if (nd === 0 || (seenDot && fd === 0)) return FieldError.Invalid;
  if (fd > maxScale) return FieldError.TooManyDecimals;
  if (sig > 15) return FieldError.TooLarge;
  if (m === 0) return FieldError.Zero;
  out.scale = fd;
  return m;
}

/**
 * Unicode spaces and invisible format characters (White_Space and Cf: NBSP, U+2000–U+200A, U+3000,
 * ZWSP, ZWJ, the BOM U+FEFF, ...): at the ends of an id they are ignored, as the space and tab are.
 */
const INVISIBLE = /^[\s\p{Cf}]$/u;

/** The code point of the UTF-8 sequence at i (lead byte >= 0xC2), and its length in `len`. */
function codePointAt(b: Uint8Array, i: number, e: number, len: { n: number }): number {
  const c = b[i]!;
  if (c >= 0xc2 && c <= 0xdf && i + 1 < e) {
    len.n = 2;
    return ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
  }
  if (c >= 0xe0 && c <= 0xef && i + 2 < e) {
    len.n = 3;
    return ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
  }
  if (c >= 0xf0 && c <= 0xf4 && i + 3 < e) {
    len.n = 4;
    return ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
  }
  len.n = 1;
  return -1;
}

const isInvisible = (cp: number): boolean => cp >= 0 && INVISIBLE.test(String.fromCodePoint(cp));

const INVISIBLE_ENDS = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;

/**
 * An id given as text with the same characters trimmed from both ends as trimId trims from a
 * beneficiary id's bytes (spaces, Unicode spaces, invisible format characters): entity ids too.
 */
export function trimIdText(s: string): string {
  return s.replace(INVISIBLE_ENDS, '');
}

/** [s, e) with ASCII and Unicode spaces and invisible format characters trimmed from both ends. */
export function trimId(b: Uint8Array, s0: number, e0: number, out: { s: number; e: number }): void {
  const len = { n: 1 };
  let s = s0;
  let e = e0;
  for (;;) {
    s = trimStart(b, s, e);
    if (s < e && b[s]! >= 0x80 && isInvisible(codePointAt(b, s, e, len))) s += len.n;
    else break;
  }
  for (;;) {
    e = trimEnd(b, s, e);
    if (e <= s || b[e - 1]! < 0x80) break;
    let k = e - 1;
    while (k > s && (b[k]! & 0xc0) === 0x80) k--; // back to the sequence's lead byte
    if (isInvisible(codePointAt(b, k, e, len)) && k + len.n === e) e = k;
    else break;
  }
  out.s = s;
  out.e = e;
}

/** Case-insensitive comparison of b[s, e) (already trimmed) with a lower-case ASCII word. */
function matches(b: Uint8Array, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    let c = b[s + i]!;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}

export function isBlank(b: Uint8Array, s: number, e: number): boolean {
  return trimStart(b, s, e) === e;
}

/** 1 true, 0 false, FieldError.Empty, FieldError.Invalid: true/false, 1/0, yes/no, y/n, any case. */
export function parseBool(b: Uint8Array, s0: number, e0: number): number {
  const s = trimStart(b, s0, e0);
  const e = trimEnd(b, s, e0);
  const n = e - s;
  if (n === 0) return FieldError.Empty;
  const c = b[s]! | 0x20; // lower case for letters
  if (n === 1) {
    if (c === 0x31 || c === 0x79) return 1; // '1' (0x31 | 0x20 = 0x31), 'y'
    if (c === 0x30 || c === 0x6e) return 0; // '0', 'n'
    return FieldError.Invalid;
  }
  if (c === 0x74) return matches(b, s, e, 'true') ? 1 : FieldError.Invalid;
  if (c === 0x66) return matches(b, s, e, 'false') ? 0 : FieldError.Invalid;
  if (c === 0x79) return matches(b, s, e, 'yes') ? 1 : FieldError.Invalid;
  if (c === 0x6e) return matches(b, s, e, 'no') ? 0 : FieldError.Invalid;
  return FieldError.Invalid;
}

/** Index of the matching word, FieldError.Empty, or FieldError.Invalid. */
export function parseEnum(b: Uint8Array, s0: number, e0: number, words: readonly string[]): number {
  const s = trimStart(b, s0, e0);
  const e = trimEnd(b, s, e0);
  if (s === e) return FieldError.Empty;
  for (let i = 0; i < words.length; i++) if (matches(b, s, e, words[i]!)) return i;
  return FieldError.Invalid;
}
