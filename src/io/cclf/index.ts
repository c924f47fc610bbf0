// readCclf(): a folder of CCLF files and dcsim's three side files → the beneficiary-year rows of
// CCLF.md section 5, through the book of src/domain/cclf/. Order of work: the names (and, for two
// threads, the worker started, so that it boots meanwhile); the side files; every CCLF9 (oldest
// first: a later row replaces an earlier) → the crosswalk, followed to its end; alignment (its MBIs
// through the crosswalk); CCLFA/B with --add-back-reductions; the worker given its claim files;
// CCLF8 (oldest first); then CCLF1, 5 and 6 newest first. Errors are collected up to maxErrors (the
// reading stops after the file where the limit is reached) and thrown as one DcsimError, listed in
// the order of the files (CCLF8's before CCLFA/B's).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DcsimError } from '../../domain/errors.js';
import { CclfBook, type CclfCounts, type CclfRow, type Clamps, type OnRecord } from '../../domain/cclf/book.js';
import { Crosswalk, resolveCrosswalk } from '../../domain/cclf/crosswalk.js';
import { MbiInterner, type PackedMbi } from '../../domain/cclf/keys.js';
import { cutByFile, defaultThreads, readClaimFiles } from './claim-files.js';
import type { ClaimJob } from './cclf-worker.js';
import { ClaimWorker } from './claim-worker.js';
import { amountOf, pairOfMbi, dateOf, fieldProblem, latin1, longProblem, wholeOf, type ClaimContext } from './claims.js';
import { BAD_DATE, trimE, trimS } from './fixed.js';
import { listCclf, pumpFile, type CclfFile, type CclfListing } from './folder.js';
import { CCLF8, CCLF9, CCLFA, CCLFB, RECORD_LENGTH } from './layout.js';
import { LineFeeder, type OnLine } from './lines.js';
import { ProviderIndex } from './providers.js';
import { Problems, readAlignment, readCodes, readParticipants } from './side.js';

export interface CclfReadOptions {
  readonly dir: string;
  readonly participants: string;
  readonly alignment: string;
  readonly primaryCareCodes: string;
  /** yyyymmdd */
  readonly asOf: number;
  readonly excludeImeDshUcc?: boolean;
  readonly addBackReductions?: boolean;
  readonly maxErrors?: number;
  /** Called for every counted record (the lag triangle; reading on one thread then). */
  readonly onRecord?: OnRecord;
  /** 1, or 2: the claim files read by two threads (default: claim-files.ts defaultThreads). */
  readonly threads?: number;
}

const WORKER = new URL('./cclf-worker.js', import.meta.url);

export interface CclfReadResult {
  readonly rows: readonly CclfRow[];
  readonly clamps: Clamps;
  readonly counts: CclfCounts;
  /** Files read, by kind ('1', '5', ...). */
  readonly filesByKind: ReadonlyMap<string, number>;
  /** Files whose names are not CCLF names. */
  readonly ignored: number;
  /** With --add-back-reductions: CCLFA/CCLFB files read and their records. */
  readonly addBack?: { readonly files: number; readonly records: number };
  /** Notes for stderr (one line each). */
  readonly notes: readonly string[];
  /** How the claim files were read. */
  readonly reading: ClaimReading;
}

/** How the claim files were read (the stats that say which path ran). */
export interface ClaimReading {
  readonly threads: number;
  /** 'files': the worker read the older files; 'keys': both threads read every file, each half the records. */
  readonly split: 'none' | 'files' | 'keys';
  /** With 'files': how many of the (newest-first) claim files the worker read. */
  readonly workerFiles?: number;
  /** Records the worker counted whose later copy was in the main thread's files (taken back). */
  readonly retracted: number;
  /** Bytes held by the duplicate rule's keys (and the worker's log). */
  readonly keyBytes: number;
}

/**
 * The main thread's share of the claim bytes when split by file: more than half, since the worker
 * boots later, logs what it counts, and its older files hold fewer records loaded after --as-of (the
 * cheapest kind). On the 10M-line bench set the worker ended 0.4-0.6 s after the main thread at 0.56
 * and about with it at 0.6, before the main thread takes back what the log holds (0.3-0.4 s).
 */
