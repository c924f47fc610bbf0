// The bootstrap's trials: draw, sum, settle through the one kernel. Pure (no I/O, no threads of its
// own): each thread takes chunks of trials from a shared board (runClaimed), and because trial t
// always draws from stream t (prng.ts) and is written at its own place, any split gives the same
// numbers. runTrials() runs a plain range, for tests and one thread.
//
// Within a trial, PYs are taken in ascending order; for each PY the stream gives first the trend
// shock's normal deviate (only when trend_sd > 0), then the n row indices.
import { dataError } from '../../domain/errors.js';
import { settleYear, type YearRules, type YearSums } from '../../engines/kernel.js';
import { normal, streamAt, threshold, Xoshiro128pp } from './prng.js';
import { drawCounts, FACTOR_SCALE, sumsOf, type PyTable } from './sample.js';

/** Per (trial, PY, option): benchmark, expenditure, savings, shared savings, settlement, in cents. */
export const FIELDS = ['benchmark', 'expenditure', 'savings', 'shared_savings', 'settlement'] as const;
export const F_SAVINGS = 2;
export const F_SETTLEMENT = 4;

export interface RiskJob {
  readonly tables: readonly PyTable[];
  /** rules[y][o]: PY y (as in tables), option o */
  readonly rules: readonly (readonly YearRules[])[];
  /** decimal text of a 64-bit seed (a BigInt does not cross every transport) */
  readonly seed: string;
  /** F of the trend factor at ε = trend_shift: (1 + trend_shift) × 10^12, an integer */
  readonly shiftFactor: number;
  /** trend_sd × 10^12 (0: no shock is drawn) */
  readonly sdFactor: number;
  /** stop-loss attachment points, cents */
  readonly attachments: readonly number[];
}

export function resultSize(job: RiskJob, trials: number): number {
  return trials * job.tables.length * (job.rules[0]?.length ?? 0) * FIELDS.length;
}

function cents(x: bigint): number {
  const v = Number(x);
  if (!Number.isSafeInteger(v)) throw dataError(`risk: a trial's amount ${x} cents is beyond what the statistics hold exactly`);
  return v;
}

/** The settlement lines a trial keeps, written at out[at..at+5). */
function record(out: Float64Array, at: number, sums: YearSums, rules: YearRules): void {
  const l = settleYear(sums, rules);
  out[at] = cents(l.benchmark);
  out[at + 1] = cents(l.expenditure);
  out[at + 2] = cents(l.savings);
  out[at + 3] = cents(l.sharedSavings);
  out[at + 4] = cents(l.settlement);
}

/** The data itself (every row once, no shock), settled per PY and option: the `on_data` figures. */
export function onData(job: RiskJob): Float64Array {
  const out = new Float64Array(resultSize(job, 1));
  const O = job.rules[0]?.length ?? 0;
  job.tables.forEach((t, y) => {
    const sums = sumsOf(t, new Uint32Array(t.n).fill(1), null, job.attachments);
    job.rules[y]!.forEach((r, o) => record(out, (y * O + o) * FIELDS.length, sums, r));
  });
  return out;
}

/** One thread's scratch space: draw counts per PY and the PYs' draw bounds. */
class Scratch {
  readonly counts: Uint32Array[];
  readonly bounds: number[];
  constructor(job: RiskJob) {
    this.counts = job.tables.map((t) => new Uint32Array(Math.max(1, t.n)));
    this.bounds = job.tables.map((t) => (t.n > 0 ? threshold(t.n) : 0));
  }
}

/** One trial from its stream `g`, written at out[at..at + P × O × 5). */
function runTrial(job: RiskJob, g: Xoshiro128pp, sc: Scratch, out: Float64Array, at: number): void {
  const O = job.rules[0]?.length ?? 0;
  job.tables.forEach((t, y) => {
    let F: number | null = job.shiftFactor === FACTOR_SCALE ? null : job.shiftFactor;
    if (job.sdFactor > 0) F = Math.max(0, job.shiftFactor + Math.round(job.sdFactor * normal(g)));
    const cnt = sc.counts[y]!;
    if (t.n > 0) drawCounts(g, t.n, sc.bounds[y]!, cnt);
    const sums = sumsOf(t, cnt, F, job.attachments);
    cnt.fill(0);
    const rules = job.rules[y]!;
    for (let o = 0; o < O; o++) record(out, at + (y * O + o) * FIELDS.length, sums, rules[o]!);
  });
}

/**
 * Trials [from, to) into a Float64Array laid out [trial - from][PY][option][field]. `tick(k)` is called
 * after each trial with the number done so far.
 */
