// The "same beneficiary twice in one PY" check, in one pass over the input and without a string per
// row: each (PY, id) key is hashed to 64 bits. Stdin and pipes look each key up as it is read in an
// open-addressing table that keeps the line each key was first seen on (DuplicateSet): a repeat is
// found with its row at hand and reported like any bad cell. A regular file keeps only each record's
// hash and finds the repeats after reading by sorting (keysort.ts); the rows to list are located and
// read back by offset (locate.ts, cross.ts). Both are O(n) whatever the ids: 1M rows of one id cost
// what 1M distinct ones do.
//
// Two different keys with the same 64-bit hash would be taken for a repeat. With n keys the chance is
// about n² / 2^65: 3 × 10^-8 for a million rows, 7 × 10^-7 for five million.

/** Seeds of the two lanes. */
export const SEED1 = 0x811c9dc5;
export const SEED2 = 0x9747b28c;

/** The two 32-bit lanes of a key's hash: one object per reader, written by finishHash. */
export interface KeyHash {
  h1: number;
  h2: number;
}

/** Hash (PY, id bytes) into `out`: two FNV-1a style lanes over the id, then PY and a final mix. */
export function hashKey(py: number, buf: Uint8Array, s: number, e: number, out: KeyHash): void {
  let h1 = SEED1;
  let h2 = SEED2;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  finishHash(py, h1, h2, out);
}

/** Mix PY into the lanes and avalanche them (murmur3's finalizer) into `out`. */
export function finishHash(py: number, h1: number, h2: number, out: KeyHash): void {
  h1 = Math.imul(h1 ^ py, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ Math.imul(py, 0x27d4eb2f), 0xcc9e2d51);
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x1b873593);
  h2 ^= h2 >>> 16;
  // int32s: a Uint32Array holding values over 2^31 would make V8 load them as doubles (3x slower)
  out.h1 = h1 | 0;
  out.h2 = h2 | 0 || 1; // 0 marks an empty slot
}

export class DuplicateSet {
  private bits = 12;
  /** Slot i holds h1 at 3i, h2 at 3i+1 (0: empty) and the key's first line at 3i+2, as int32s. */
  private t: Int32Array;
  private size = 0;
  /** After add() returned false: the line the key was first seen on. */
  firstLine = 0;

  /** expectedKeys sizes the table up front (e.g. from the file size) to spare rehashing. */
  constructor(expectedKeys = 0) {
    while (this.bits < 24 && expectedKeys * 4 > 3 << this.bits) this.bits++;
    this.t = new Int32Array(3 << this.bits);
  }

  get count(): number {
    return this.size;
  }

  /** Adds the key first seen on `line`; false (and firstLine set) when it was already present. */
  add(h1: number, h2: number, line: number): boolean {
    h1 |= 0;
    h2 |= 0;
    const mask = (1 << this.bits) - 1;
    const t = this.t;
    let i = h1 & mask;
    for (;;) {
      const j = 3 * i;
      const bv = t[j + 1]!;
      if (bv === 0) {
        t[j] = h1;
        t[j + 1] = h2;
        t[j + 2] = line;
        break;
      }
      if (bv === h2 && t[j] === h1) {
        this.firstLine = t[j + 2]!;
        return false;
      }
      i = (i + 1) & mask;
    }
    this.size++;
    if (this.size * 4 > 3 << this.bits) this.grow();
    return true;
  }

  /** The line a key was first seen on, or 0 when absent. */
  lineOf(h1: number, h2: number): number {
    h1 |= 0;
    h2 |= 0;
    const mask = (1 << this.bits) - 1;
    const t = this.t;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const j = 3 * i;
      const bv = t[j + 1]!;
      if (bv === 0) return 0;
      if (bv === h2 && t[j] === h1) return t[j + 2]!;
    }
  }

  private grow(): void {
    const old = this.t;
    this.bits++;
    this.t = new Int32Array(3 << this.bits);
    this.size = 0;
    for (let j = 0; j < old.length; j += 3) if (old[j + 1] !== 0) this.add(old[j]!, old[j + 1]!, old[j + 2]!);
  }
}

