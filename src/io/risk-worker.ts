// A worker thread's share of a `dcsim risk` run: trials [from, to) of the job, through the same pure
// runTrials() as the main thread (trial t draws from stream t, so the split changes no number).
// The rows arrive on SharedArrayBuffers (no copy); the results go back as a transferred buffer.
import { parentPort, workerData } from 'node:worker_threads';
import { runTrials, type RiskJob } from '../risk/trials.js';

export interface TrialRange {
  readonly job: RiskJob;
  readonly from: number;
  readonly to: number;
}

const { job, from, to } = workerData as TrialRange;
try {
  const results = runTrials(job, from, to);
  parentPort!.postMessage({ ok: true, results }, [results.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({ ok: false, message: (e as Error).message });
}
