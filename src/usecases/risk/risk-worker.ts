// A worker thread's share of a `dcsim risk` run: the kept last chunk of trials, then chunks claimed
// from the shared board as it frees up, through the same pure code as the main thread (trial t draws
// from stream t and is written at its own place, so the split changes no number). The rows, the
// board and the results are on SharedArrayBuffers: nothing is copied back.
import { parentPort, workerData } from 'node:worker_threads';
import { runClaimed, type RiskJob, type TrialBoard } from './trials.js';

export interface WorkerJob {
  readonly job: RiskJob;
  readonly board: TrialBoard;
}

const { job, board } = workerData as WorkerJob;
try {
  parentPort!.postMessage({ ok: true, ran: runClaimed(job, board, true) });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: (e as Error).message });
}
