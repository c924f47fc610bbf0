// The CCLF derivation's state and rules (CCLF.md sections 3 and 4), pure (in domain/, beside the
// population's GroupTable, so the reader in io/ can fill it, as it fills the groups): the reader hands it
// parsed numbers, one record at a time, and it keeps one small slot per (beneficiary, PY) with
// alignment: the aligned months (a 12-bit mask), three sums in cents (a block of four Float64s with its
// info: exact below 2^53) and the chosen CCLF8 row. Nothing is kept per claim line here (the duplicate rule's keys
// live in keys.ts RecordSet).

/** A counted record, for the lag triangle: month indexes are year * 12 + month - 1 (-1: no load date). */
export type OnRecord = (py: number, thruMonthIndex: number, loadMonthIndex: number, signedCents: number) => void;

export const ENT_AGED_DISABLED = 0;
export const ENT_ESRD = 1;
export const DUAL_NONE = 0;
export const DUAL_PARTIAL = 1;
export const DUAL_FULL = 2;

/** BENE_MDCR_STUS_CD (Table 21): 11, 21, 31 are ESRD; anything else aged/disabled. -1: not a number. */
export function entitlementOf(code: number): number {
  return code === 11 || code === 21 || code === 31 ? ENT_ESRD : ENT_AGED_DISABLED;
}

/** BENE_DUAL_STUS_CD (CMS's BFD code system): 02, 04, 08, 10 full; 01, 03, 05, 06, 07 partial; else none. */
export function dualOf(code: number): number {
  if (code === 2 || code === 4 || code === 8 || code === 10) return DUAL_FULL;
  if (code === 1 || code === 3 || code === 5 || code === 6 || code === 7) return DUAL_PARTIAL;
  return DUAL_NONE;
}

/** place(): the record's month is not an aligned month of its PY (or its PY has no alignment). */
export const OUTSIDE_MONTHS = -1;
/** place(): the record was loaded after --as-of. */
export const AFTER_AS_OF = -2;
/** The record's MBI has no alignment, or it has no date. */
export const UNALIGNED = -3;
/**
 * What became of a record that was not a duplicate: a counted record is pair * 4 + 1 (participant)
 * + 2 (primary care); the others are OUTSIDE_MONTHS, AFTER_AS_OF or UNALIGNED.
 */
export const recordOutcome = (pair: number, participant: boolean, primaryCare: boolean): number => pair * 4 + (participant ? 1 : 0) + (primaryCare ? 2 : 0);

/** pairInfo: the next pair is the same beneficiary's (pairs are laid out by beneficiary, then PY). */
const MORE_PAIRS = 1 << 24;

/** The pairs' blocks of 4 (sums 0, then the pair's info). */
function blocksOf(info: Int32Array): Float64Array {
  const b = new Float64Array(info.length * 4);
  for (let p = 0; p < info.length; p++) b[4 * p + 3] = info[p]!;
  return b;
}

/** Sums are kept exact while their magnitude stays below this (2^53 less one record's largest amount). */
const SUM_LIMIT = 2 ** 53 - 1e15;

export interface CclfCounts {
  /** Records read from CCLF1, 5, 6 (all copies). */
  records: number;
  /** Older copies of a record also in a later file (not counted). */
  duplicates: number;
  /** Records of a beneficiary without alignment, or with no date. */
  unaligned: number;
  /** Records of an aligned beneficiary dated in a month or PY without alignment. */
  outsideMonths: number;
  /** Records loaded after --as-of. */
  afterAsOf: number;
  /** Records counted. */
  counted: number;
  /** CLM_ADJSMT_TYPE_CD values other than 0, 1, 2 or blank (counted as debits), by their text. */
  readonly unknownAdjustment: Map<string, number>;
}

export interface CclfRow {
  readonly mbi: string;
  readonly py: number;
  readonly expenditure: number;
  readonly alignedMonths: number;
  readonly entitlement: number;
  readonly dual: number;
  readonly primaryCare: number;
  readonly participant: number;
}

export interface Clamps {
  /** Rows whose expenditure was below 0 (set to 0). */
  expenditure: number;
  /** Rows whose participant spend was below 0 or above expenditure. */
  participant: number;
  /** Rows whose primary care spend was below 0 or above participant spend. */
  primaryCare: number;
  /** Rows with no CCLF8 row at all (aged_disabled, none). */
  noDemographics: number;
}

const popcount12 = (m: number): number => {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
};

