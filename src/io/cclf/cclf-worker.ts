// A worker thread's part of the claims phase (claim-files.ts): the same tables as the main thread
// (the MBI lookup, the beneficiary of each MBI id, the pairs' layout, the participant list and
// codes), its own duplicate keys and sums, posted back when done; when it reads the older files, each
// file's log is posted as soon as the file is read.
import { parentPort } from 'node:worker_threads';
import type { Diagnostic } from '../../domain/errors.js';
import { CclfBook, type CclfCounts } from '../../domain/cclf/book.js';
import { MbiInterner } from '../../domain/cclf/keys.js';
import type { ClaimLogData } from './claim-log.js';
import { readClaimFiles, type ClaimFile } from './claim-files.js';
import { ProviderIndex } from './providers.js';
import { Problems, type ParticipantRow } from './side.js';

export interface ClaimJob {
  readonly files: readonly ClaimFile[];
  /** 'files': this thread reads the older files and posts their logs; 'keys': share 1 of 2 by key. */
  readonly split: 'files' | 'keys';
  readonly asOf: number;
  readonly maxErrors: number;
  readonly interner: { cap: number; slots: Int32Array; byText: [string, number][] };
  readonly firstPairOfId: Int32Array;
  readonly layout: { benePairStart: Int32Array; pairInfo: Int32Array };
  readonly participants: readonly ParticipantRow[];
  readonly codes: readonly string[];
  readonly excludeImeDshUcc: boolean;
  readonly addBackA?: Map<number, number>;
  readonly addBackB?: Map<string, number>;
}

export interface ClaimResult {
  /** The book's pair blocks (sums and info; merge() adds the sums). */
  readonly blocks: Float64Array;
  readonly counts: CclfCounts;
  readonly problems: readonly Diagnostic[];
  readonly more: number;
  readonly problemsByFile: readonly number[];
  readonly bytes: number;
}

/** The worker's messages: each file's log (split by file), then the result. */
export type ClaimMessage = { readonly log: ClaimLogData; readonly kind: string } | { readonly result: ClaimResult };

// the job comes as the first message (the main thread starts this thread before the job is ready)
const job = await new Promise<ClaimJob>((resolve) => parentPort!.once('message', resolve));
const book = new CclfBook(job.asOf);
book.adopt(job.layout);
const problems = new Problems(job.maxErrors);
const r = await readClaimFiles({
  book, interner: MbiInterner.fromLookupState(job.interner), firstPairOfId: job.firstPairOfId,
  providers: new ProviderIndex(job.participants, job.codes), problems, excludeImeDshUcc: job.excludeImeDshUcc,
  ...(job.addBackA ? { addBackA: job.addBackA } : {}), ...(job.addBackB ? { addBackB: job.addBackB } : {}),
}, job.files, job.split === 'keys' ? { share: 1, shares: 2 } : {
  onLog: (kind, log) => {
    const m: ClaimMessage = { kind, log };
    parentPort!.postMessage(m, [log.ids, log.lines, log.outcomes, log.cents].map((a) => a.buffer as ArrayBuffer));
  },
});
const out: ClaimMessage = { result: { blocks: book.blocks, counts: book.counts, problems: problems.list, more: problems.more, problemsByFile: r.problemsByFile, bytes: r.bytes } };
parentPort!.postMessage(out, [book.blocks.buffer as ArrayBuffer]);
