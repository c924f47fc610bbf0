// The claims phase (CCLF1, 5, 6, newest file first), as one thread's share: the main thread runs it
// alone, or with a worker (cclf-worker.ts) that runs the other share of the same files. Shares are
// by (CUR_CLM_UNIQ_ID + CLM_LINE_NUM) modulo the number of threads, so every copy of a record falls
// to one thread and the duplicate rule holds within it; each thread adds into its own sums, which
// are added together at the end (exact: integer cents below 2^53).
import { RecordSet } from '../../domain/cclf/keys.js';
import { claimLineReader, longProblem, type ClaimContext } from './claims.js';
import { pumpFile, type CclfFile } from './folder.js';
import { RECORD_LENGTH } from './layout.js';
import { LineFeeder } from './lines.js';

/** A claim file, as the main thread hands it to a worker. */
export type ClaimFile = CclfFile;

/** Read the claim files (newest first) for share `share` of `shares`; returns the key tables' bytes. */
export async function readClaimFiles(ctx: ClaimContext, files: readonly ClaimFile[], share = 0, shares = 1): Promise<number> {
  const sets = new Map<string, RecordSet>();
  for (const k of ['1', '5', '6']) {
    const fs = files.filter((f) => f.kind === k);
    const known = fs.every((f) => f.size >= 0);
    const expected = known ? fs.reduce((n, f) => n + Math.ceil(f.size / (RECORD_LENGTH[k]! + 1)), 0) : 0;
    sets.set(k, new RecordSet(Math.ceil(expected / shares)));
  }
  for (const f of files) {
    const length = RECORD_LENGTH[f.kind]!;
    // a long line is reported by the first share only
    const feeder = new LineFeeder(length, claimLineReader(ctx, f.kind as '1' | '5' | '6', f.display, sets.get(f.kind)!, share, shares), (b, s, e, line) => {
      if (share === 0) longProblem(ctx.problems, f.display, f.kind, length, b, s, e, line);
    });
    await pumpFile(f, (c) => feeder.feed(c));
    feeder.end();
    if (ctx.problems.full) break;
  }
  let bytes = 0;
  for (const s of sets.values()) bytes += s.bytes;
  return bytes;
}