export class CclfBook {
  readonly counts: CclfCounts = { records: 0, duplicates: 0, unaligned: 0, outsideMonths: 0, afterAsOf: 0, counted: 0, unknownAdjustment: new Map() };
  /** Current MBI text of each beneficiary. */
  readonly beneMbi: string[] = [];
  /** Beneficiary of each current MBI id (-1: none). */
  private beneOfId = new Int32Array(1024).fill(-1);
  /** Alignment rows before freeze(): (beneficiary * 128 + PY - 2000) * 4096 + month bits. */
  private staged = new Float64Array(1024);
  private nStaged = 0;
  // built by freeze(): pairs (beneficiary, PY) by beneficiary then PY
  benePairStart: Int32Array = new Int32Array(0);
  pairBene: Int32Array = new Int32Array(0);
  /** (PY << 12) | aligned month bits, + MORE_PAIRS when the next pair is the same beneficiary's */
  pairInfo: Int32Array = new Int32Array(0);
  /**
   * Pair p's block of 4 at 4p: expenditure, participant, primary care (cents), and its pairInfo again,
   * so that placing a record and adding it touch one 32-byte block (one cache line).
   */
  blocks: Float64Array = new Float64Array(0);
  // the chosen CCLF8 row: of a file of the PY (per pair) and of any file (per beneficiary)
  private pyFile = new Int32Array(0);
  private pyRng = new Int32Array(0);
  private pyCode = new Uint8Array(0);
  private anyFile = new Int32Array(0);
  private anyRng = new Int32Array(0);
  private anyCode = new Uint8Array(0);

  /** asOf: yyyymmdd; a record loaded later does not count. */
  constructor(readonly asOf: number, readonly onRecord?: OnRecord) {}

  /** The beneficiary of a current MBI id (its text given), added when new. */
  beneficiary(currentId: number, text: string): number {
    if (currentId >= this.beneOfId.length) {
      const next = new Int32Array(Math.max(currentId + 1, this.beneOfId.length * 2)).fill(-1);
      next.set(this.beneOfId);
      this.beneOfId = next;
    }
    let b = this.beneOfId[currentId]!;
    if (b < 0) {
      b = this.beneMbi.length;
      this.beneMbi.push(text);
      this.beneOfId[currentId] = b;
    }
    return b;
  }

  /** The beneficiary of a current MBI id, or -1 when it has no alignment. */
  beneficiaryOf(currentId: number): number {
    return currentId < this.beneOfId.length ? this.beneOfId[currentId]! : -1;
  }

  /** Aligned in months start..end (1..12) of py: united with the beneficiary's other ranges. */
  align(bene: number, py: number, start: number, end: number): void {
    const bits = ((1 << end) - 1) & ~((1 << (start - 1)) - 1);
    if (this.nStaged === this.staged.length) {
      const next = new Float64Array(this.staged.length * 2);
      next.set(this.staged);
      this.staged = next;
    }
    this.staged[this.nStaged++] = (bene * 128 + (py - 2000)) * 4096 + bits;
  }

  /** Alignment read: lay the pairs out by beneficiary, then PY (several rows of one pair united). */
  freeze(): void {
    const st = this.staged.subarray(0, this.nStaged).sort();
    let n = 0;
    for (let i = 0; i < st.length; i++) if (i === 0 || Math.floor(st[i]! / 4096) !== Math.floor(st[i - 1]! / 4096)) n++;
    const nb = this.beneMbi.length;
    this.benePairStart = new Int32Array(nb + 1);
    this.pairBene = new Int32Array(n);
    this.pairInfo = new Int32Array(n);
    let p = -1;
    for (let i = 0; i < st.length; i++) {
      const k = Math.floor(st[i]! / 4096);
      const bits = st[i]! - k * 4096;
      if (i === 0 || k !== Math.floor(st[i - 1]! / 4096)) {
        p++;
        const b = Math.floor(k / 128);
        this.pairBene[p] = b;
        this.pairInfo[p] = ((2000 + (k % 128)) << 12) | bits;
        if (p > 0 && this.pairBene[p - 1] === b) this.pairInfo[p - 1] = this.pairInfo[p - 1]! | MORE_PAIRS;
        this.benePairStart[b + 1] = this.benePairStart[b + 1]! + 1;
      } else this.pairInfo[p] = this.pairInfo[p]! | bits;
    }
    for (let b = 0; b < nb; b++) this.benePairStart[b + 1] = this.benePairStart[b + 1]! + this.benePairStart[b]!;
    this.staged = new Float64Array(0);
    this.nStaged = 0;
    this.blocks = blocksOf(this.pairInfo);
    this.pyFile = new Int32Array(n).fill(-1);
    this.pyRng = new Int32Array(n);
    this.pyCode = new Uint8Array(n);
    this.anyFile = new Int32Array(nb).fill(-1);
    this.anyRng = new Int32Array(nb);
    this.anyCode = new Uint8Array(nb);
  }

