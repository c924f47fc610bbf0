// The "same beneficiary twice in one PY" check, in one pass over the input and without a string per
// row: each (PY, id) key is hashed to 64 bits. Stdin and pipes look each key up as it is read in an
// open-addressing table that keeps the line each key was first seen on (DuplicateSet): a repeat is
// found with its row at hand and reported like any bad cell. A regular file appends its keys with
// their lines and byte offsets (KeyList, sequential writes) and finds the repeats after reading by a
// radix sort (findRepeats); the rows to list are read back by offset (cross.ts). Both are O(n)
// whatever the ids: 1M rows of one id cost what 1M distinct ones do.
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

/** Every (PY, id) key of a read, in row order: its hash, line and record offset (columns). */
export interface Keys {
  readonly h1: Int32Array;
  readonly h2: Int32Array;
  readonly line: Int32Array;
  readonly offset: Float64Array;
}

/**
 * The keys of a regular file's rows, appended as they are read (sequential writes, no table): the
 * repeats are found after reading by sorting (findRepeats), and the few to list are read back by
 * their offsets. Stdin and pipes, which cannot be read back, use DuplicateSet instead.
 */
export class KeyList {
  count = 0;
  private k: { h1: Int32Array; h2: Int32Array; line: Int32Array; offset: Float64Array };
  constructor(expected = 0) {
    const n = Math.max(1024, expected);
    this.k = { h1: new Int32Array(n), h2: new Int32Array(n), line: new Int32Array(n), offset: new Float64Array(n) };
  }
  push(h1: number, h2: number, line: number, offset: number): void {
    let k = this.k;
    const i = this.count;
    if (i === k.h1.length) {
      const n = 2 * i;
      const g = { h1: new Int32Array(n), h2: new Int32Array(n), line: new Int32Array(n), offset: new Float64Array(n) };
      g.h1.set(k.h1);
      g.h2.set(k.h2);
      g.line.set(k.line);
      g.offset.set(k.offset);
      this.k = k = g;
    }
    k.h1[i] = h1;
    k.h2[i] = h2;
    k.line[i] = line;
    k.offset[i] = offset;
    this.count = i + 1;
  }
  keys(): Keys {
    const n = this.count;
    const k = this.k;
    return { h1: k.h1.subarray(0, n), h2: k.h2.subarray(0, n), line: k.line.subarray(0, n), offset: k.offset.subarray(0, n) };
  }
}

/** A row repeating a key: its line, the key's first line, its record offset, the key. */
export interface Repeat {
  readonly line: number;
  readonly first: number;
  readonly offset: number;
  readonly h1: number;
  readonly h2: number;
}

const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Every row whose key an earlier row has, over one or two key lists in file order (the second's
 * lines shifted by `shift`). A stable LSD radix sort of row numbers by h1 (three passes, awaited in
 * between so Ctrl-C is handled), then one scan: O(n), whatever the ids (1M rows of one id included).
 */
export async function findRepeats(limit: number, a: Keys, b?: { keys: Keys; shift: number }): Promise<{ first: Repeat[]; total: number }> {
  const na = a.h1.length;
  const n = na + (b ? b.keys.h1.length : 0);
  const bk = b?.keys;
  const h1Of = (i: number): number => (i < na ? a.h1[i]! : bk!.h1[i - na]!);
  let perm = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const count = new Uint32Array(2048);
  for (const [shift, bits] of [[0, 11], [11, 11], [22, 10]] as const) {
    const mask = (1 << bits) - 1;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(h1Of(perm[i]!) >>> shift) & mask]!++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = perm[i]!;
      tmp[count[(h1Of(p) >>> shift) & mask]!++] = p;
    }
    [perm, tmp] = [tmp, perm];
    await yieldNow();
  }
  // only the `limit` repeats with the lowest lines are kept (the rest counted): memory stays bounded
  let out: Repeat[] = [];
  let total = 0;
  const trim = (): void => {
    out.sort((x, y) => x.line - y.line);
    out = out.slice(0, limit);
  };
  const at = (i: number) => (i < na ? { k: a, j: i, s: 0 } : { k: bk!, j: i - na, s: b!.shift });
  for (let i = 0; i < n; ) {
    const h = h1Of(perm[i]!);
    let e = i + 1;
    while (e < n && h1Of(perm[e]!) === h) e++;
    if (e - i > 1) {
      // a run of one h1 (rows in file order): any h2 seen before in it is a repeat
      const firsts = new Map<number, number>();
      for (let r = i; r < e; r++) {
        const { k, j, s } = at(perm[r]!);
        const h2 = k.h2[j]!;
        const line = k.line[j]! + s;
        const first = firsts.get(h2);
        if (first === undefined) firsts.set(h2, line);
        else {
          total++;
          out.push({ line, first, offset: k.offset[j]!, h1: h, h2 });
          if (out.length > 2 * limit + 64) trim();
        }
      }
    }
    i = e;
  }
  trim();
  return { first: out, total };
}
