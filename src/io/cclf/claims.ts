// The claim files' hot loops (CCLF1, CCLF5, CCLF6): each line's fields read from its bytes, checked,
// and handed to the book (src/domain/cclf/book.ts) as numbers. Files come newest first, so the
// first copy of a record seen is the later file's (CCLF.md section 3, "Duplicates"); every copy is
// still checked, so an error does not depend on which copy counts.
import { recordOutcome, UNALIGNED, type CclfBook } from '../../domain/cclf/book.js';
import type { MbiInterner, PackedMbi, RecordSet } from '../../domain/cclf/keys.js';
import { packMbi } from '../../domain/cclf/keys.js';
import { BAD_DATE, monthIndexOf, parseAmount, parseDate, parseWhole, trimE, trimS } from './fixed.js';
import { CCLF1, CCLF5, CCLF6, type Field } from './layout.js';
import type { ClaimLog } from './claim-log.js';
import type { ProviderIndex } from './providers.js';
import type { Problems } from './side.js';

export interface ClaimContext {
  readonly book: CclfBook;
  readonly interner: MbiInterner;
  /** Interned MBI id → the first (beneficiary, PY) pair of its beneficiary (through the crosswalk), or -1. */
  readonly firstPairOfId: Int32Array;
  readonly providers: ProviderIndex;
  readonly problems: Problems;
  readonly excludeImeDshUcc: boolean;
  /** --add-back-reductions: CCLFA reductions by claim id, CCLFB by "id:line" (cents, unsigned as read). */
  readonly addBackA?: Map<number, number>;
  readonly addBackB?: Map<string, number>;
}

export const latin1 = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');

/** The line as an error shows it: whole, or from 100 columns before a far column ("..." first). */
export function excerpt(b: Uint8Array, s: number, e: number, column: number): { lineText: string; lineTextFrom?: number } {
  if (column <= 150) return { lineText: latin1(b, s, Math.min(e, s + 200)) };
  const from = column - 100;
  return { lineText: `...${latin1(b, s + from - 1, Math.min(e, s + from + 196))}`, lineTextFrom: from - 3 };
}

const DATE_HINT = 'a date is YYYY-MM-DD; blank, 1000-01-01 and 9999-12-31 mean none';
const MONEY_HINT = 'an amount is an optional -, digits, and an optional . with 1 or 2 decimals (e.g. -0000000200.00); blank is 0';

/** A field's problem, at its column. */
export function fieldProblem(ctx: { problems: Problems }, file: string, b: Uint8Array, s: number, e: number, line: number, f: Field, what: string, hint?: string): void {
  const fs = Math.min(s + f.at, e);
  const fe = Math.min(s + f.at + f.width, e);
  const text = latin1(b, trimS(b, fs, fe), trimE(b, fs, fe));
  ctx.problems.add({ file, line, column: f.at + 1, ...excerpt(b, s, e, f.at + 1), message: `field ${f.name} ${what}: ${JSON.stringify(text)}`, ...(hint ? { hint } : {}) });
}

/** A record longer than its layout. */
export function longProblem(problems: Problems, file: string, kind: string, length: number, b: Uint8Array, s: number, e: number, line: number): void {
  problems.add({ file, line, column: length + 1, ...excerpt(b, s, e, length + 1), message: `record longer than its layout: a CCLF${kind} record is ${length} characters, this line has ${e - s}${e - s > length + 200 ? ' or more' : ''}`, hint: 'each record is one line of the packet\'s fixed width; two records run together when a line end is missing' });
}

export const dateOf = (b: Uint8Array, s: number, e: number, f: Field): number => {
  const a = s + f.at;
  return a >= e ? 0 : parseDate(b, a, Math.min(a + f.width, e));
};
export const amountOf = (b: Uint8Array, s: number, e: number, f: Field): number => {
  const a = s + f.at;
  return a >= e ? 0 : parseAmount(b, a, Math.min(a + f.width, e));
};
export const wholeOf = (b: Uint8Array, s: number, e: number, f: Field): number => {
  const a = s + f.at;
  return a >= e ? -1 : parseWhole(b, a, Math.min(a + f.width, e));
};
const lo = (s: number, e: number, f: Field): number => Math.min(s + f.at, e);
const hi = (s: number, e: number, f: Field): number => Math.min(s + f.at + f.width, e);

/**
 * The first (beneficiary, PY) pair of the MBI field's beneficiary (through the crosswalk), or -1:
 * its slot's tag when it packs.
 */
export function pairOfMbi(ctx: Pick<ClaimContext, 'interner' | 'firstPairOfId'>, packed: PackedMbi, b: Uint8Array, s: number, e: number, f: Field): number {
  const ms = trimS(b, lo(s, e, f), hi(s, e, f));
  const me = trimE(b, ms, hi(s, e, f));
  if (ms === me) return -1;
  if (packMbi(b, ms, me, packed)) return ctx.interner.findTag(packed.hi, packed.lo);
  const id = ctx.interner.findText(latin1(b, ms, me));
  return id < 0 ? -1 : ctx.firstPairOfId[id]!;
}

/** The adjustment code: 0 blank or 0, 1, 2; -1 anything else. */
function adjOf(b: Uint8Array, s: number, e: number, f: Field): number {
  const v = wholeOf(b, s, e, f);
  if (v === -1) return 0;
  if (v >= 0 && v <= 2) return v;
  return -1;
}

