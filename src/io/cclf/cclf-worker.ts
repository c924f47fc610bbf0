// A worker thread's share of the claims phase (claim-files.ts): the same files and tables as the
// main thread (the MBI lookup, the beneficiary of each MBI id, the pairs' layout, the participant
// list and codes), its own duplicate keys and sums, posted back when done.
import { parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../../domain/errors.js';
import { CclfBook, type CclfCounts } from '../../domain/cclf/book.js';
import { MbiInterner } from '../../domain/cclf/keys.js';
import { readClaimFiles, type ClaimFile } from './claim-files.js';
import { ProviderIndex } from './providers.js';
import { Problems, type ParticipantRow } from './side.js';

export interface ClaimJob {
  readonly files: readonly ClaimFile[];
  readonly share: number;
  readonly shares: number;
  readonly asOf: number;
  readonly maxErrors: number;
  readonly interner: { cap: number; slots: Int32Array; byText: [string, number][] };
  readonly beneOfId: Int32Array;
  readonly layout: { benePairStart: Int32Array; pairInfo: Int32Array };
  readonly participants: readonly ParticipantRow[];
  readonly codes: readonly string[];
  readonly excludeImeDshUcc: boolean;
  readonly addBackA?: Map<number, number>;
  readonly addBackB?: Map<string, number>;
}

export interface ClaimResult {
  readonly sums: Float64Array;
  readonly counts: CclfCounts;
  readonly problems: readonly Diagnostic[];
  readonly more: number;
  readonly keyBytes: number;
}

const job = workerData as ClaimJob;
const book = new CclfBook(job.asOf);
book.adopt(job.layout);
const problems = new Problems(job.maxErrors);
const keyBytes = await readClaimFiles({
  book, interner: MbiInterner.fromLookupState(job.interner), beneOfId: job.beneOfId,
  providers: new ProviderIndex(job.participants, job.codes), problems, excludeImeDshUcc: job.excludeImeDshUcc,
  ...(job.addBackA ? { addBackA: job.addBackA } : {}), ...(job.addBackB ? { addBackB: job.addBackB } : {}),
}, job.files, job.share, job.shares);
const out: ClaimResult = { sums: book.sums, counts: book.counts, problems: problems.list, more: problems.more, keyBytes };
parentPort!.postMessage(out, [book.sums.buffer as ArrayBuffer]);
