// The claims phase's worker thread, as the main thread holds it: listened to from the moment it is
// started (a message or an error with no listener yet would be lost), its files' logs kept until
// the main thread's own keys are all in, then taken back as they come (claim-log.ts).
import { Worker } from 'node:worker_threads';
import type { CclfBook } from '../../domain/cclf/book.js';
import type { RecordSet } from '../../domain/cclf/keys.js';
import { retractLogged, type ClaimLogData } from './claim-log.js';
import type { ClaimJob, ClaimMessage, ClaimResult } from './cclf-worker.js';

export class ClaimWorker {
  private readonly worker: Worker;
  private readonly waiting: { kind: string; log: ClaimLogData }[] = [];
  private newer: { book: CclfBook; sets: Map<string, RecordSet> } | undefined;
  private taken = 0;
  /** The worker's sums, counts and problems, once it is done. */
  readonly result: Promise<ClaimResult>;

  constructor(url: URL) {
    this.worker = new Worker(url);
    this.result = new Promise<ClaimResult>((resolve, reject) => {
      this.worker.on('message', (m: ClaimMessage) => {
        if ('result' in m) resolve(m.result);
        else if (this.newer) this.take(m);
        else this.waiting.push(m);
      });
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`the CCLF worker thread stopped (exit ${code})`)));
    });
    // (when the main thread fails first, nobody waits for the result: terminate() ends it)
    this.result.catch(() => undefined);
  }

  /** Give the worker its job (it boots meanwhile and waits for this). */
  start(job: ClaimJob): void {
    this.worker.postMessage(job);
  }

  /** The main thread's keys are all in: take back the logged records they hold, now and as logs come. */
  keysIn(book: CclfBook, sets: Map<string, RecordSet>): void {
    this.newer = { book, sets };
    for (const m of this.waiting.splice(0)) this.take(m);
  }

  /** Records taken back so far. */
  get retracted(): number {
    return this.taken;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private take(m: { kind: string; log: ClaimLogData }): void {
    this.taken += retractLogged(this.newer!.book, m.log, this.newer!.sets.get(m.kind)!);
  }
}