export function runTrials(job: RiskJob, from: number, to: number, tick?: (done: number) => void): Float64Array {
  const W = resultSize(job, 1);
  const out = new Float64Array(resultSize(job, to - from));
  const sc = new Scratch(job);
  const start = streamAt(BigInt(job.seed), from);
  for (let tr = from; tr < to; tr++) {
    runTrial(job, start.clone(), sc, out, (tr - from) * W);
    start.jump();
    tick?.(tr - from + 1);
  }
  return out;
}

/**
 * Shared bookkeeping for threads that take trials in chunks as they free up (so a thread slowed by
 * a busy machine does less, not the run): every trial's stream start, a claim counter, a done flag
 * per trial and the results, all on shared memory. Trial t still draws from stream t and lands at
 * its own place, so who ran it changes nothing. The last chunk is kept for the worker thread.
 */
export interface TrialBoard {
  readonly trials: number;
  /** the first trial of the kept chunk: the shared counter runs over [0, reserved) */
  readonly reserved: number;
  /** 4 state words per trial */
  readonly states: Int32Array;
  readonly next: Int32Array;
  readonly done: Uint8Array;
  readonly results: Float64Array;
}

export const CHUNK = 4;

export function trialBoard(job: RiskJob, trials: number, keepLast: boolean): TrialBoard {
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  const states = new Int32Array(sab(trials * 16));
  const g = streamAt(BigInt(job.seed), 0);
  for (let t = 0; t < trials; t++) {
    states.set(g.state(), t * 4);
    g.jump();
  }
  return {
    trials,
    reserved: keepLast ? Math.max(0, trials - CHUNK) : trials,
    states,
    next: new Int32Array(sab(4)),
    done: new Uint8Array(sab(trials)),
    results: new Float64Array(sab(resultSize(job, trials) * 8)),
  };
}

function runOn(job: RiskJob, b: TrialBoard, sc: Scratch, from: number, to: number): void {
  const W = resultSize(job, 1);
  for (let t = from; t < to; t++) {
    const g = new Xoshiro128pp();
    g.setState([b.states[t * 4]!, b.states[t * 4 + 1]!, b.states[t * 4 + 2]!, b.states[t * 4 + 3]!]);
    runTrial(job, g, sc, b.results, t * W);
    Atomics.store(b.done, t, 1);
  }
}

/**
 * Take chunks of trials from the board until none is left (`kept`: first run the reserved last
 * chunk); returns how many trials this thread ran. `tick(claimed)` after each chunk.
 */
export function runClaimed(job: RiskJob, b: TrialBoard, kept: boolean, tick?: (claimed: number) => void): number {
  const sc = new Scratch(job);
  let ran = runKept(job, b, sc, kept);
  for (let n: number; (n = runNextChunk(job, b, sc, tick)) >= 0; ) ran += n;
  return ran;
}

/** The reserved last chunk, when this thread keeps it: how many trials it ran. */
function runKept(job: RiskJob, b: TrialBoard, sc: Scratch, kept: boolean): number {
  if (!kept || b.reserved >= b.trials) return 0;
  runOn(job, b, sc, b.reserved, b.trials);
  return b.trials - b.reserved;
}

/** Claim and run the board's next chunk: how many trials it ran, or -1 when none is left. */
function runNextChunk(job: RiskJob, b: TrialBoard, sc: Scratch, tick?: (claimed: number) => void): number {
  const from = Atomics.add(b.next, 0, CHUNK);
  if (from >= b.reserved) return -1;
  const to = Math.min(b.reserved, from + CHUNK);
  runOn(job, b, sc, from, to);
  tick?.(Math.min(b.reserved, Atomics.load(b.next, 0)));
  return to - from;
}

/** How long the main thread computes before it lets the event loop run (a signal handler act). */
export const YIELD_MS = 50;

/**
 * runClaimed on the main thread: the same chunks, and every YIELD_MS it awaits the event loop
 * (setImmediate), so Ctrl-C or a SIGTERM during a long run is acted on within a fraction of a second.
 */
export async function runClaimedYielding(job: RiskJob, b: TrialBoard, kept: boolean, tick?: (claimed: number) => void): Promise<number> {
  const sc = new Scratch(job);
  let ran = runKept(job, b, sc, kept);
  let last = Date.now();
  for (let n: number; (n = runNextChunk(job, b, sc, tick)) >= 0; ) {
    ran += n;
    if (Date.now() - last >= YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      last = Date.now();
    }
  }
  return ran;
}

/** After the threads: run here any trial not marked done (a worker that failed). Returns how many. */
export function runLeftovers(job: RiskJob, b: TrialBoard): number {
  const sc = new Scratch(job);
  let ran = 0;
  for (let t = 0; t < b.trials; t++) {
    if (Atomics.load(b.done, t) === 1) continue;
    runOn(job, b, sc, t, t + 1);
    ran++;
  }
  return ran;
}