const MAIN_SHARE = 0.6;
/** A cut between files that leaves either thread less than this share is not taken (split by key instead). */
const LEAST_SHARE = 0.3;

async function eachLine(f: CclfFile, problems: Problems, onLine: OnLine): Promise<void> {
  const length = RECORD_LENGTH[f.kind] ?? 0;
  const feeder = new LineFeeder(length, onLine, (b, s, e, line) => longProblem(problems, f.display, f.kind, length, b, s, e, line));
  await pumpFile(f, (c) => feeder.feed(c));
  feeder.end();
}

/** Read the folder and the side files; the rows of CCLF.md section 5, or a DcsimError. */
export async function readCclf(o: CclfReadOptions): Promise<CclfReadResult> {
  const listing = await listCclf(o.dir, o.dir);
  const claims = listing.files.filter((f) => f.kind === '1' || f.kind === '5' || f.kind === '6').reverse();
  const threads = o.onRecord || !existsSync(fileURLToPath(WORKER)) ? 1 : o.threads ?? defaultThreads(claims);
  // the worker boots while the side files are read; it waits for its job
  const worker = threads === 2 ? new ClaimWorker(WORKER) : undefined;
  try {
    return await readWith(o, listing, claims, worker);
  } finally {
    await worker?.terminate();
  }
}

/** The crosswalk's links, from every CCLF9 row (oldest file first), with where each was read. */
async function readLinks(files: readonly CclfFile[], problems: Problems, interner: MbiInterner, cw: Crosswalk): Promise<{ file: CclfFile; line: number }[]> {
  const linkAt: { file: CclfFile; line: number }[] = [];
  for (const f of files) {
    await eachLine(f, problems, (b, s, e, line) => {
      const cs = trimS(b, Math.min(s + CCLF9.crnt.at, e), Math.min(s + CCLF9.crnt.at + 11, e));
      const ce = trimE(b, cs, Math.min(s + CCLF9.crnt.at + 11, e));
      const ps = trimS(b, Math.min(s + CCLF9.prvs.at, e), Math.min(s + CCLF9.prvs.at + 11, e));
      const pe = trimE(b, ps, Math.min(s + CCLF9.prvs.at + 11, e));
      if (cs === ce || ps === pe) return;
      const crnt = latin1(b, cs, ce);
      const prvs = latin1(b, ps, pe);
      if (crnt === prvs) return;
      linkAt.push({ file: f, line });
      cw.link(interner.intern(prvs), interner.intern(crnt), linkAt.length - 1);
    });
  }
  return linkAt;
}

interface AddBack {
  readonly a: Map<number, number>;
  readonly b: Map<string, number>;
  readonly stats: { readonly files: number; readonly records: number };
}

/** --add-back-reductions: the VTAPM PBP reduction of each claim (A) and line (B), a later file winning. */
async function readAddBack(files: readonly CclfFile[], problems: Problems): Promise<AddBack> {
  const a = new Map<number, number>();
  const bs = new Map<string, number>();
  let records = 0;
  const ab = files.filter((f) => f.kind === 'A' || f.kind === 'B');
  for (const f of ab) {
    const L = f.kind === 'A' ? CCLFA : CCLFB;
    await eachLine(f, problems, (b, s, e, line) => {
      records++;
      const id = wholeOf(b, s, e, L.id);
      if (id < 0) return fieldProblem({ problems }, f.display, b, s, e, line, L.id, id === -1 ? 'is empty' : 'is not a number');
      const v = amountOf(b, s, e, L.reduction);
      if (v !== v) return fieldProblem({ problems }, f.display, b, s, e, line, L.reduction, 'is not money');
      if (f.kind === 'A') a.set(id, v);
      else {
        const ln = wholeOf(b, s, e, CCLFB.line);
        if (ln < 0) return fieldProblem({ problems }, f.display, b, s, e, line, CCLFB.line, ln === -1 ? 'is empty' : 'is not a number');
        bs.set(`${id}:${ln}`, v);
      }
    });
  }
  return { a, b: bs, stats: { files: ab.length, records } };
}