  /** The pairs' layout, for a worker thread's book (adopt()). */
  layout(): { benePairStart: Int32Array; pairInfo: Int32Array } {
    return { benePairStart: this.benePairStart, pairInfo: this.pairInfo };
  }

  /** Take a frozen book's layout (a worker thread's book): sums start at 0. */
  adopt(l: { benePairStart: Int32Array; pairInfo: Int32Array }): void {
    this.benePairStart = l.benePairStart;
    this.pairInfo = l.pairInfo;
    this.pairBene = new Int32Array(l.pairInfo.length);
    this.blocks = blocksOf(l.pairInfo);
  }

  /** Add another thread's pair blocks (their sums) and counts (its records are none of this one's). */
  merge(blocks: Float64Array, c: CclfCounts): void {
    const s = this.blocks;
    for (let i = 0; i < s.length; i += 4) {
      s[i] = s[i]! + blocks[i]!;
      s[i + 1] = s[i + 1]! + blocks[i + 1]!;
      s[i + 2] = s[i + 2]! + blocks[i + 2]!;
    }
    const k = this.counts;
    k.records += c.records;
    k.duplicates += c.duplicates;
    k.unaligned += c.unaligned;
    k.outsideMonths += c.outsideMonths;
    k.afterAsOf += c.afterAsOf;
    k.counted += c.counted;
    for (const [t, n] of c.unknownAdjustment) this.bumpUnknown(t, n);
  }

  get pairs(): number {
    return this.pairInfo.length;
  }

  /** The PY of pair p. */
  pyOf(p: number): number {
    return (this.pairInfo[p]! >> 12) & 4095;
  }

  /** The first pair of a beneficiary (every beneficiary has one: it comes from alignment). */
  firstPair(bene: number): number {
    return this.benePairStart[bene]!;
  }

  /** The beneficiary of pair p. */
  beneficiaryOfPair(p: number): number {
    return this.pairBene[p]!;
  }

  /**
   * The pair a record dated (year, month 1..12) and loaded on `load` (yyyymmdd, 0 = missing) counts
   * in, from its beneficiary's first pair (firstPair()), or OUTSIDE_MONTHS or AFTER_AS_OF (counted
   * in `counts`).
   */
  place(first: number, year: number, month: number, load: number): number {
    const s = this.blocks;
    for (let p = first; ; p++) {
      const info = s[4 * p + 3]!;
      if (((info >> 12) & 4095) === year) {
        if ((info & (1 << (month - 1))) === 0) break;
        if (load > this.asOf) {
          this.counts.afterAsOf++;
          return AFTER_AS_OF;
        }
        return p;
      }
      if ((info & MORE_PAIRS) === 0) break;
    }
    this.counts.outsideMonths++;
    return OUTSIDE_MONTHS;
  }

  /**
   * Take back a record another thread counted (its outcome: a RecordOutcome) that turned out to be an
   * older copy of a record in a later file: it becomes a duplicate, as one thread would have counted it.
   */
  retract(outcome: number, signed: number): void {
    const c = this.counts;
    c.duplicates++;
    if (outcome === UNALIGNED) c.unaligned--;
    else if (outcome === OUTSIDE_MONTHS) c.outsideMonths--;
    else if (outcome === AFTER_AS_OF) c.afterAsOf--;
    else {
      c.counted--;
      const p = outcome >> 2;
      const s = this.blocks;
      s[4 * p] = s[4 * p]! - signed;
      if (outcome & 1) s[4 * p + 1] = s[4 * p + 1]! - signed;
      if (outcome & 2) s[4 * p + 2] = s[4 * p + 2]! - signed;
    }
  }

  /** An unknown adjustment code taken back (retract()); before or after merge(), in either order. */
  retractUnknownAdjustment(text: string): void {
    this.bumpUnknown(text, -1);
  }

  /** Add to an unknown code's count; a count of 0 (a retract and a merge met) is no entry. */
  private bumpUnknown(text: string, by: number): void {
    const m = this.counts.unknownAdjustment;
    const n = (m.get(text) ?? 0) + by;
    if (n !== 0) m.set(text, n);
    else m.delete(text);
  }

