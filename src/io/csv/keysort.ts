// A regular file's duplicate check (see dupset.ts for stdin and pipes). While reading, each record
// gets a slot by its record number (the sink's rowsRead) holding only its key's 64-bit hash (8 bytes;
// 0 for a record refused for another reason), and every 256th record's byte offset and line are kept
// (KeyList.mark). After reading, the keyed slots get their record numbers alongside (4 bytes) and
// are sorted in place by key (sortKeys: an MSD radix sort, so O(n) whatever the ids: 1M rows of one
// id included); a scan of the runs of equal keys finds the repeats (findRepeats). Only the few to
// list are then given a line and an offset, by a scan forward from the nearest mark (locate.ts).

/** Where record 256k starts: its byte offset in the file and its line. */
export interface Marks {
  readonly offset: Float64Array;
  readonly line: Int32Array;
}

/** A read's keys by record number (h2 = 0: the record has none), and its marks. */
export interface Keys {
  readonly h1: Int32Array;
  readonly h2: Int32Array;
  readonly marks: Marks;
}

/** The keyed records sorted by key (equal keys adjacent), with their record numbers. */
export interface SortedKeys {
  readonly h1: Int32Array;
  readonly h2: Int32Array;
  readonly rec: Uint32Array;
}

export const MARK_EVERY = 256;

export class KeyList {
  /** Slots used: the last keyed record's number + 1. */
  count = 0;
  private h1: Int32Array;
  private h2: Int32Array;
  private mOff: Float64Array;
  private mLine: Int32Array;
  private nMarks = 0;

  /**
   * `capacity`: an upper bound of the records, e.g. from the file size. The arrays are zeroed by the
   * system as they are first touched: the part never written costs no memory.
   */
  constructor(capacity = 0) {
    const n = Math.max(1024, capacity);
    this.h1 = new Int32Array(n);
    this.h2 = new Int32Array(n);
    const m = (n >>> 8) + 1;
    this.mOff = new Float64Array(m);
    this.mLine = new Int32Array(m);
  }

  /** Record `rec` starts at byte `offset`, on `line`: kept for every 256th record. */
  mark(rec: number, line: number, offset: number): void {
    if ((rec & (MARK_EVERY - 1)) !== 0) return;
    const k = rec >>> 8;
    if (k >= this.mOff.length) {
      const o = new Float64Array(2 * k + 16);
      const l = new Int32Array(2 * k + 16);
      o.set(this.mOff);
      l.set(this.mLine);
      this.mOff = o;
      this.mLine = l;
    }
    this.mOff[k] = offset;
    this.mLine[k] = line;
    if (k >= this.nMarks) this.nMarks = k + 1;
  }

  /** Record `rec`'s key (h2 is never 0: see finishHash). */
  push(rec: number, h1: number, h2: number): void {
    if (rec >= this.h1.length) this.grow(rec);
    this.h1[rec] = h1;
    this.h2[rec] = h2;
    if (rec >= this.count) this.count = rec + 1;
  }

  /** More records than the capacity guessed: half as much again (rare: the guess is an upper bound). */
  private grow(rec: number): void {
    const n = Math.max(rec + 1, Math.ceil(this.h1.length * 1.5));
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    a.set(this.h1);
    b.set(this.h2);
    this.h1 = a;
    this.h2 = b;
  }

  keys(): Keys {
    const n = this.count;
    return { h1: this.h1.subarray(0, n), h2: this.h2.subarray(0, n), marks: { offset: this.mOff.subarray(0, this.nMarks), line: this.mLine.subarray(0, this.nMarks) } };
  }
}

/** Records below this many in a bucket are insertion-sorted. */
const SMALL = 24;

/**
 * Sort the keyed records of `k` by key, in place (k's h1 and h2 are reused: k is spent), with
 * their record numbers alongside: 4 more bytes a record. A generator that yields between its
 * passes (the caller awaits there, so Ctrl-C is handled); sortKeysSync drains it.
 */
export function* sortKeys(k: Keys): Generator<void, SortedKeys> {
  const { h1, h2 } = k;
  const rec = new Uint32Array(h2.length);
  const n = compact(h1, h2, rec);
  const a = h1.subarray(0, n);
  const b = h2.subarray(0, n);
  yield;
  // 11-bit digits: 2048 buckets, whose places being written stay in the cache (a digit of 18 bits
  // made the pass 5 times slower on 5M rows); the buckets are then sorted one by one
  const w = widthAt(n, 0);
  const next = radixPass(a, b, rec, 0, n, 0, w);
  yield;
  for (let d = 0; d < next.length; d++) {
    const lo = d === 0 ? 0 : next[d - 1]!;
    settle(a, b, rec, lo, next[d]!, w);
    if ((d & 0xff) === 0xff) yield;
  }
  return { h1: a, h2: b, rec: rec.subarray(0, n) };
}

/** Drop the records without a key (h2 = 0), keeping file order; their numbers to rec. Returns how many are left. */
function compact(h1: Int32Array, h2: Int32Array, rec: Uint32Array): number {
  let j = 0;
  for (let i = 0; i < h2.length; i++) {
    const y = h2[i]!;
    if (y === 0) continue;
    h1[j] = h1[i]!;
    h2[j] = y;
    rec[j++] = i;
  }
  return j;
}

