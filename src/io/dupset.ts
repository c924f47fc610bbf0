// The "same beneficiary twice in one PY" check without a string per row: each (PY, id) key is
// hashed to 64 bits. File reads collect the hashes (8 bytes a row), sort them by radix and look
// for a repeat; stdin, which cannot be read twice, keeps them in an open-addressing table with the
// line each was first seen on. A repeated hash is only a suspect: it is confirmed against the
// real ids (and the first line found) before anything is reported.

/** The two 32-bit lanes of the last hashKey() call (module state: no allocation per row). */
export let H1 = 0;
export let H2 = 0;

/** Seeds of the two lanes. */
export const SEED1 = 0x811c9dc5;
export const SEED2 = 0x9747b28c;

/** Hash (PY, id bytes) into H1/H2: two FNV-1a style lanes over the id, then PY and a final mix. */
export function hashKey(py: number, buf: Uint8Array, s: number, e: number): void {
  let h1 = SEED1;
  let h2 = SEED2;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  finishHash(py, h1, h2);
}

/** Mix PY into the lanes and avalanche them (murmur3's finalizer) into H1/H2. */
export function finishHash(py: number, h1: number, h2: number): void {
  h1 = Math.imul(h1 ^ py, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ Math.imul(py, 0x27d4eb2f), 0xcc9e2d51);
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x1b873593);
  h2 ^= h2 >>> 16;
  H1 = h1 >>> 0;
  H2 = (h2 >>> 0) || 1; // 0 marks an empty slot
}

export const hashText = (h1: number, h2: number): string => `${h1}:${h2}`;

/** The hashes of a range's keys, in order, for a thread that leaves the checking to another. */
export class HashList {
  data = new Uint32Array(1 << 16);
  count = 0;
  constructor(expected = 0) {
    if (expected > 0) this.data = new Uint32Array(2 * expected + 2);
  }
  push(h1: number, h2: number): void {
    if (2 * this.count + 2 > this.data.length) {
      const d = new Uint32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[2 * this.count] = h1;
    this.data[2 * this.count + 1] = h2;
    this.count++;
  }
}

export class DuplicateSet {
  private bits = 16;
  /** Slot i holds h1 at 2i and h2 at 2i+1 (one cache line per probe); h2 == 0 marks an empty slot. */
  private t: Uint32Array;
  /** With trackLines: the line each key was first seen on (for inputs that cannot be read twice). */
  private lines: Uint32Array | null;
  private size = 0;
  /** After addIfNew returned false: the line of the earlier key (0 when lines are not tracked). */
  firstLine = 0;

  /** expectedKeys sizes the table up front (e.g. from the file size) to spare rehashing. */
  constructor(trackLines = false, expectedKeys = 0) {
    while (this.bits < 26 && expectedKeys * 4 > 3 << this.bits) this.bits++;
    this.t = new Uint32Array(2 << this.bits);
    this.lines = trackLines ? new Uint32Array(1 << this.bits) : null;
  }

  /** Adds the key seen on `line`; false when an equal hash was already present. */
  addIfNew(py: number, buf: Uint8Array, s: number, e: number, line = 0): boolean {
    hashKey(py, buf, s, e);
    return this.insert(H1, H2, line);
  }

  /** Adds a key already hashed (by FastRow); false when it was present (nothing is added then). */
  addHash(h1: number, h2: number, line: number): boolean {
    return this.insert(h1, h2, line);
  }

  private insert(h1: number, h2: number, line: number): boolean {
    const mask = (1 << this.bits) - 1;
    let i = h1 & mask;
    const t = this.t;
    for (;;) {
      const bv = t[2 * i + 1]!;
      if (bv === 0) break;
      if (bv === h2 && t[2 * i] === h1) {
        this.firstLine = this.lines ? this.lines[i]! : 0;
        return false;
      }
      i = (i + 1) & mask;
    }
    t[2 * i] = h1;
    t[2 * i + 1] = h2;
    if (this.lines) this.lines[i] = line;
    this.size++;
    if (this.size * 4 > (3 << this.bits)) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.t;
    const ol = this.lines;
    this.bits++;
    this.t = new Uint32Array(2 << this.bits);
    if (ol) this.lines = new Uint32Array(1 << this.bits);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!, ol ? ol[i / 2]! : 0);
  }
}

/**
 * Sort n (h1, h2) pairs by h1, in place (returns the same memory): an in-place MSD pass on the
 * top 8 bits (American flag sort) cuts the pairs into 256 buckets, then each bucket is LSD radix
 * sorted on the low 24 bits with a scratch buffer the size of the largest bucket. Memory stays at
 * the pairs themselves (5M rows: 40 MB, not 80), and access is sequential but for the one MSD pass.
 */
