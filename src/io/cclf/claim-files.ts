// The claims phase (CCLF1, 5, 6, newest file first), as one thread's part. The main thread runs it
// alone, or with a worker (cclf-worker.ts) in one of two ways (index.ts chooses):
// - by file: the main thread reads the newer files and the worker the older ones, logging every
//   record it counts (claim-log.ts, posted file by file) so that the main thread can take back the
//   older copies of records that its own files hold; the main thread reads about 60% of the bytes;
// - by key, when no cut between files leaves each thread 30% of the bytes (one big file): both
//   threads read every file and each takes the records whose (CUR_CLM_UNIQ_ID + CLM_LINE_NUM)
//   modulo 2 is its share, so every copy of a record falls to one thread and the duplicate rule
//   holds within it.
// Each thread adds into its own sums, which are added together at the end (exact: integer cents
// below 2^53).
import { RecordSet } from '../../domain/cclf/keys.js';
import { ClaimLog, type ClaimLogData } from './claim-log.js';
import { claimLineReader, longProblem, type ClaimContext } from './claims.js';
import { pumpFile, type CclfFile } from './folder.js';
import { RECORD_LENGTH } from './layout.js';
import { LineFeeder } from './lines.js';

/** A claim file, as the main thread hands it to a worker. */
export type ClaimFile = CclfFile;

export interface ClaimPart {
  /** Share `share` of `shares` of the records, by key (default 0 of 1: all). */
  readonly share?: number;
  readonly shares?: number;
  /** The older files' thread: each file's log of the records that passed the duplicate check, when the file is read. */
  readonly onLog?: (kind: string, log: ClaimLogData) => void;
}

export interface ClaimPartResult {
  /** The duplicate rule's keys, by file kind. */
  readonly sets: Map<string, RecordSet>;
  /** Bytes held by the keys. */
  readonly bytes: number;
  /** Problems found in each file read (all of them, also those past the list's limit). */
  readonly problemsByFile: number[];
}

/** Records in files of kind k, from their sizes (0 when a size is unknown). */
function expectedRecords(files: readonly ClaimFile[], k: string): number {
  const fs = files.filter((f) => f.kind === k);
  return fs.every((f) => f.size >= 0) ? fs.reduce((n, f) => n + Math.ceil(f.size / (RECORD_LENGTH[k]! + 1)), 0) : 0;
}

/** Read the claim files (newest first), or this thread's part of them. */
export async function readClaimFiles(ctx: ClaimContext, files: readonly ClaimFile[], part: ClaimPart = {}): Promise<ClaimPartResult> {
  const share = part.share ?? 0;
  const shares = part.shares ?? 1;
  const sets = new Map<string, RecordSet>();
  for (const k of ['1', '5', '6']) {
    const expected = expectedRecords(files, k);
    sets.set(k, new RecordSet(Math.ceil(expected / shares)));
  }
  const problemsByFile: number[] = [];
  const problemCount = (): number => ctx.problems.list.length + ctx.problems.more;
  for (const f of files) {
    const before = problemCount();
    const length = RECORD_LENGTH[f.kind]!;
    // a long line is reported by the first share only
    const log = part.onLog ? new ClaimLog(expectedRecords([f], f.kind)) : undefined;
    const feeder = new LineFeeder(length, claimLineReader(ctx, f.kind as '1' | '5' | '6', f.display, sets.get(f.kind)!, share, shares, log), (b, s, e, line) => {
      if (share === 0) longProblem(ctx.problems, f.display, f.kind, length, b, s, e, line);
    });
    await pumpFile(f, (c) => feeder.feed(c));
    feeder.end();
    if (log) part.onLog!(f.kind, log.data());
    problemsByFile.push(problemCount() - before);
    if (ctx.problems.full) break;
  }
  let bytes = 0;
  for (const s of sets.values()) bytes += s.bytes;
  return { sets, bytes, problemsByFile };
}

/** A claim file's bytes, or for a gzip file (its size unknown before it is read) 4 times its compressed size. */
const weight = (f: ClaimFile): number => (f.size >= 0 ? f.size : 4 * f.stored);

/** Claim files of at least this many bytes (by weight()) are read by two threads unless told otherwise. */
export const CCLF_PARALLEL_MIN_BYTES = 64 << 20;

/** The threads the claim files get unless told: 2 from CCLF_PARALLEL_MIN_BYTES, else 1. */
export function defaultThreads(files: readonly ClaimFile[]): 1 | 2 {
  return files.reduce((n, f) => n + weight(f), 0) >= CCLF_PARALLEL_MIN_BYTES ? 2 : 1;
}

/**
 * Where to cut the claim files (newest first) between the threads: the index of the first file the
 * worker reads, so that the main thread's files (before it) hold about `mainShare` of the bytes; or
 * -1 when every cut leaves either side with less than `least` of them (bytes by weight()).
 */
export function cutByFile(files: readonly ClaimFile[], mainShare: number, least: number): number {
  const total = files.reduce((n, f) => n + weight(f), 0);
  if (total === 0) return -1;
  let best = -1;
  let bestGap = Infinity;
  let before = 0;
  for (let i = 1; i < files.length; i++) {
    before += weight(files[i - 1]!);
    const gap = Math.abs(before / total - mainShare);
    if (gap < bestGap && before / total >= least && 1 - before / total >= least) {
      best = i;
      bestGap = gap;
    }
  }
  return best;
}
