// `dcsim synth --cclf DIR`: the same population as `synth`'s CSV, written as CMS would send it: CCLF1
// (Part A headers), CCLF5 (Part B lines), CCLF6 (DME lines), CCLF8 (demographics) and CCLF9 (MBI
// changes), monthly and run-out, plus the three side files (participants.csv, alignment.csv,
// primary_care_codes.txt). Read back by the rules of ../shared/CCLF.md with an as-of date on or after
// the last load date, it gives exactly the CSV's id, PY, expenditure, aligned months, entitlement,
// dual status, primary care and participant spend.
//
// Each beneficiary-year's expenditure E, participant spend P and primary care spend C (cents) are split
// into claim lines whose cents add up exactly: C over participant CCLF5 lines with a primary care
// HCPCS; P − C over participant Part A claims, participant CCLF5 lines with other codes and participant
// DME lines; E − P over non-participant claims and lines (some with a primary care code, some at a
// participant NPI under another TIN). On top, records that must net to nothing or not count: Part A
// originals cancelled (code 1) and adjusted (code 2), some negative, some adjusted into another month;
// Part B lines cancelled and re-issued; copies re-sent in a later file (under a newer MBI when it changed
// meanwhile); claims in months that are not aligned; Part A claims with no thru date; stays that start
// in December of the year before. Loads lag the thru date by days to about ten months ("late loads").
//
// Pure and streamed: a generator of file pieces (FileEvent), one PY at a time, one beneficiary at a time.
import { fmix32 } from './draw.js';
import { beneficiarySeed, drawRow, newRowDraw, trends, type Plan } from './draw.js';
import {
  F, FILES_PER_KIND, FileBuffers, FixedRecord, creationDays, dayOf, daysInMonth, fileName, isoDay, windowOf, ymdOf,
  type FileEvent, type FileKind,
} from './cclf-layout.js';
import { mbiHistory, mbiOn, OTHER_CODES, PC_CODES, primaryCareCodesText, providers, Rng, type MbiHistory, type Providers } from './cclf-people.js';
import { planOf, type SynthOptions } from './generate.js';


/** Filled while the generator runs: what was written. */
export interface CclfStats {
  files: number;
  records: number;
  /** The latest CLM_IDR_LD_DT written (day number), or -1. */
  lastLoadDay: number;
}

export function lastLoadDate(s: CclfStats): string {
  return s.lastLoadDay < 0 ? '' : isoDay(s.lastLoadDay);
}

const KINDS: readonly FileKind[] = [1, 5, 6, 8, 9];
const PY_WITH_NINE_MONTHS = 2021;

/** Lag from thru date to load, in days: mostly within a month, a tail to about ten months. */
function lagDays(r: Rng): number {
  const u = r.next();
  return u < 0.6 ? 3 + r.int(30) : u < 0.85 ? 30 + r.int(60) : u < 0.97 ? 90 + r.int(180) : 270 + r.int(200);
}

/** `total` cents split into `n` non-negative parts that add up to it exactly. */
function split(r: Rng, total: number, n: number): number[] {
  if (n <= 0) return [];
  const w = Array.from({ length: n }, () => 0.2 + r.next());
  const sum = w.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let left = total;
  for (let k = 0; k < n - 1; k++) {
    const v = Math.min(left, Math.floor((total * w[k]!) / sum));
    out.push(v);
    left -= v;
  }
  out.push(left);
  return out;
}

const ADJ_TEXT: AdjSpellings = [['0 ', ' 0', '00', '0 '], ['1 ', '01', ' 1'], ['2 ', '02']];
type AdjSpellings = readonly [readonly string[], readonly string[], readonly string[]];

/** CCLF5's amount is X(15) text: written in several valid spellings. */
function partBAmount(r: Rng, cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = cents % 100;
  const u = r.next();
  if (u < 0.1 && frac === 0) return String(whole);
  if (u < 0.2 && frac % 10 === 0) return `${whole}.${frac / 10}`;
  const s = `${whole}.${String(frac).padStart(2, '0')}`;
  return u < 0.3 ? s.padStart(13, '0') : s;
}