export function sortPairs(data: Uint32Array, n: number): Uint32Array {
  const a = data.subarray(0, 2 * n);
  if (n <= SMALL_SORT) {
    // up to a few million pairs a scratch copy is cheap, and three sequential passes are faster
    const scratch = new Uint32Array(2 * n);
    const c = new Uint32Array(4096);
    lsd(a, scratch, n, 0, c);
    lsd(scratch, a, n, 12, c);
    lsd(a, scratch, n, 24, new Uint32Array(256));
    a.set(scratch);
    return a;
  }
  const count = new Uint32Array(256);
  for (let i = 0; i < 2 * n; i += 2) count[a[i]! >>> 24]!++;
  const start = new Uint32Array(257);
  for (let b = 0; b < 256; b++) start[b + 1] = start[b]! + count[b]!;
  const next = start.slice(0, 256);
  for (let b = 0; b < 256; b++) {
    const end = start[b + 1]!;
    while (next[b]! < end) {
      const i = next[b]!;
      let h1 = a[2 * i]!;
      let h2 = a[2 * i + 1]!;
      let d = h1 >>> 24;
      while (d !== b) {
        // swap the pair into its bucket's next free place; carry on with the one displaced
        const j = next[d]!++;
        const t1 = a[2 * j]!;
        const t2 = a[2 * j + 1]!;
        a[2 * j] = h1;
        a[2 * j + 1] = h2;
        h1 = t1;
        h2 = t2;
        d = h1 >>> 24;
      }
      a[2 * i] = h1;
      a[2 * i + 1] = h2;
      next[b] = i + 1;
    }
  }
  let largest = 0;
  for (let b = 0; b < 256; b++) largest = Math.max(largest, count[b]!);
  const scratch = new Uint32Array(2 * largest);
  const c12 = new Uint32Array(4096);
  for (let b = 0; b < 256; b++) {
    const s = start[b]!;
    const m = count[b]!;
    if (m < 2) continue;
    const part = a.subarray(2 * s, 2 * (s + m));
    lsd(part, scratch, m, 0, c12);
    lsd(scratch, part, m, 12, c12);
  }
  return a;
}

/** Below this many pairs sortPairs uses a scratch copy (16 MB at most) rather than the MSD pass. */
const SMALL_SORT = 1 << 20;

/** One stable counting pass on `bits` bits of h1 from `shift`, from src into dst. */
function lsd(src: Uint32Array, dst: Uint32Array, m: number, shift: number, count: Uint32Array): void {
  const mask = count.length - 1;
  count.fill(0);
  for (let i = 0; i < 2 * m; i += 2) count[(src[i]! >>> shift) & mask]!++;
  let sum = 0;
  for (let k = 0; k <= mask; k++) {
    const c = count[k]!;
    count[k] = sum;
    sum += c;
  }
  for (let i = 0; i < 2 * m; i += 2) {
    const h1 = src[i]!;
    const j = 2 * count[(h1 >>> shift) & mask]!++;
    dst[j] = h1;
    dst[j + 1] = src[i + 1]!;
  }
}

const NONE = new Uint32Array(0);

/** The (h1, h2) pairs (as hashText) that occur more than once in one or two lists sorted by h1. */
export function repeatedPairs(a: Uint32Array, b: Uint32Array = NONE): Set<string> {
  const out = new Set<string>();
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  // Walk both lists in h1 order; equal h1s (rare for 32-bit hashes) are checked by their h2s.
  let prev = -1;
  let runStartA = 0;
  let runStartB = 0;
  while (i < na || j < nb) {
    const fromA = j >= nb || (i < na && a[i]! <= b[j]!);
    const h = fromA ? a[i]! : b[j]!;
    if (h === prev) checkRun(a, b, runStartA, runStartB, h, out);
    else {
      prev = h;
      runStartA = i;
      runStartB = j;
    }
    if (fromA) i += 2;
    else j += 2;
  }
  return out;
}

/** All pairs with h1 = h from the run starts: any h2 seen twice is a repeat. */
function checkRun(a: Uint32Array, b: Uint32Array, sa: number, sb: number, h: number, out: Set<string>): void {
  const h2s: number[] = [];
  for (let k = sa; k < a.length && a[k] === h; k += 2) h2s.push(a[k + 1]!);
  for (let k = sb; k < b.length && b[k] === h; k += 2) h2s.push(b[k + 1]!);
  h2s.forEach((x, k) => {
    if (h2s.indexOf(x) !== k) out.add(hashText(h, x));
  });
}
