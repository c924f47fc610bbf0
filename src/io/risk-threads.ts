// Running a risk job's trials on one thread or two: the transport only. This thread takes trials
// [0, mid) and a worker thread (risk-worker.ts) takes [mid, N); the results are joined in trial
// order, so the output is the same bytes whatever the thread count. Without a built worker file
// (running from sources) or when the worker cannot start, this thread runs every trial and says so.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrialRunner } from '../risk/risk.js';
import { resultSize, runTrials, type RiskJob } from '../risk/trials.js';

const WORKER = new URL('./risk-worker.js', import.meta.url);

export interface RunnerOptions {
  /** 1 or 2; default: 2 when the machine has two cores */
  readonly threads?: number;
  /** trials done so far (this thread's count scaled to all threads), after each trial */
  readonly onProgress?: (done: number, total: number) => void;
  /** the worker script (tests point at the built one) */
  readonly workerUrl?: URL;
}

type WorkerReply = { ok: true; results: Float64Array } | { ok: false; message: string };

export function trialRunner(opts: RunnerOptions = {}): TrialRunner {
  return async (job: RiskJob, trials: number) => {
    const want = opts.threads ?? Math.min(2, availableParallelism());
    const url = opts.workerUrl ?? WORKER;
    const progress = opts.onProgress;
    if (want < 2 || trials < 2 || !existsSync(fileURLToPath(url))) {
      return { results: runTrials(job, 0, trials, progress ? (k) => progress(k, trials) : undefined), threads: 1 };
    }
    const mid = Math.ceil(trials / 2);
    let worker: Worker;
    try {
      worker = new Worker(url, { workerData: { job, from: mid, to: trials } });
    } catch {
      return { results: runTrials(job, 0, trials, progress ? (k) => progress(k, trials) : undefined), threads: 1 };
    }
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the risk worker exited with code ${code}`)));
    });
    const scale = trials / mid;
    const mine = runTrials(job, 0, mid, progress ? (k) => progress(Math.min(trials, Math.round(k * scale)), trials) : undefined);
    let theirs: Float64Array;
    let threads = 2;
    try {
      const r = await reply;
      if (!r.ok) throw new Error(r.message);
      theirs = r.results;
    } catch {
      // the worker failed: this thread runs its share (same streams, same numbers)
      theirs = runTrials(job, mid, trials);
      threads = 1;
    } finally {
      void worker.terminate();
    }
    const results = new Float64Array(resultSize(job, trials));
    results.set(mine, 0);
    results.set(theirs, mine.length);
    return { results, threads };
  };
}