interface Line {
  kind: 1 | 5 | 6;
  cents: number;
  participant: boolean;
  primaryCare: boolean;
}

/** The per-run state of the writer. */
class Writer {
  readonly buffers = new FileBuffers();
  readonly stats: CclfStats = { files: 0, records: 0, lastLoadDay: -1 };
  private nextId = 1;
  private readonly rec = { 1: new FixedRecord(1), 5: new FixedRecord(5), 6: new FixedRecord(6), 8: new FixedRecord(8), 9: new FixedRecord(9) };
  // the current PY
  p = 0;
  created: number[] = [];
  names: KindNames = { 1: [], 5: [], 6: [], 8: [], 9: [] };
  constructor(readonly prov: Providers) {}

  startYear(p: number): void {
    this.p = p;
    this.created = creationDays(p);
    for (const k of KINDS) {
      this.names[k] = this.created.map((c, w) => 'cclf/' + fileName(k, p, w, c));
      for (const name of this.names[k]) this.buffers.touch(name);
      this.stats.files += FILES_PER_KIND;
    }
  }
  id(): number {
    return this.nextId++;
  }
  record(kind: FileKind): FixedRecord {
    return this.rec[kind].clear();
  }
  /** Writes the record built by `fill` (given the MBI of the file's day) into file w; returns it. */
  put(kind: FileKind, w: number, h: MbiHistory, fill: (r: FixedRecord, mbi: string) => void): FixedRecord {
    const r = this.record(kind);
    fill(r, mbiOn(h, this.created[w]!));
    this.buffers.put(this.names[kind][w]!, r.bytes);
    this.stats.records++;
    return r;
  }
  /** The same record again in file w, under the MBI of that file's day. */
  resend(r: FixedRecord, w: number, h: MbiHistory): void {
    r.set(r.kind === 1 ? F.c1.mbi : F.c5.mbi, mbiOn(h, this.created[w]!));
    this.buffers.put(this.names[r.kind][w]!, r.bytes);
    this.stats.records++;
  }
  load(day: number): number {
    const last = this.created[FILES_PER_KIND - 1]!;
    const d = Math.min(day, last);
    if (d > this.stats.lastLoadDay) this.stats.lastLoadDay = d;
    return d;
  }
}
type KindNames = { [k in FileKind]: string[] };

/** A claim record (one version) of kind 1, 5 or 6, ready to be written into its file(s). */
interface Claim {
  kind: 1 | 5 | 6;
  id: number;
  line: number;
  adj: 0 | 1 | 2;
  cents: number;
  from: number;
  /** Claim thru day, or a missing-date spelling. */
  thru: number | string;
  /** Line thru day (CCLF5/6), or a missing-date spelling. */
  lineThru: number | string;
  /** Load day, or -1 for a missing load date. */
  load: number;
  npi: string;
  tin: string;
  hcpcs: string;
}

function dateText(v: number | string): string {
  return typeof v === 'number' ? isoDay(v) : v;
}