export function sortKeysSync(k: Keys): SortedKeys {
  const g = sortKeys(k);
  for (let r = g.next(); ; r = g.next()) if (r.done) return r.value;
}

/** Bits [at, at + w) of the 64-bit key h1:h2, most significant first (never across the lanes). */
function digit(x1: number, x2: number, at: number, w: number): number {
  const mask = (1 << w) - 1;
  return at < 32 ? (x1 >>> (32 - at - w)) & mask : (x2 >>> (64 - at - w)) & mask;
}

/**
 * One in-place MSD pass (American flag sort) of [lo, hi) on the digit at `at`: the records are
 * moved into their buckets by following cycles. Returns each bucket's end.
 */
function radixPass(h1: Int32Array, h2: Int32Array, rec: Uint32Array, lo: number, hi: number, at: number, w: number): Uint32Array {
  const nb = 1 << w;
  const next = new Uint32Array(nb);
  const end = new Uint32Array(nb);
  for (let i = lo; i < hi; i++) end[digit(h1[i]!, h2[i]!, at, w)]!++;
  let sum = lo;
  for (let d = 0; d < nb; d++) {
    next[d] = sum;
    sum += end[d]!;
    end[d] = sum;
  }
  for (let d = 0; d < nb; d++) {
    const e = end[d]!;
    while (next[d]! < e) {
      let x1 = h1[next[d]!]!;
      let x2 = h2[next[d]!]!;
      let xr = rec[next[d]!]!;
      let t = digit(x1, x2, at, w);
      while (t !== d) {
        // put x in its bucket's next free place; carry on with what was there
        const p = next[t]!++;
        const y1 = h1[p]!;
        const y2 = h2[p]!;
        const yr = rec[p]!;
        h1[p] = x1;
        h2[p] = x2;
        rec[p] = xr;
        x1 = y1;
        x2 = y2;
        xr = yr;
        t = digit(x1, x2, at, w);
      }
      const p = next[d]!++;
      h1[p] = x1;
      h2[p] = x2;
      rec[p] = xr;
    }
  }
  return end;
}

/** The digit for n records at bit `at`: 11 bits for many, 8 for fewer, never across the lanes. */
function widthAt(n: number, at: number): number {
  return Math.max(1, Math.min(n > 4096 ? 11 : 8, at < 32 ? 32 - at : 64 - at));
}

/** Finish sorting [lo, hi), whose keys agree on their first `at` bits. */
function settle(h1: Int32Array, h2: Int32Array, rec: Uint32Array, lo: number, hi: number, at: number): void {
  if (hi - lo < 2 || at >= 64) return;
  if (hi - lo <= SMALL) {
    insertion(h1, h2, rec, lo, hi);
    return;
  }
  const w = widthAt(hi - lo, at);
  const end = radixPass(h1, h2, rec, lo, hi, at, w);
  let s = lo;
  for (let d = 0; d < end.length; d++) {
    settle(h1, h2, rec, s, end[d]!, at + w);
    s = end[d]!;
  }
}

function insertion(h1: Int32Array, h2: Int32Array, rec: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const x1 = h1[i]!;
    const x2 = h2[i]!;
    const xr = rec[i]!;
    const u1 = x1 >>> 0;
    const u2 = x2 >>> 0;
    let j = i - 1;
    while (j >= lo) {
      const v1 = h1[j]! >>> 0;
      if (v1 < u1 || (v1 === u1 && h2[j]! >>> 0 <= u2)) break;
      h1[j + 1] = h1[j]!;
      h2[j + 1] = h2[j]!;
      rec[j + 1] = rec[j]!;
      j--;
    }
    h1[j + 1] = x1;
    h2[j + 1] = x2;
    rec[j + 1] = xr;
  }
}

/** A repeating record and its key's first record. */
export interface Found {
  readonly rec: number;
  readonly first: number;
  readonly h1: number;
  readonly h2: number;
}

/**
 * Every keyed record whose key an earlier record has: one scan of the sorted list's runs of equal
 * keys. Only the `limit` of lowest record numbers are kept; all are counted.
 */
export function findRepeats(limit: number, a: SortedKeys): { first: Found[]; total: number } {
  const n = a.h1.length;
  let out: Found[] = [];
  let total = 0;
  const trim = (): void => {
    out.sort((x, y) => x.rec - y.rec);
    out = out.slice(0, limit);
  };
  for (let i = 0; i < n; ) {
    const k1 = a.h1[i]!;
    const k2 = a.h2[i]!;
    let ie = i + 1;
    while (ie < n && a.h1[ie] === k1 && a.h2[ie] === k2) ie++;
    if (ie - i > 1) {
      // the key's first record: the lowest of its run
      let first = Infinity;
      for (let r = i; r < ie; r++) first = Math.min(first, a.rec[r]!);
      total += ie - i - 1;
      for (let r = i; r < ie; r++) {
        const rec = a.rec[r]!;
        if (rec === first) continue;
        out.push({ rec, first, h1: k1, h2: k2 });
        if (out.length > 2 * limit + 64) trim();
      }
    }
    i = ie;
  }
  trim();
  return { first: out, total };
}
