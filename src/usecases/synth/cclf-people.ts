// Who is who in the synthetic CCLF set: participant TIN/NPI pairs per PY, outsiders, the primary
// care codes, each beneficiary's MBIs over time (the CCLF9 history), and a small seeded PRNG.
// Pure and deterministic from the seed. Every provider number here is invented.
import { fmix32 } from './draw.js';

/** mulberry32 over a 32-bit state: a uniform double in [0, 1). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed | 0;
  }
  next(): number {
    const s = (this.s + 0x6d2b79f5) | 0;
    this.s = s;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) * 2.3283064365386963e-10;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [a, b]. */
  between(a: number, b: number): number {
    return a + this.int(b - a + 1);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
}

/** Primary care HCPCS written to primary_care_codes.txt (illustrative: REACH's list is not in our
 *  sources, CCLF.md section 6), and codes that are not on it. */
export const PC_CODES: readonly string[] = ['99202', '99203', '99204', '99205', '99211', '99212', '99213', '99214', '99215', 'G0438', 'G0439', '99497'];
export const OTHER_CODES: readonly string[] = ['71046', '80053', '93000', '36415', 'J1100', '97110', '88305'];

/** The codes file: a comment, a blank line, one code in lower case with blanks around (the reader trims
 *  and upper-cases, CCLF.md section 5). */
export function primaryCareCodesText(): string {
  const lines = PC_CODES.map((c) => (c === 'G0438' ? '  g0438  ' : c));
  return '# primary care HCPCS (synthetic set, illustrative)\n\n' + lines.join('\n') + '\n';
}

const POOL = 9;
const OUTSIDE_TINS = 3;
const OUTSIDE_NPIS = 6;

function digits(h: number, n: number): string {
  return String(h % 10 ** n).padStart(n, '0');
}

export interface Providers {
  /** Per PY: its participant pairs. */
  pairs(p: number): readonly { tin: string; npi: string }[];
  /** Per PY: NPIs that are in no participant pair of p (for Part A and DME lines). */
  outsideNpis(p: number): readonly string[];
  /** TINs in no pair. */
  readonly outsideTins: readonly string[];
}

/** Nine pool NPIs, NPI j billing under pool TIN j mod 3 (TIN 0 has a leading zero); NPIs 0–2 take part
 *  every PY, the others in about three PYs of four. Outsiders: three TINs, six NPIs. */
export function providers(seed: number): Providers {
  const h = (k: number): number => fmix32(fmix32((seed >>> 0) ^ 0x7a11ce) ^ Math.imul(k, 0x9e3779b1));
  const poolTins = [0, 1, 2].map((j) => '0' + String(j + 2) + digits(h(j), 7));
  const poolNpis = Array.from({ length: POOL }, (_, j) => '1' + String(j).padStart(2, '0') + digits(h(100 + j), 7));
  const outsideTins = Array.from({ length: OUTSIDE_TINS }, (_, j) => '9' + String(j) + digits(h(200 + j), 7));
  const outsideNpis = Array.from({ length: OUTSIDE_NPIS }, (_, j) => '2' + String(j).padStart(2, '0') + digits(h(300 + j), 7));
  const inPy = (p: number, j: number): boolean => j < 3 || fmix32(h(400 + j) ^ Math.imul(p, 0x85ebca6b)) % 4 !== 0;
  // computed once per PY (they are asked for on every line)
  const pairs = new Map<number, { tin: string; npi: string }[]>();
  const outside = new Map<number, string[]>();
  return {
    pairs: (p) => {
      let v = pairs.get(p);
      if (!v) pairs.set(p, (v = poolNpis.flatMap((npi, j) => (inPy(p, j) ? [{ tin: poolTins[j % 3]!, npi }] : []))));
      return v;
    },
    outsideNpis: (p) => {
      let v = outside.get(p);
      if (!v) outside.set(p, (v = [...outsideNpis, ...poolNpis.filter((_, j) => !inPy(p, j))]));
      return v;
    },
    outsideTins,
  };
}

// ---- MBIs ----------------------------------------------------------------------------------------

// The MBI's character classes by position (C, A, AN, N, A, AN, N, A, A, N, N), A without S L O I B Z.
const ALPHA = 'ACDEFGHJKMNPQRTUVWXY';
const NUM = '0123456789';
const ALNUM = ALPHA + NUM;
const SHAPE = [ALPHA, ALNUM, NUM, ALPHA, ALNUM, NUM, ALPHA, ALPHA, NUM, NUM];

/** The k-th earlier MBI (k = 1, 2) of beneficiary i: MBI-shaped, starting with a digit, so it never
 *  equals a current id ("B…") and is unique for every (i, k). */
export function oldMbi(i: number, k: number): string {
  let v = i;
  let s = '';
  for (let pos = SHAPE.length - 1; pos >= 0; pos--) {
    const set = SHAPE[pos]!;
    s = set[v % set.length]! + s;
    v = Math.floor(v / set.length);
  }
  return String(k) + s;
}

/** A beneficiary's MBIs: `mbis[0]` until `changes[0]`, then `mbis[1]` …; the last is the current id. */
export interface MbiHistory {
  readonly mbis: readonly string[];
  /** Days on which the next MBI takes effect, ascending. */
  readonly changes: readonly number[];
}

/** About 10% change MBI once and 4% twice (A → B → C), on days in [from, to]. */
export function mbiHistory(bseed: number, i: number, current: string, from: number, to: number): MbiHistory {
  const r = new Rng(fmix32(bseed ^ 0x3b1c0de5));
  const u = r.next();
  const n = u < 0.1 ? 1 : u < 0.14 ? 2 : 0;
  if (n === 0 || to - from < 120) return { mbis: [current], changes: [] };
  const t1 = from + 20 + r.int(to - from - 100);
  if (n === 1) return { mbis: [oldMbi(i, 1), current], changes: [t1] };
  const t2 = Math.min(to, t1 + 40 + r.int(Math.max(1, to - t1 - 40)));
  return { mbis: [oldMbi(i, 1), oldMbi(i, 2), current], changes: [t1, t2] };
}

/** The MBI current on `day`. */
export function mbiOn(h: MbiHistory, day: number): string {
  let k = 0;
  while (k < h.changes.length && day >= h.changes[k]!) k++;
  return h.mbis[k]!;
}