/** Writes one claim record into its file, and sometimes again into a later file of the same PY. */
function emit(wr: Writer, r: Rng, h: MbiHistory, c: Claim): void {
  const w = c.load < 0 ? r.int(FILES_PER_KIND) : windowOf(wr.created, c.load);
  const fill = (rec: FixedRecord, mbi: string): void => {
    rec.number(F.uniq, c.id);
    const adj = r.pick(ADJ_TEXT[c.adj]);
    const load = c.load < 0 ? '' : isoDay(c.load);
    if (c.kind === 1) {
      rec.text(F.c1.mbi, mbi).text(F.c1.from, isoDay(c.from)).text(F.c1.thru, dateText(c.thru)).amount(F.c1.paid, c.cents)
        .text(F.c1.facNpi, c.npi).text(F.c1.adj, adj).text(F.c1.load, load).text(F.c1.ccn, '99' + c.npi.slice(-4));
      if (c.cents > 1000 && r.next() < 0.3) {
        rec.amount(F.c1.capIme, Math.floor(c.cents / 50)).amount(F.c1.opIme, Math.floor(c.cents / 20))
          .amount(F.c1.capDsh, Math.floor(c.cents / 80)).amount(F.c1.ucc, Math.floor(c.cents / 40)).amount(F.c1.opDsh, Math.floor(c.cents / 30));
      }
    } else if (c.kind === 5) {
      const paid = partBAmount(r, c.cents);
      rec.number(F.line, c.line).text(F.c5.mbi, mbi).text(F.c5.thru, dateText(c.thru)).text(F.c5.lineThru, dateText(c.lineThru))
        .text(F.c5.hcpcs, c.hcpcs).text(F.c5.adj, adj).text(F.c5.load, load).text(F.c5.tin, c.tin).text(F.c5.npi, c.npi)
        .text(F.c5.cntl, 'C' + String(c.id).padStart(13, '0'));
      if (r.next() < 0.5) rec.text(F.c5.paid, paid);
      else rec.right(F.c5.paid, paid);
    } else {
      rec.number(F.line, c.line).text(F.c6.mbi, mbi).text(F.c6.thru, dateText(c.thru)).text(F.c6.lineThru, dateText(c.lineThru))
        .amount(F.c6.paid, c.cents).text(F.c6.npi, c.npi).text(F.c6.adj, adj).text(F.c6.load, load);
    }
  };
  const rec = wr.put(c.kind, w, h, fill);
  // re-sent in a later file: more often when the MBI changed after this file was made
  const newer = h.changes.length > 0 && wr.created[w]! < h.changes[h.changes.length - 1]!;
  if (w < FILES_PER_KIND - 1 && r.next() < (newer ? 0.3 : 0.03)) {
    let w2 = w + 1 + r.int(FILES_PER_KIND - 1 - w);
    if (newer) {
      const after = wr.created.findIndex((d) => d >= h.changes[h.changes.length - 1]!);
      if (after > w) w2 = after;
    }
    wr.resend(rec, w2, h);
  }
}

const MISSING_DATES = ['', '1000-01-01', '9999-12-31'];