  /** Add a counted record's signed cents to its pair. */
  add(p: number, signed: number, participant: boolean, primaryCare: boolean, thruMonthIndex: number, loadMonthIndex: number): void {
    this.counts.counted++;
    const s = this.blocks;
    const e = s[4 * p]! + signed;
    if (e > SUM_LIMIT || e < -SUM_LIMIT) throw new RangeError(`the expenditure of ${this.beneMbi[this.pairBene[p]!]} in ${this.pyOf(p)} is beyond exact arithmetic`);
    s[4 * p] = e;
    if (participant) {
      s[4 * p + 1] = s[4 * p + 1]! + signed;
      if (primaryCare) s[4 * p + 2] = s[4 * p + 2]! + signed;
    }
    this.onRecord?.(this.pyOf(p), thruMonthIndex, loadMonthIndex, signed);
  }

  /** An unknown adjustment code (its trimmed text). */
  unknownAdjustment(text: string): void {
    this.bumpUnknown(text, 1);
  }

  /**
   * A CCLF8 row of beneficiary `bene` in the file of order `file` (files ordered by D then T),
   * whose name's yy is `yy`, with BENE_RNG_BGN_DT `rng` (yyyymmdd, 0 = missing) and the two codes.
   * Rows come in file order, then line order: a later row wins a tie.
   */
  demographics(bene: number, file: number, yy: number, rng: number, mdcrCode: number, dualCode: number): void {
    const code = entitlementOf(mdcrCode) * 3 + dualOf(dualCode);
    if (file > this.anyFile[bene]! || (file === this.anyFile[bene] && rng >= this.anyRng[bene]!)) {
      this.anyFile[bene] = file;
      this.anyRng[bene] = rng;
      this.anyCode[bene] = code;
    }
    const end = this.benePairStart[bene + 1]!;
    for (let p = this.benePairStart[bene]!; p < end; p++) {
      if (this.pyOf(p) % 100 !== yy) continue;
      if (file > this.pyFile[p]! || (file === this.pyFile[p] && rng >= this.pyRng[p]!)) {
        this.pyFile[p] = file;
        this.pyRng[p] = rng;
        this.pyCode[p] = code;
      }
    }
  }

  /** The output rows, by PY then beneficiary_id (byte order), clamped; the clamps counted. */
  rows(): { rows: CclfRow[]; clamps: Clamps } {
    const clamps: Clamps = { expenditure: 0, participant: 0, primaryCare: 0, noDemographics: 0 };
    // each beneficiary's rank in byte order of its MBI (UTF-16 order is byte order for ASCII text)
    const mbis = this.beneMbi;
    const benes = Array.from({ length: mbis.length }, (_, i) => i);
    if (mbis.every((m) => /^[\x00-\x7f]*$/.test(m))) benes.sort((a, b) => (mbis[a]! < mbis[b]! ? -1 : mbis[a]! > mbis[b]! ? 1 : 0));
    else {
      const bytes = mbis.map((m) => Buffer.from(m, 'utf8'));
      benes.sort((a, b) => Buffer.compare(bytes[a]!, bytes[b]!));
    }
    const rank = new Int32Array(benes.length);
    benes.forEach((b, r) => {
      rank[b] = r;
    });
    // the pairs by PY, then rank: one key each, (PY - 2000) * 2^30 + rank (a beneficiary has one pair
    // a PY), sorted as numbers, and each key's pair found back from its beneficiary
    const keys = new Float64Array(this.pairs);
    for (let p = 0; p < keys.length; p++) keys[p] = (this.pyOf(p) - 2000) * 2 ** 30 + rank[this.pairBene[p]!]!;
    keys.sort();
    const order = Array.from(keys, (k) => {
      const py = 2000 + Math.floor(k / 2 ** 30);
      const b = benes[k % 2 ** 30]!;
      let p = this.benePairStart[b]!;
      while (this.pyOf(p) !== py) p++;
      return p;
    });
    const rows = order.map((p): CclfRow => {
      const b = this.pairBene[p]!;
      let e = this.blocks[4 * p]!;
      if (e < 0) {
        e = 0;
        clamps.expenditure++;
      }
      let ps = this.blocks[4 * p + 1]!;
      if (ps < 0 || ps > e) {
        ps = Math.min(Math.max(ps, 0), e);
        clamps.participant++;
      }
      let pc = this.blocks[4 * p + 2]!;
      if (pc < 0 || pc > ps) {
        pc = Math.min(Math.max(pc, 0), ps);
        clamps.primaryCare++;
      }
      let code = 0;
      if (this.pyFile[p]! >= 0) code = this.pyCode[p]!;
      else if (this.anyFile[b]! >= 0) code = this.anyCode[b]!;
      else clamps.noDemographics++;
      return { mbi: this.beneMbi[b]!, py: this.pyOf(p), expenditure: e, alignedMonths: popcount12(this.pairInfo[p]! & 4095), entitlement: Math.floor(code / 3), dual: code % 3, primaryCare: pc, participant: ps };
    });
    return { rows, clamps };
  }
}
