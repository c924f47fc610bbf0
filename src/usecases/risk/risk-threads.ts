// Running a risk job's trials on one thread or two: the transport only. Both threads take chunks of
// trials from a shared board as they free up (risk/trials.ts), the worker (risk-worker.ts) starting
// with the last chunk, which is kept for it; each trial lands at its own place in shared results, so
// the output is the same bytes whatever the thread count. Without a built worker file (running from
// sources), or when the worker cannot start or fails, this thread runs what is left and says so.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TrialRunner } from './risk.js';
import { CHUNK, runClaimedYielding, runLeftovers, trialBoard, type RiskJob } from './trials.js';

const WORKER = new URL('./risk-worker.js', import.meta.url);

export interface RunnerOptions {
  /** 1 or 2; default: 2 when the machine has two cores */
  readonly threads?: number;
  /** trials claimed so far, of the total */
  readonly onProgress?: (done: number, total: number) => void;
  /** the worker script (tests point at the built one) */
  readonly workerUrl?: URL;
}

type WorkerReply = { ok: true; ran: number } | { ok: false; message: string };

export function trialRunner(opts: RunnerOptions = {}): TrialRunner {
  return async (job: RiskJob, trials: number) => {
    const want = opts.threads ?? Math.min(2, availableParallelism());
    // The worker is compiled JavaScript: run from the TypeScript sources (a test), there is none to start.
    const url = opts.workerUrl ?? (import.meta.url.endsWith('.js') ? WORKER : undefined);
    const progress = opts.onProgress;
    const tick = progress ? (k: number) => progress(k, trials) : undefined;
    let worker: Worker | undefined;
    if (want >= 2 && trials > CHUNK && url) {
      const board = trialBoard(job, trials, true);
      try {
        worker = new Worker(url, { workerData: { job, board } });
      } catch {
        worker = undefined;
      }
      if (worker) {
        const w = worker;
        const reply = new Promise<WorkerReply>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`the risk worker exited with code ${code}`)));
        });
        await runClaimedYielding(job, board, false, tick);
        let theirs = 0;
        try {
          const r = await reply;
          if (r.ok) theirs = r.ran;
        } catch {
          theirs = 0;
        } finally {
          void w.terminate();
        }
        // anything a failed worker left (its kept chunk, a claimed chunk) runs here: same streams, same numbers
        runLeftovers(job, board);
        return { results: board.results, threads: theirs > 0 ? 2 : 1 };
      }
      // the worker did not start: this thread runs everything, the kept chunk included
      await runClaimedYielding(job, board, true, tick);
      runLeftovers(job, board);
      return { results: board.results, threads: 1 };
    }
    const board = trialBoard(job, trials, false);
    await runClaimedYielding(job, board, false, tick);
    return { results: board.results, threads: 1 };
  };
}