/** One beneficiary-year: alignment rows, demographics, MBI changes, claims. */
function beneficiaryYear(wr: Writer, plan: Plan, i: number, p: number, tr: { bTrend: number; mTrend: number }, span: { from: number; to: number; lastYear: number }): void {
  const row = ROW;
  drawRow(plan, i, p, tr.bTrend, tr.mTrend, row);
  const bseed = beneficiarySeed(plan, i);
  const current = 'B' + String(i).padStart(plan.idWidth, '0');
  const h = mbiHistory(bseed, i, current, span.from, span.to);
  const r = new Rng(fmix32(bseed ^ Math.imul(p, 0x2c1b3c6d) ^ 0x0cc1f0cc));

  // aligned months: one range, two disjoint ranges, or two overlapping ones; some under an old MBI
  const lo = p === PY_WITH_NINE_MONTHS ? 4 : 1;
  const k = row.months;
  const ranges: [number, number][] = [];
  if (k >= 2 && 12 - lo + 1 - k >= 1 && r.next() < 0.4) {
    const k1 = 1 + r.int(k - 1);
    const room = 12 - lo + 1 - k; // months left out
    const before = r.int(room);
    const gap = 1 + r.int(room - before);
    const s1 = lo + before;
    ranges.push([s1, s1 + k1 - 1], [s1 + k1 - 1 + gap + 1, s1 + k1 - 1 + gap + (k - k1)]);
  } else if (k === 12 - lo + 1 && k >= 3 && r.next() < 0.2) {
    const a = lo + 1 + r.int(k - 2);
    ranges.push([lo, a], [a - r.int(2), 12]);
  } else {
    const s = lo + r.int(12 - lo + 1 - k + 1);
    ranges.push([s, s + k - 1]);
  }
  const aligned: number[] = [];
  for (const [s, e] of ranges) for (let m = s; m <= e; m++) if (!aligned.includes(m)) aligned.push(m);
  aligned.sort((a, b) => a - b);
  for (const [s, e] of ranges) {
    const mbi = h.mbis.length > 1 && r.next() < 0.4 ? h.mbis[r.int(h.mbis.length - 1)]! : current;
    wr.buffers.putText('alignment.csv', `${mbi},${p},${s},${e}\n`);
  }

  demographics(wr, r, h, row.esrd, row.dual);
  // MBI changes: in the CCLF9 file of the PY of the change (the last PY takes those after it)
  for (let c = 0; c < h.changes.length; c++) {
    const t = h.changes[c]!;
    const y = Math.min(ymdOf(t).y, span.lastYear);
    if (y !== p) continue;
    wr.put(9, windowOf(wr.created, t), h, (rec) => {
      rec.text(F.c9.ind, 'M').text(F.c9.crnt, h.mbis[c + 1]!).text(F.c9.prvs, h.mbis[c]!).date(F.c9.effective, t).date(F.c9.obsolete, t);
    });
  }
  if (r.next() < 0.01) void wr.put(9, r.int(FILES_PER_KIND), h, (rec) => rec.text(F.c9.ind, 'M').text(F.c9.crnt, current).text(F.c9.prvs, current));

  // the money: C, P − C, E − P as lines
  const E = row.expenditure;
  const P = row.participant;
  const C = row.primaryCare;
  const lines: Line[] = [];
  const add = (total: number, participant: boolean, counts: [number, number, number]): void => {
    const parts = split(r, total, counts[0] + counts[1] + counts[2]);
    parts.forEach((cents, j) => {
      const kind = j < counts[0] ? 1 : j < counts[0] + counts[1] ? 5 : 6;
      lines.push({ kind, cents, participant, primaryCare: false });
    });
  };
  if (E > 0) {
    if (C > 0) for (const cents of split(r, C, 1 + r.int(3))) lines.push({ kind: 5, cents, participant: true, primaryCare: true });
    if (P - C > 0) add(P - C, true, [r.int(2), 1 + r.int(2), r.next() < 0.3 ? 1 : 0]);
    if (E - P > 0) add(E - P, false, [r.int(3), 1 + r.int(3), r.next() < 0.3 ? 1 : 0]);
  }
  const month = (): number => aligned[r.int(aligned.length)]!;
  const dayIn = (m: number): number => dayOf(p, m, 1 + r.int(daysInMonth(p, m)));
  // Part B lines grouped into claims of 1–3 lines
  const partB = lines.filter((l) => l.kind === 5);
  for (let at = 0; at < partB.length; ) {
    const size = Math.min(partB.length - at, 1 + r.int(3));
    const m = month();
    const thru = dayIn(m);
    const id = wr.id();
    const load = wr.load(thru + lagDays(r));
    for (let ln = 1; ln <= size; ln++) {
      const l = partB[at++]!;
      const pair = partBProvider(wr.prov, r, p, l);
      const lineThru = r.next() < 0.05 ? r.pick(MISSING_DATES) : dayOf(p, m, 1 + r.int(daysInMonth(p, m)));
      const lineDay = typeof lineThru === 'number' ? Math.min(lineThru, thru) : lineThru;
      const base: Claim = { kind: 5, id, line: ln, adj: 0, cents: l.cents, from: thru, thru, lineThru: lineDay, load, ...pair };
      reissued(wr, r, h, base);
    }
  }
  for (const l of lines) {
    if (l.kind === 5) continue;
    const thru = dayIn(month());
    const npi = l.participant ? r.pick(wr.prov.pairs(p)).npi : r.pick(wr.prov.outsideNpis(p));
    const load = wr.load(thru + lagDays(r));
    if (l.kind === 6) {
      reissued(wr, r, h, { kind: 6, id: wr.id(), line: 1, adj: 0, cents: l.cents, from: thru, thru, lineThru: thru, load, npi, tin: '', hcpcs: '' });
      continue;
    }
    // a stay from late December of the year before, counted in January by its thru date
    const from = ymdOf(thru).m === 1 && r.next() < 0.3 ? dayOf(p - 1, 12, 20 + r.int(12)) : thru - r.int(ymdOf(thru).d);
    const claim: Claim = { kind: 1, id: wr.id(), line: 0, adj: 0, cents: l.cents, from, thru, lineThru: '', load, npi, tin: '', hcpcs: '' };
    if (r.next() < 0.12) {
      // original (sometimes negative), its cancellation, then the adjustment (perhaps in another month)
      const orig = r.next() < 0.15 ? -(1 + r.int(50_000)) : Math.max(0, l.cents + r.between(-l.cents, 20_000));
      const origLoad = wr.load(thru + lagDays(r));
      const later = wr.load(origLoad + 1 + lagDays(r));
      emit(wr, r, h, { ...claim, id: wr.id(), cents: orig, load: origLoad });
      emit(wr, r, h, { ...claim, id: wr.id(), adj: 1, cents: orig, load: later });
      const moved = r.next() < 0.3 ? dayIn(month()) : thru;
      emit(wr, r, h, { ...claim, adj: 2, thru: moved, from: Math.min(from, moved), load: Math.max(later, wr.load(moved + 3)) });
    } else {
      emit(wr, r, h, claim);
    }
  }

  // records that must not count: a month that is not aligned; a Part A claim with no thru date
  const unaligned: number[] = [];
  for (let m = 1; m <= 12; m++) if (!aligned.includes(m)) unaligned.push(m);
  if (unaligned.length > 0 && r.next() < 0.2) {
    const thru = dayIn(r.pick(unaligned));
    const pair = r.pick(wr.prov.pairs(p));
    emit(wr, r, h, { kind: 5, id: wr.id(), line: 1, adj: 0, cents: 1 + r.int(50_000), from: thru, thru, lineThru: thru, load: wr.load(thru + lagDays(r)), tin: pair.tin, npi: pair.npi, hcpcs: r.pick(PC_CODES) });
  }
  if (r.next() < 0.03) {
    const from = dayIn(month());
    emit(wr, r, h, { kind: 1, id: wr.id(), line: 0, adj: 0, cents: 1 + r.int(90_000), from, thru: r.pick(MISSING_DATES), lineThru: '', load: wr.load(from + lagDays(r)), npi: r.pick(wr.prov.outsideNpis(p)), tin: '', hcpcs: '' });
  }
}

