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

/** packMbi over a string's characters. */
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

/** The text of a packed MBI (trailing blanks dropped). */
export function unpackMbi(hi: number, lo: number): string {
  const chars: string[] = [];
  const put = (d: number): void => void chars.push(d === 0 ? ' ' : d <= 10 ? String.fromCharCode(d + 47) : String.fromCharCode(d + 54));
  const hs: number[] = [];
  for (let k = 0, v = hi; k < 5; k++, v = Math.floor(v / 37)) hs.unshift(v % 37);
  const ls: number[] = [];
  for (let k = 0, v = lo; k < 6; k++, v = Math.floor(v / 37)) ls.unshift(v % 37);
  for (const d of [...hs, ...ls]) put(d);
  return chars.join('').trimEnd();
}

function mix(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(lo, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
}

/** MBI text → dense id (0, 1, 2, ...), by packed key (or by text when it does not pack). */
export class MbiInterner {
  private cap = 1 << 10;
  private his = new Int32Array(this.cap).fill(-1);
  private los = new Uint32Array(this.cap);
  private ids = new Int32Array(this.cap);
  private readonly byText = new Map<string, number>();
  /** The text of each id. */
  readonly texts: string[] = [];
  private readonly scratch: PackedMbi = { hi: 0, lo: 0 };

  get size(): number {
    return this.texts.length;
  }

  /** The id of a packed MBI, or -1. */
  find(hi: number, lo: number): number {
    const mask = this.cap - 1;
    for (let i = mix(hi, lo) & mask; ; i = (i + 1) & mask) {
      const h = this.his[i]!;
      if (h === -1) return -1;
      if (h === hi && this.los[i] === lo) return this.ids[i]!;
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
      this.put(hi, lo, id);
      return id;
    }
    const had = this.byText.get(text);
    if (had !== undefined) return had;
    const id = this.texts.length;
    this.texts.push(text);
    this.byText.set(text, id);
    return id;
  }

  private put(hi: number, lo: number, id: number): void {
    if ((this.texts.length) * 2 > this.cap) this.grow();
    const mask = this.cap - 1;
    let i = mix(hi, lo) & mask;
    while (this.his[i] !== -1) i = (i + 1) & mask;
    this.his[i] = hi;
    this.los[i] = lo;
    this.ids[i] = id;
  }

  private grow(): void {
    const { his, los, ids } = this;
    this.cap *= 2;
    this.his = new Int32Array(this.cap).fill(-1);
    this.los = new Uint32Array(this.cap);
    this.ids = new Int32Array(this.cap);
    const mask = this.cap - 1;
    for (let j = 0; j < his.length; j++) {
      if (his[j] === -1) continue;
      let i = mix(his[j]!, los[j]!) & mask;
      while (this.his[i] !== -1) i = (i + 1) & mask;
      this.his[i] = his[j]!;
      this.los[i] = los[j]!;
      this.ids[i] = ids[j]!;
    }
  }
}

/** Largest CLM_LINE_NUM kept in a record's 8-byte key; larger ones are keyed by text (rare). */
export const MAX_PACKED_LINE = (1 << 20) - 2;
const EMPTY = 0xffffffff;
const TWO32 = 4294967296;

/**
 * The records seen, one set per file type: (CUR_CLM_UNIQ_ID, CLM_LINE_NUM) in 8 bytes a slot
 * (the id below 10^13 < 2^44: 32 bits in `lo`, 12 in `hi` with the line number's 20 above them),
 * at most 3/4 full: 8 to 12 bytes a record when sized from the expected count, up to 16 after a
 * growth (1.5x). A line number above MAX_PACKED_LINE is keyed by text in a Set.
 */
export class RecordSet {
  private cap: number;
  private n = 0;
  private his: Uint32Array;
  private los: Uint32Array;
  private readonly odd = new Set<string>();

  constructor(expected = 0) {
    this.cap = Math.max(1024, Math.ceil(expected / 0.7));
    this.his = new Uint32Array(this.cap).fill(EMPTY);
    this.los = new Uint32Array(this.cap);
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
    const lo = id % TWO32;
    const hi = ((id - lo) / TWO32 + line * 4096) >>> 0;
    const cap = this.cap;
    let i = mix(hi, lo) % cap;
    for (;;) {
      const h = this.his[i]!;
      if (h === EMPTY) break;
      if (h === hi && this.los[i] === lo) return false;
      if (++i === cap) i = 0;
    }
    this.his[i] = hi;
    this.los[i] = lo;
    if (++this.n > cap * 0.75) this.grow();
    return true;
  }

  private grow(): void {
    const { his, los } = this;
    const cap = Math.ceil(this.cap * 1.5);
    this.cap = cap;
    this.his = new Uint32Array(cap).fill(EMPTY);
    this.los = new Uint32Array(cap);
    for (let j = 0; j < his.length; j++) {
      const hi = his[j]!;
      if (hi === EMPTY) continue;
      const lo = los[j]!;
      let i = mix(hi, lo) % cap;
      while (this.his[i] !== EMPTY) if (++i === cap) i = 0;
      this.his[i] = hi;
      this.los[i] = lo;
    }
  }
}
