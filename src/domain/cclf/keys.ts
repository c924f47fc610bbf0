// Compact keys for the CCLF derivation: an MBI interner (packed MBIs to dense ids, no string per
// record) and the duplicate-record set (8 bytes a slot). Both are open-addressing tables over typed
// arrays, so the reading loop allocates nothing per record.

/** The base-37 digit of a byte of an MBI (space 0, 0-9 1..10, A-Z 11..36), or -1. */
export function mbiDigit(c: number): number {
  if (c === 32) return 0;
  if (c >= 48 && c <= 57) return c - 47;
  if (c >= 65 && c <= 90) return c - 54;
  return -1;
}

/**
 * A packed MBI: the trimmed text's first 5 characters in base 37 (`hi`, below 37^5) and the next 6
 * (`lo`, below 37^6 < 2^32), blank-padded. Texts of more than 11 characters, or with characters
 * other than 0-9, A-Z and space, do not pack: they are looked up by their text.
 */
export interface PackedMbi {
  hi: number;
  lo: number;
}

/** Pack b[s, e) (already trimmed) into out; false when it does not pack. */
export function packMbi(b: Uint8Array, s: number, e: number, out: PackedMbi): boolean {
  if (e - s > 11) return false;
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < 11; k++) {
    const i = s + k;
    const d = i < e ? mbiDigit(b[i]!) : 0;
    if (d < 0) return false;
    if (k < 5) hi = hi * 37 + d;
    else lo = lo * 37 + d;
  }
  out.hi = hi;
  out.lo = lo;
  return true;
}

/**
 * packMbi over a string's characters (side files and crosswalk text). Kept apart from packMbi on purpose:
 * that one runs once per claim line on the read buffers, where a shared per-character callback costs time.
 */
function packText(t: string, out: PackedMbi): boolean {
  if (t.length > 11) return false;
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < 11; k++) {
    const d = k < t.length ? mbiDigit(t.charCodeAt(k)) : 0;
    if (d < 0) return false;
    if (k < 5) hi = hi * 37 + d;
    else lo = lo * 37 + d;
  }
  out.hi = hi;
  out.lo = lo;
  return true;
}