const ROW = newRowDraw();


/** A Part B line's rendering TIN/NPI and HCPCS: a participant pair, or not (an outsider, or a
 *  participant NPI billing under another TIN). */
function partBProvider(prov: Providers, r: Rng, p: number, l: Line): { tin: string; npi: string; hcpcs: string } {
  if (l.participant) return { ...r.pick(prov.pairs(p)), hcpcs: r.pick(l.primaryCare ? PC_CODES : OTHER_CODES) };
  const hcpcs = r.pick(r.next() < 0.4 ? PC_CODES : OTHER_CODES);
  if (r.next() < 0.3) {
    const pair = r.pick(prov.pairs(p));
    return { tin: r.pick(prov.outsideTins), npi: pair.npi, hcpcs };
  }
  return { tin: r.pick(prov.outsideTins), npi: r.pick(prov.outsideNpis(p)), hcpcs };
}

/** A Part B or DME line, sometimes first written with another amount, then cancelled and re-issued
 *  (Part B files carry no adjustments, CCLF.md section 3). */
function reissued(wr: Writer, r: Rng, h: MbiHistory, c: Claim): void {
  if (r.next() >= 0.06) return emit(wr, r, h, c);
  const orig = Math.max(0, c.cents + r.between(-c.cents, 10_000));
  const later = wr.load(c.load + 1 + lagDays(r));
  emit(wr, r, h, { ...c, cents: orig });
  emit(wr, r, h, { ...c, id: wr.id(), adj: 1, cents: orig, load: later });
  emit(wr, r, h, { ...c, id: wr.id(), load: later });
}