/** A reader of one claim file's lines: (b, s, e, line) → checked, deduplicated, placed, added. */
export function claimLineReader(ctx: ClaimContext, kind: '1' | '5' | '6', file: string, seen: RecordSet, share = 0, shares = 1, log?: ClaimLog): (b: Uint8Array, s: number, e: number, line: number) => void {
  const L = kind === '1' ? CCLF1 : kind === '5' ? CCLF5 : CCLF6;
  const lineF = kind === '1' ? undefined : (L as typeof CCLF5).line;
  const lineThruF = kind === '1' ? undefined : (L as typeof CCLF5).lineThru;
  const { book, providers } = ctx;
  const counts = book.counts;
  const packed: PackedMbi = { hi: 0, lo: 0 };
  const removals = kind === '1' && ctx.excludeImeDshUcc ? CCLF1.removals : [];
  const addA = kind === '1' && ctx.addBackA?.size ? ctx.addBackA : undefined;
  const addB = kind === '5' && ctx.addBackB?.size ? ctx.addBackB : undefined;
  // the previous record's MBI field (bytes as read) and its first pair: a claim's lines follow one
  // another under one MBI, so most lookups are a comparison of 11 bytes (the tables do not change here)
  const mbiAt = L.mbi.at;
  const mbiWidth = L.mbi.width;
  const lastMbi = new Uint8Array(mbiWidth);
  let lastFirst = -2;
  return (b, s, e, line) => {
    // with several threads, each takes the records (id, line) whose sum falls to it: every copy of
    // a record in the same thread (a record with a bad id or line: the first thread)
    const id = wholeOf(b, s, e, L.id);
    const ln = lineF ? wholeOf(b, s, e, lineF) : 0;
    if (shares > 1 && (id < 0 || ln < 0 ? 0 : (id + ln) % shares) !== share) return;
    counts.records++;
    let ok = true;
    if (id < 0) {
      fieldProblem(ctx, file, b, s, e, line, L.id, id === -1 ? 'is empty' : 'is not a number', 'the claim id is up to 13 digits');
      ok = false;
    }
    if (lineF && ln < 0) {
      fieldProblem(ctx, file, b, s, e, line, lineF, ln === -1 ? 'is empty' : 'is not a number', 'the line number is up to 10 digits');
      ok = false;
    }
    const thru = dateOf(b, s, e, L.thru);
    if (thru === BAD_DATE) {
      fieldProblem(ctx, file, b, s, e, line, L.thru, 'is not a date', DATE_HINT);
      ok = false;
    }
    let lineThru = 0;
    if (lineThruF) {
      lineThru = dateOf(b, s, e, lineThruF);
      if (lineThru === BAD_DATE) {
        fieldProblem(ctx, file, b, s, e, line, lineThruF, 'is not a date', DATE_HINT);
        ok = false;
      }
    }
    const load = dateOf(b, s, e, L.load);
    if (load === BAD_DATE) {
      fieldProblem(ctx, file, b, s, e, line, L.load, 'is not a date', DATE_HINT);
      ok = false;
    }
    let amount = amountOf(b, s, e, L.amount);
    if (amount !== amount) {
      fieldProblem(ctx, file, b, s, e, line, L.amount, 'is not money', MONEY_HINT);
      ok = false;
    }
    for (const r of removals) {
      const v = amountOf(b, s, e, r);
      if (v !== v) {
        fieldProblem(ctx, file, b, s, e, line, r, 'is not money', MONEY_HINT);
        ok = false;
      } else amount -= v;
    }
    if (!ok) return;
    if (!seen.add(id, ln)) {
      counts.duplicates++;
      return;
    }
    const adj = adjOf(b, s, e, L.adj);
    let unknownAdj: string | undefined;
    if (adj < 0) {
      unknownAdj = latin1(b, trimS(b, lo(s, e, L.adj), hi(s, e, L.adj)), trimE(b, lo(s, e, L.adj), hi(s, e, L.adj)));
      book.unknownAdjustment(unknownAdj);
    }
    let first: number;
    const ms = s + mbiAt;
    if (ms + mbiWidth <= e) {
      let k = 0;
      if (lastFirst !== -2) while (k < mbiWidth && b[ms + k] === lastMbi[k]) k++;
      if (k === mbiWidth) first = lastFirst;
      else {
        first = lastFirst = pairOfMbi(ctx, packed, b, s, e, L.mbi);
        for (let j = 0; j < mbiWidth; j++) lastMbi[j] = b[ms + j]!;
      }
    } else first = pairOfMbi(ctx, packed, b, s, e, L.mbi);
    const date = lineThru > 0 ? lineThru : thru;
    if (first < 0 || date === 0) {
      counts.unaligned++;
      log?.push(id, ln, UNALIGNED, 0, unknownAdj);
      return;
    }
    const year = Math.floor(date / 10000);
    const month = Math.floor(date / 100) % 100;
    const p = book.place(first, year, month, load);
    if (p < 0) {
      log?.push(id, ln, p, 0, unknownAdj);
      return;
    }
    if (addA) amount += addA.get(id) ?? 0;
    else if (addB) amount += addB.get(`${id}:${ln}`) ?? 0;
    const signed = adj === 1 ? -amount : amount;
    let part = false;
    let prim = false;
    if (kind === '5') {
      part = providers.byTinNpi(year, b, lo(s, e, CCLF5.tin), hi(s, e, CCLF5.tin), lo(s, e, CCLF5.npi), hi(s, e, CCLF5.npi));
      prim = part && providers.primaryCare(b, lo(s, e, CCLF5.hcpcs), hi(s, e, CCLF5.hcpcs));
    } else {
      part = providers.byNpi(year, b, lo(s, e, L.npi), hi(s, e, L.npi));
    }
    book.add(p, signed, part, prim, year * 12 + month - 1, load > 0 ? monthIndexOf(load) : -1);
    log?.push(id, ln, recordOutcome(p, part, prim), signed, unknownAdj);
  };
}