function mix(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(lo, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * MBI text → dense id (0, 1, 2, ...), by packed key (or by text when it does not pack). The table
 * keeps (hi, lo, id) side by side, so a lookup touches one cache line.
 */
export class MbiInterner {
  private cap: number;
  /** [hi, lo (as int32), id, tag (-1: none)] per slot; hi -1: empty. */
  private slots: Int32Array;
  private readonly byText = new Map<string, number>();
  /** The text of each id. */
  readonly texts: string[] = [];
  private readonly scratch: PackedMbi = { hi: 0, lo: 0 };

  /** Sized for `expected` MBIs (at most half full), so that reading them needs no growth. */
  constructor(expected = 0) {
    let cap = 1 << 10;
    while (cap < expected * 2) cap *= 2;
    this.cap = cap;
    this.slots = new Int32Array(cap * 4).fill(-1);
  }

  get size(): number {
    return this.texts.length;
  }

  /** The lookup tables (for a worker thread: find() and findText() only; texts are not carried). */
  lookupState(): { cap: number; slots: Int32Array; byText: [string, number][] } {
    return { cap: this.cap, slots: this.slots, byText: [...this.byText] };
  }

  /** An interner that finds what `s` held (texts left empty). */
  static fromLookupState(s: { cap: number; slots: Int32Array; byText: [string, number][] }): MbiInterner {
    const m = new MbiInterner();
    m.cap = s.cap;
    m.slots = s.slots;
    for (const [t, id] of s.byText) m.byText.set(t, id);
    return m;
  }

  /** The id of a packed MBI, or -1. */
  find(hi: number, lo: number): number {
    return this.look(hi, lo, 2);
  }

  /**
   * Give each id a tag (the beneficiary, say), kept in its slot: findTag() then answers in the one
   * cache line the lookup touches. Call after the last intern().
   */
  tag(tags: Int32Array): void {
    const t = this.slots;
    for (let j = 0; j < t.length; j += 4) if (t[j] !== -1) t[j + 3] = tags[t[j + 2]!]!;
  }

  /** The tag of a packed MBI (tag()), or -1 when it is not known or has none. */
  findTag(hi: number, lo: number): number {
    return this.look(hi, lo, 3);
  }

  /** Field 2 (the id) or 3 (the tag) of a packed MBI's slot, or -1 when it has none. */
  private look(hi: number, lo: number, field: 2 | 3): number {
    const mask = this.cap - 1;
    const l = lo | 0;
    const t = this.slots;
    for (let i = mix(hi, lo) & mask; ; i = (i + 1) & mask) {
      const h = t[i * 4]!;
      if (h === -1) return -1;
      if (h === hi && t[i * 4 + 1] === l) return t[i * 4 + field]!;
    }
  }

  /** The id of an MBI that does not pack (looked up by text), or -1. */
  findText(text: string): number {
    return this.byText.get(text) ?? -1;
  }

  /** The id of a trimmed MBI text, added when new. */
  intern(text: string): number {
    if (packText(text, this.scratch)) {
      const { hi, lo } = this.scratch;
      const found = this.find(hi, lo);
      if (found >= 0) return found;
      const id = this.texts.length;
      this.texts.push(text);
      if (this.texts.length * 2 > this.cap) this.grow();
      this.put(hi, lo | 0, id);
      return id;
    }
    const had = this.byText.get(text);
    if (had !== undefined) return had;
    const id = this.texts.length;
    this.texts.push(text);
    this.byText.set(text, id);
    return id;
  }

  private put(hi: number, l: number, id: number): void {
    const mask = this.cap - 1;
    const t = this.slots;
    let i = mix(hi, l >>> 0) & mask;
    while (t[i * 4] !== -1) i = (i + 1) & mask;
    t[i * 4] = hi;
    t[i * 4 + 1] = l;
    t[i * 4 + 2] = id;
  }

  private grow(): void {
    const old = this.slots;
    this.cap *= 2;
    this.slots = new Int32Array(this.cap * 4).fill(-1);
    for (let j = 0; j < old.length; j += 4) if (old[j] !== -1) this.put(old[j]!, old[j + 1]!, old[j + 2]!);
  }
}

/** Largest CLM_LINE_NUM kept in a record's 8-byte key; larger ones are keyed by text (rare). */
export const MAX_PACKED_LINE = 511;
const TWO32 = 4294967296;

/** The hash of a record's slot group: its claim id and line / 8 (a claim's lines 0-7 hash alike). */
function groupHash(id: number, line: number): number {
  const hi = (id / TWO32) | 0;
  let h = Math.imul((id | 0) ^ Math.imul(line >>> 3, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(hi, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * The records seen, one set per file type: (CUR_CLM_UNIQ_ID, CLM_LINE_NUM) as one exact number,
 * id * 512 + line + 1 (below 10^13 * 512 < 2^53; 0 marks an empty slot, so a new table is the
 * zeroed memory the system hands out), in a Float64Array: 8 bytes a slot, at most 3/4 full: about
 * 11.4 bytes a record when sized from the expected count, up to 16 after a growth (1.5x). Lines 0-7
 * of a claim hash to one place, so they sit side by side (linear probing) and a claim's lines cost one
 * cache miss, not one each. A line number above MAX_PACKED_LINE is keyed by text in a Set.
 */
export class RecordSet {
  private cap: number;
  /** cap / 2^32: a 32-bit hash times this is a slot (no division). */
  private scale: number;
  private n = 0;
  private keys: Float64Array;
  private readonly odd = new Set<string>();

  constructor(expected = 0) {
    this.cap = Math.max(1024, Math.ceil(expected / 0.7));
    this.scale = this.cap / TWO32;
    this.keys = new Float64Array(this.cap);
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.cap * 8;
  }

  get size(): number {
    return this.n + this.odd.size;
  }

  /** Add (id, line); false when it was already there. id < 10^13, line >= 0, both whole. */
  add(id: number, line: number): boolean {
    if (line > MAX_PACKED_LINE) {
      const k = `${id}:${line}`;
      if (this.odd.has(k)) return false;
      this.odd.add(k);
      return true;
    }
    const k = id * 512 + line + 1;
    const cap = this.cap;
    const keys = this.keys;
    let i = Math.floor(groupHash(id, line) * this.scale);
    for (;;) {
      const x = keys[i]!;
      if (x === 0) break;
      if (x === k) return false;
      if (++i === cap) i = 0;
    }
    keys[i] = k;
    if (++this.n > cap * 0.75) this.grow();
    return true;
  }

  /** Whether (id, line) was added. */
  has(id: number, line: number): boolean {
    if (line > MAX_PACKED_LINE) return this.odd.has(`${id}:${line}`);
    const k = id * 512 + line + 1;
    const cap = this.cap;
    const keys = this.keys;
    for (let i = Math.floor(groupHash(id, line) * this.scale); ; ) {
      const x = keys[i]!;
      if (x === 0) return false;
      if (x === k) return true;
      if (++i === cap) i = 0;
    }
  }

  private grow(): void {
    const old = this.keys;
    const cap = Math.ceil(this.cap * 1.5);
    this.cap = cap;
    this.scale = cap / TWO32;
    const keys = (this.keys = new Float64Array(cap));
    for (let j = 0; j < old.length; j++) {
      const k = old[j]!;
      if (k === 0) continue;
      const line = (k - 1) % 512;
      const id = (k - 1 - line) / 512;
      let i = Math.floor(groupHash(id, line) * this.scale);
      while (keys[i] !== 0) if (++i === cap) i = 0;
      keys[i] = k;
    }
  }
}