// Status codes (CCLF.md section 4, Table 21 and the dual status list), several spellings each.
const STATUS = { aged: ['10', '20', ''], esrd: ['11', '21', '31'] };
const DUAL = [['00', '09', '99', 'NA', ''], ['01', '03', '05', '06'], ['02', '04', '08', '10']];

/** CCLF8 rows: in the PY's first file, sometimes beside a stale row with an earlier range start, or
 *  wrong there and corrected in a later file; a few beneficiaries with the defaults are not listed. */
function demographics(wr: Writer, r: Rng, h: MbiHistory, esrd: boolean, dual: number): void {
  const status = r.pick(esrd ? STATUS.esrd : STATUS.aged);
  const dualCode = r.pick(DUAL[dual]!);
  const wrongStatus = r.pick(esrd ? STATUS.aged : STATUS.esrd);
  const wrongDual = r.pick(DUAL[(dual + 1 + r.int(2)) % 3]!);
  const start = dayOf(wr.p, 1, 1);
  const row = (w: number, s: string, d: string, bgn: number | string): void => {
    wr.put(8, w, h, (rec, mbi) => rec.text(F.c8.mbi, mbi).text(F.c8.status, s).text(F.c8.dual, d).text(F.c8.rngBgn, dateText(bgn)));
  };
  const u = r.next();
  if (u < 0.08) {
    const stale = (): void => row(0, wrongStatus, wrongDual, r.next() < 0.5 ? dayOf(wr.p - 1, 1, 1) : '');
    if (r.next() < 0.5) stale();
    row(0, status, dualCode, start);
    if (r.next() < 0.5) stale();
  } else if (u < 0.12) {
    row(0, wrongStatus, wrongDual, start);
    row(1 + r.int(FILES_PER_KIND - 1), status, dualCode, start);
  } else if (u < 0.14 && !esrd && dual === 0) {
    // not listed in this PY's files
  } else {
    row(0, status, dualCode, start);
  }
}

/**
 * The CCLF set as file pieces: `participants.csv`, `primary_care_codes.txt`, then per PY its
 * `cclf/…` files, and `alignment.csv` last. Every file is closed by an `end` event. Options are checked
 * as synthCsv checks them. `stats` is filled as the generator runs.
 */
export function* synthCclf(opts: SynthOptions, stats?: CclfStats): Generator<FileEvent> {
  const plan = planOf(opts);
  const years = [...opts.years].sort((a, b) => a - b);
  const wr = new Writer(providers(opts.seed));
  if (years.length === 0) return;
  const lastYear = years[years.length - 1]!;
  const span = { from: dayOf(years[0]!, 1, 1), to: creationDays(lastYear)[FILES_PER_KIND - 1]!, lastYear };
  let participants = 'performance_year,tin,npi\n';
  for (const p of years) for (const { tin, npi } of wr.prov.pairs(p)) participants += `${p},${tin},${npi}\n`;
  wr.buffers.putText('participants.csv', participants);
  wr.buffers.putText('primary_care_codes.txt', primaryCareCodesText());
  wr.buffers.close();
  wr.buffers.putText('alignment.csv', 'mbi,performance_year,start_month,end_month\n');
  for (const p of years) {
    wr.startYear(p);
    const tr = trends(plan, p);
    for (let i = 1; i <= opts.beneficiaries; i++) {
      beneficiaryYear(wr, plan, i, p, tr, span);
      if (wr.buffers.queue.length > 0) yield* drain(wr.buffers);
    }
    wr.buffers.close((f) => f.startsWith('cclf/'));
    yield* drain(wr.buffers);
  }
  wr.buffers.close();
  yield* drain(wr.buffers);
  if (stats) Object.assign(stats, wr.stats, { files: wr.stats.files + 3 });
}

function* drain(b: FileBuffers): Generator<FileEvent> {
  const q = b.queue.splice(0, b.queue.length);
  yield* q;
}