/** Demographics: CCLF8, oldest file first (a later file, then a later row, wins). */
async function readDemographics(files: readonly CclfFile[], all: readonly CclfFile[], problems: Problems, interner: MbiInterner, firstPairOfId: Int32Array, book: CclfBook): Promise<void> {
  const packed: PackedMbi = { hi: 0, lo: 0 };
  const tables = { interner, firstPairOfId };
  for (const f of files) {
    const order = all.indexOf(f);
    await eachLine(f, problems, (b, s, e, line) => {
      const rng = dateOf(b, s, e, CCLF8.rng);
      if (rng === BAD_DATE) {
        fieldProblem({ problems }, f.display, b, s, e, line, CCLF8.rng, 'is not a date', 'a date is YYYY-MM-DD; blank, 1000-01-01 and 9999-12-31 mean none');
        return;
      }
      const first = pairOfMbi(tables, packed, b, s, e, CCLF8.mbi);
      if (first < 0) return;
      book.demographics(book.beneficiaryOfPair(first), order, f.yy, rng, wholeOf(b, s, e, CCLF8.mdcr), wholeOf(b, s, e, CCLF8.dual));
    });
  }
}

async function readWith(o: CclfReadOptions, listing: CclfListing, claims: readonly CclfFile[], worker: ClaimWorker | undefined): Promise<CclfReadResult> {
  const problems = new Problems(o.maxErrors ?? 20);
  const files = listing.files;
  const participants = await readParticipants(o.participants, problems);
  const alignment = await readAlignment(o.alignment, problems);
  const codes = await readCodes(o.primaryCareCodes);
  problems.throwIfAny();
  const byKind = (k: string): CclfFile[] => files.filter((f) => f.kind === k);
  const notes: string[] = [];

  const interner = new MbiInterner(alignment.length);
  const cw = new Crosswalk();
  const linkAt = await readLinks(byKind('9'), problems, interner, cw);
  const alignIds = Int32Array.from(alignment, (a) => interner.intern(a.mbi));
  const res = resolveCrosswalk(cw, interner.size);
  if (!res.ok) {
    const at = linkAt[res.where]!;
    let text = '';
    await eachLine(at.file, problems, (b, s, e, line) => {
      if (line === at.line) text = latin1(b, s, e);
    });
    throw new DcsimError([{ file: at.file.display, line: at.line, column: CCLF9.crnt.at + 1, lineText: text, message: `field CRNT_NUM closes a loop in the MBI crosswalk: ${res.cycle.map((id) => interner.texts[id]).join(' → ')}`, hint: 'each previous MBI must lead, through the CCLF9 rows, to one current MBI' }], 1);
  }
  problems.throwIfAny();
  const end = res.end;

  const book = new CclfBook(o.asOf, o.onRecord);
  alignment.forEach((a, i) => {
    const c = end[alignIds[i]!]!;
    book.align(book.beneficiary(c, interner.texts[c]!), a.py, a.start, a.end);
  });
  book.freeze();
  // each MBI id's first (beneficiary, PY) pair, also kept in the MBI's slot (one lookup a record)
  const firstPairOfId = new Int32Array(interner.size);
  for (let id = 0; id < firstPairOfId.length; id++) {
    const bene = book.beneficiaryOf(end[id]!);
    firstPairOfId[id] = bene < 0 ? -1 : book.firstPair(bene);
  }
  interner.tag(firstPairOfId);

  // CCLFA/B before CCLF8 (the worker's job needs them), their problems listed after CCLF8's
  const abProblems = new Problems(o.maxErrors ?? 20);
  const addBack = o.addBackReductions ? await readAddBack(files, abProblems) : undefined;
  if (addBack?.stats.files === 0) notes.push('--add-back-reductions: the folder has no CCLFA or CCLFB file: nothing added back');
  const addBackMaps = addBack && addBack.stats.files > 0 ? { addBackA: addBack.a, addBackB: addBack.b } : {};

  const job = worker ? claimJob(o, claims, interner, firstPairOfId, book, participants, codes, addBackMaps) : undefined;
  if (worker && job) worker.start(job.job);

  await readDemographics(byKind('8'), files, problems, interner, firstPairOfId, book);
  for (const d of abProblems.list) problems.add(d);
  problems.more += abProblems.more;
  problems.throwIfAny();

  // the claims, newest file first: on this thread, or shared with the worker
  const providers = new ProviderIndex(participants, codes);
  if (providers.unusualCodes) notes.push(`${providers.unusualCodes} primary-care code(s) are not 1-5 letters and digits (compared as text)`);
  const ctx: ClaimContext = { book, interner, firstPairOfId, providers, problems, excludeImeDshUcc: o.excludeImeDshUcc === true, ...addBackMaps };
  const reading = worker && job
    ? await readClaimsWithWorker(ctx, claims, job.cut, worker)
    : { threads: 1, split: 'none' as const, retracted: 0, keyBytes: (await readClaimFiles(ctx, claims)).bytes };
  problems.throwIfAny();

  const { rows, clamps } = book.rows();
  const filesByKind = new Map<string, number>();
  for (const f of files) filesByKind.set(f.kind, (filesByKind.get(f.kind) ?? 0) + 1);
  return { rows, clamps, counts: book.counts, filesByKind, ignored: listing.ignored, ...(addBack ? { addBack: addBack.stats } : {}), notes, reading };
}

/**
 * The worker's job: the older claim files (the main thread reads the newer), or, with no good cut
 * between files, every file and half the records by key (cut -1).
 */
function claimJob(
  o: CclfReadOptions, claims: readonly CclfFile[], interner: MbiInterner, firstPairOfId: Int32Array, book: CclfBook,
  participants: ClaimJob['participants'], codes: readonly string[], addBackMaps: Pick<ClaimJob, 'addBackA' | 'addBackB'>,
): { job: ClaimJob; cut: number } {
  const cut = cutByFile(claims, MAIN_SHARE, LEAST_SHARE);
  const job: ClaimJob = {
    files: cut > 0 ? claims.slice(cut) : claims, split: cut > 0 ? 'files' : 'keys', asOf: o.asOf, maxErrors: o.maxErrors ?? 20,
    interner: interner.lookupState(), firstPairOfId, layout: book.layout(), participants, codes, excludeImeDshUcc: o.excludeImeDshUcc === true, ...addBackMaps,
  };
  return { job, cut };
}

/** The claims on two threads; the worker's sums, counts and problems merged into the main thread's. */
async function readClaimsWithWorker(ctx: ClaimContext, claims: readonly CclfFile[], cut: number, worker: ClaimWorker): Promise<ClaimReading> {
  const { book, problems } = ctx;
  const byFile = cut > 0;
  const mine = await readClaimFiles(ctx, byFile ? claims.slice(0, cut) : claims, byFile ? {} : { share: 0, shares: 2 });
  // split by file, the list of errors full in the newer files is the whole list: no need to wait
  // for the worker (readCclf stops it)
  if (byFile && problems.full) problems.throwIfAny();
  // the worker's logs (split by file), kept until now, are taken back now and as they come, so the
  // work overlaps the worker's last files
  worker.keysIn(book, mine.sets);
  const r = await worker.result;
  book.merge(r.blocks, r.counts);
  if (byFile) {
    // the worker's problems after the main thread's, file by file, up to the file where the list
    // is full (where one thread would have stopped reading)
    let at = 0;
    for (const n of r.problemsByFile) {
      if (problems.full) break;
      for (let j = 0; j < n; j++, at++) {
        const d = r.problems[at];
        if (d) problems.add(d);
        else problems.more++;
      }
    }
  } else {
    for (const d of r.problems) problems.add(d);
    problems.more += r.more;
    // the same listing as one thread gives: by file (newest first), then line
    const order = new Map(claims.map((f, i) => [f.display, i]));
    problems.list.sort((a, b) => (order.get(a.file ?? '') ?? 0) - (order.get(b.file ?? '') ?? 0) || (a.line ?? 0) - (b.line ?? 0));
  }
  return { threads: 2, split: byFile ? 'files' : 'keys', ...(byFile ? { workerFiles: claims.length - cut } : {}), retracted: worker.retracted, keyBytes: mine.bytes + r.bytes };
}
